using System.Xml.Linq;
using Tandem.Connectors.Ews.Mapping;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;
using Tandem.Testing;
using Xunit.Abstractions;
using Tandem.Testing.Items;
using Tandem.Testing.Ews;

namespace Tandem.Connectors.Ews.Tests;

public sealed class MappingTests(ITestOutputHelper output)
{
    /// <summary>Random rules in the forms Outlook (and so EWS) can express read back equal.</summary>
    [Fact]
    public void Recurrence_RandomOutlookRules_RoundTripThroughXml()
    {
        var seed = TestSeed.Announce(output);
        var random = new Random(seed);
        var start = new DateOnly(2026, 3, 2);
        for (var i = 0; i < 500; i++)
        {
            var rule = RandomRule(random);
            var xml = RecurrenceMapper.ToXml(rule, start);
            var errors = EwsSchema.ErrorsOf(Operations.ItemRequests.CreateItem(ItemKind.Event, Operations.FolderAddress.Named("calendar"), [new XElement(Ns.T + "CalendarItem", xml)]));
            Assert.True(errors.Count == 0, $"seed {seed}: invalid {xml}: {string.Join("; ", errors)}");
            var back = RecurrenceMapper.FromXml(xml, ItemTime.Date);
            Assert.True(rule == back, $"seed {seed}: {Describe(rule)} read back as {Describe(back)}");
        }
    }

    private static RecurrenceRule RandomRule(Random r)
    {
        var days = Enum.GetValues<DayOfWeek>();
        var rule = r.Next(6) switch
        {
            0 => new RecurrenceRule { Frequency = Frequency.Daily, Interval = r.Next(1, 10) },
            1 => new RecurrenceRule
            {
                Frequency = Frequency.Weekly,
                Interval = r.Next(1, 5),
                ByDay = days.Where(_ => r.Next(3) == 0).DefaultIfEmpty(DayOfWeek.Tuesday).Select(d => new WeekdayNum(d)).ToValueList(),
                WeekStart = r.Next(2) == 0 ? DayOfWeek.Monday : DayOfWeek.Sunday,
            },
            2 => new RecurrenceRule { Frequency = Frequency.Monthly, Interval = r.Next(1, 13), ByMonthDay = [r.Next(1, 29)] },
            3 => new RecurrenceRule { Frequency = Frequency.Monthly, Interval = r.Next(1, 13), ByDay = [new WeekdayNum(days[r.Next(7)], r.Next(5) is var o && o == 0 ? -1 : o)] },
            4 => new RecurrenceRule { Frequency = Frequency.Yearly, ByMonth = [r.Next(1, 13)], ByMonthDay = [r.Next(1, 29)] },
            _ => new RecurrenceRule { Frequency = Frequency.Yearly, ByMonth = [r.Next(1, 13)], ByDay = [new WeekdayNum(days[r.Next(7)], r.Next(5) is var p && p == 0 ? -1 : p)] },
        };
        return r.Next(3) switch
        {
            0 => rule with { Count = r.Next(1, 100) },
            1 => rule with { Until = ItemTime.Date(new DateOnly(2027, r.Next(1, 13), r.Next(1, 29))) },
            _ => rule,
        };
    }

    private static string Describe(RecurrenceRule? rule) => rule is null ? "null"
        : $"{rule.Frequency}/{rule.Interval} days[{string.Join(',', rule.ByDay.Select(d => d.Ordinal + "" + d.Day))}] md[{string.Join(',', rule.ByMonthDay)}] m[{string.Join(',', rule.ByMonth)}] count {rule.Count} until {rule.Until} wkst {rule.WeekStart}";

    [Theory]
    [InlineData("Europe/Berlin", "W. Europe Standard Time")]
    [InlineData("America/New_York", "Eastern Standard Time")]
    [InlineData(ItemTime.Utc, "UTC")]
    [InlineData(null, "UTC")]
    public void TimeZones_IanaToWindowsAndBack_AreInverse(string? iana, string windows)
    {
        Assert.Equal(windows, EwsTimeZones.ToWindows(iana));
        Assert.Equal(iana ?? ItemTime.Utc, EwsTimeZones.ToIana(windows));
    }

    [Fact]
    public void EventFields_ZonedStart_WrittenAsUtcInstantWithWindowsZone()
    {
        var fields = ItemMapper.ToCreateElement(SampleItems.RecurringEvent(), null);
        Assert.Equal("2026-03-02T08:30:00Z", fields.Element(Ns.T + "Start")!.Value); // 09:30 CET
        Assert.Equal("W. Europe Standard Time", (string?)fields.Element(Ns.T + "StartTimeZone")!.Attribute("Id"));
        Assert.Null(fields.Element(Ns.T + "Organizer"));
    }

