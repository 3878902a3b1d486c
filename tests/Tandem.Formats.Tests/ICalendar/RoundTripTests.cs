using Tandem.Core.Items;
using Tandem.Formats.ICalendar;
using Tandem.Testing.Time;

namespace Tandem.Formats.Tests.ICalendar;

public sealed class RoundTripTests
{
    public static TheoryData<string> GoodFiles() => new(TestFiles.CorpusFiles().Where(f => !f.StartsWith("broken", StringComparison.Ordinal)));

    [Theory]
    [MemberData(nameof(GoodFiles))]
    public void WriteAll_CorpusFile_ReadsBackEqualIncludingExtras(string name)
    {
        var first = ICalendarCodec.ReadAll(TestFiles.ReadCorpus(name), name);
        var written = ICalendarCodec.WriteAll(first);
        var second = ICalendarCodec.ReadAll(written, "rewritten-" + name);
        Assert.Equal(first.Count, second.Count);
        for (var i = 0; i < first.Count; i++) Assert.Equal(first[i], second[i]);
    }

    [Theory]
    [MemberData(nameof(GoodFiles))]
    public void WriteAll_CorpusFile_IsStableOnSecondWrite(string name)
    {
        var clock = new TestClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var once = ICalendarCodec.WriteAll(ICalendarCodec.ReadAll(TestFiles.ReadCorpus(name)), clock);
        var twice = ICalendarCodec.WriteAll(ICalendarCodec.ReadAll(once), clock);
        Assert.Equal(once, twice);
    }

    [Fact]
    public void Write_ZonedEvent_EmitsOneVTimeZonePerZoneUsed()
    {
        var e = new Event
        {
            Uid = "z1",
            Subject = "Two zones",
            Start = new ItemTime(new DateTime(2026, 3, 2, 9, 0, 0), "Europe/Berlin"),
            End = new ItemTime(new DateTime(2026, 3, 2, 11, 0, 0), "America/New_York"),
            Recurrence = new RecurrenceRule { Frequency = Frequency.Weekly, Count = 10 },
            DeletedOccurrences = [new ItemTime(new DateTime(2026, 3, 9, 9, 0, 0), "Europe/Berlin")],
        };
        var text = ICalendarCodec.Write(e);
        Assert.Equal(2, CountOf(text, "BEGIN:VTIMEZONE"));
        Assert.Contains("TZID:Europe/Berlin", text, StringComparison.Ordinal);
        Assert.Contains("TZID:America/New_York", text, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=Europe/Berlin:20260302T090000", text, StringComparison.Ordinal);
        Assert.Equal(e, ICalendarCodec.ReadAll(text).Single());
    }

    [Fact]
    public void Write_EventWithoutUid_GetsStableUidFromContent()
    {
        var e = new Event { Subject = "No uid", Start = ItemTime.FromUtc(new DateTime(2026, 1, 1, 9, 0, 0)) };
        var a = ICalendarCodec.ReadAll(ICalendarCodec.Write(e)).Single();
        var b = ICalendarCodec.ReadAll(ICalendarCodec.Write(e)).Single();
        Assert.False(string.IsNullOrEmpty(a.Uid));
        Assert.Equal(a.Uid, b.Uid);
    }

    [Fact]
    public void Write_FixedClock_StampsDtstampFromClock()
    {
        var clock = new TestClock(new DateTimeOffset(2026, 11, 21, 12, 34, 56, TimeSpan.Zero));
        var text = ICalendarCodec.Write(new Note { Subject = "n" }, clock);
        Assert.Contains("DTSTAMP:20261121T123456Z", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Contact_IsRejected()
    {
        Assert.Throws<ArgumentException>(() => ICalendarCodec.Write(new Contact { DisplayName = "x" }));
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