    [Fact]
    public void EventFields_FilesOwnZone_WrittenAsTimeZoneDefinitionThatReadsBackToTheSameOffsets()
    {
        var zone = SampleZones.Isles();
        var e = new Event { Subject = "Ferry", Start = new ItemTime(new DateTime(2026, 1, 5, 7, 15, 0), zone), End = new ItemTime(new DateTime(2026, 1, 5, 8, 0, 0), zone) };
        var fields = ItemMapper.ToCreateElement(e, null);
        var definition = fields.Element(Ns.T + "StartTimeZone")!;
        Assert.Equal("/custom/Atlantic/Isles", (string?)definition.Attribute("Id"));
        Assert.Equal(["-PT1H30M", "-PT30M"], definition.Descendants(Ns.T + "Period").Select(p => (string)p.Attribute("Bias")!).Order(StringComparer.Ordinal));
        // a group per stretch of years with the same changes (2026: back on the third Sunday of October; 2027 and 2028: the
        // last), then winter time for good
        Assert.Equal(["2027-01-01T00:00:00", "2029-01-01T00:00:00"], definition.Descendants(Ns.T + "AbsoluteDateTransition").Select(a => a.Element(Ns.T + "DateTime")!.Value));
        Assert.Empty(EwsSchema.ErrorsOf(Operations.ItemRequests.CreateItem(ItemKind.Event, Operations.FolderAddress.Named("calendar"), [fields])));

        var read = EwsZoneDefinition.Read(definition, null, 2026);
        Assert.True(Core.TimeZones.ExchangeZones.IsCustom(read), read);
        for (var t = new DateTime(2026, 1, 1, 0, 30, 0, DateTimeKind.Utc); t.Year < 2031; t = t.AddHours(5))
        {
            Assert.Equal(new ItemTime(t, zone).ToInstant().Offset, new ItemTime(t, read).ToInstant().Offset);
        }
    }

    [Fact]
    public void ReadEvent_DefinitionUnderAWindowsId_ReadByTheId()
    {
        var fields = ItemMapper.ToCreateElement(SampleItems.RecurringEvent(), null);
        var zone = new XElement(Ns.T + "StartTimeZone", new XAttribute("Id", "W. Europe Standard Time"), new XElement(Ns.T + "Periods"));
        Assert.Equal("Europe/Berlin", EwsZoneDefinition.Read(zone, null, 2026));
        Assert.Equal("Europe/Berlin", EwsZoneDefinition.Read(fields.Element(Ns.T + "StartTimeZone"), null, 2026));
    }

    [Fact]
    public void ReadContact_ExchangeShapes_ReadsSmtpPrefixedAddressesAndCompleteName()
    {
        XNamespace t = Ns.T;
        var x = new XElement(t + "Contact",
            new XElement(t + "ItemId", new XAttribute("Id", "A"), new XAttribute("ChangeKey", "B")),
            new XElement(t + "CompleteName", new XElement(t + "Title", "Prof."), new XElement(t + "Suffix", "III")),
            new XElement(t + "EmailAddresses",
                new XElement(t + "Entry", new XAttribute("Key", "EmailAddress2"), "second@x.test"),
                new XElement(t + "Entry", new XAttribute("Key", "EmailAddress1"), "SMTP:first@x.test")),
            new XElement(t + "Birthday", "1990-05-31T22:00:00Z"));
        var read = (Contact)ItemMapper.FromXml(ItemKind.Contact, x, out _).Item!;
        Assert.Equal(["first@x.test", "second@x.test"], read.Emails.Select(e => e.Address));
        Assert.Equal("Prof.", read.NamePrefix);
        Assert.Equal("III", read.NameSuffix);
        Assert.Equal(new DateOnly(1990, 6, 1), read.Birthday); // local midnight stored in UTC is read as the day meant
    }

    [Fact]
    public void ReadEvent_UnknownTimeZone_BecomesParseErrorNotException()
    {
        XNamespace t = Ns.T;
        var x = new XElement(t + "CalendarItem",
            new XElement(t + "ItemId", new XAttribute("Id", "A"), new XAttribute("ChangeKey", "B")),
            new XElement(t + "Start", "not a date"));
        var read = ItemMapper.FromXml(ItemKind.Event, x, out _);
        Assert.Null(read.Item);
        Assert.Contains("A", read.ParseError, StringComparison.Ordinal);
    }
}
