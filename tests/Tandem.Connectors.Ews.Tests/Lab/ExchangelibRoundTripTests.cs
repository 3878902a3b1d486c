using System.Text;
using System.Text.Json;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;
using Tandem.Testing.Python;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>
/// Round trips per item type through the lab's typed store with two independent clients: python3-exchangelib writes
/// typed values and Tandem's EWS connector reads them; Tandem writes and exchangelib reads and checks the fields. The
/// lab stores what either client sent as typed properties (not as the client's XML), so each direction checks the
/// other client's rendering too.
/// </summary>
public sealed class ExchangelibRoundTripTests(LabContractFixture fixture) : IClassFixture<LabContractFixture>
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    private LabFixture Lab => fixture.Lab;

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static DateTimeOffset At(ItemTime time) => time.ToInstant();

    private static FolderRef Folder(ItemKind kind, string name) => FolderRef.Parse($"lab:alice@lab.test/{LabRoundTripTests.FolderFor(kind)}/{name}");

    private async Task<JsonElement> ExchangelibAsync(string action, ItemKind kind, FolderRef folder)
    {
        var python = PythonOracle.Require("exchangelib");
        var script = Path.Combine(AppContext.BaseDirectory, "python", "exchangelib_roundtrip.py");
        var name = kind switch { ItemKind.Contact => "contact", ItemKind.Event => "event", ItemKind.Task => "task", ItemKind.Note => "note", _ => "message" };
        var result = await python.RunAsync(script, null, [Lab.Server.EwsUrl.ToString(), action, "alice@lab.test", name, string.Join('/', folder.Segments)], Ct);
        var json = result.LastLineJson();
        Assert.True(json.GetProperty("ok").GetBoolean(), result.ToString());
        return json;
    }

    /// <summary>What Tandem's connector reads from a folder exchangelib wrote one item into.</summary>
    private async Task<CanonicalItem> WrittenByExchangelibAsync(ItemKind kind, string name)
    {
        var folder = Folder(kind, name);
        await using var connector = Lab.Connect();
        await using (await connector.OpenFolderAsync(folder, kind, create: true, Ct)) { }
        await ExchangelibAsync("write", kind, folder);
        await using var session = await connector.OpenFolderAsync(folder, kind, create: false, Ct);
        var changes = await session.ReadChangesAsync(null, Ct);
        var read = Assert.Single(changes.Upserts);
        Assert.Null(read.ParseError);
        return read.Item!;
    }

    /// <summary>What exchangelib reads from a folder Tandem's connector wrote <paramref name="item"/> into.</summary>
    private async Task<JsonElement> WrittenByTandemAsync(CanonicalItem item, string name)
    {
        var folder = Folder(item.Kind, name);
        await using var connector = Lab.Connect();
        await using var session = await connector.OpenFolderAsync(folder, item.Kind, create: true, Ct);
        var written = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp(), item)], Ct));
        Assert.True(written.Outcome == WriteOutcome.Ok, written.Error);
        return Assert.Single((await ExchangelibAsync("read", item.Kind, folder)).GetProperty("items").EnumerateArray());
    }

    private static string? S(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    private static List<string?> List(JsonElement e, string name) => [.. e.GetProperty(name).EnumerateArray().Select(x => x.GetString())];

    private static string Lines(string? text) => (text ?? string.Empty).ReplaceLineEndings("\n").Trim();

    [SkippableFact]
    public async Task Contact_WrittenByExchangelib_ReadByTandemAsTypedValues()
    {
        var c = Assert.IsType<Contact>(await WrittenByExchangelibAsync(ItemKind.Contact, "From exchangelib"));
        Assert.Equal(("Grace", "Brewster", "Hopper", "Grace Hopper", "Amazing Grace"), (c.GivenName, c.MiddleName, c.Surname, c.DisplayName, c.Nickname));
        Assert.Equal(("US Navy", "Computing", "Rear Admiral"), (c.CompanyName, c.Department, c.JobTitle));
        Assert.Equal(["grace@navy.example"], c.Emails.Select(e => e.Address));
        Assert.Contains(new Phone(PhoneKind.Mobile, "+1 555 0100"), c.Phones);
        Assert.Contains(new Phone(PhoneKind.Business, "+1 555 0101"), c.Phones);
        var address = Assert.Single(c.Addresses);
        Assert.Equal((AddressKind.Business, "1 Navy Way", "Arlington", "VA", "22202", "USA"), (address.Kind, address.Street, address.City, address.State, address.PostalCode, address.Country));
        Assert.Equal(new DateOnly(1906, 12, 9), c.Birthday);
        Assert.Equal("Invented the compiler.", Lines(c.Notes));
        Assert.Equal(["Pioneers"], c.Categories);
    }

    [SkippableFact]
    public async Task Contact_WrittenByTandem_ReadByExchangelibFieldByField()
    {
        var c = SampleItems.FullContact();
        var read = await WrittenByTandemAsync(c, "From Tandem");
        Assert.Equal([c.GivenName, c.MiddleName, c.Surname, c.DisplayName, c.Nickname], new[] { "given_name", "middle_name", "surname", "display_name", "nickname" }.Select(n => S(read, n)));
        Assert.Equal([c.CompanyName, c.Department, c.JobTitle], new[] { "company_name", "department", "job_title" }.Select(n => S(read, n)));
        Assert.Equal(c.Emails.Select(e => e.Address), List(read, "emails"));
        var phones = read.GetProperty("phones");
        Assert.Equal("+44 20 1234 5678", phones.GetProperty("BusinessPhone").GetString());
        Assert.Equal("+44 20 8765 4321", phones.GetProperty("HomeFax").GetString());
        Assert.Equal("+44 7700 900123", phones.GetProperty("MobilePhone").GetString());
        var addresses = read.GetProperty("addresses").EnumerateArray().ToDictionary(a => S(a, "label")!);
        foreach (var a in c.Addresses)
        {
            var got = addresses[a.Kind == AddressKind.Business ? "Business" : "Home"];
            Assert.Equal((a.City, a.PostalCode, a.Country), (S(got, "city"), S(got, "zip"), S(got, "country")));
            Assert.StartsWith(a.Street!, S(got, "street"), StringComparison.Ordinal);
        }

        Assert.Equal(c.Birthday!.Value.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), S(read, "birthday"));
        Assert.Equal(Lines(c.Notes), Lines(S(read, "body")));
        Assert.Equal(c.Categories, List(read, "categories"));
        Assert.False(read.GetProperty("has_picture").GetBoolean());
    }

    /// <summary>The 1x1 PNG exchangelib_roundtrip.py attaches as the contact photo.</summary>
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    [SkippableFact]
    public async Task ContactPhoto_AttachedByExchangelib_ReadByTandemAsThePhoto()
    {
        var c = Assert.IsType<Contact>(await WrittenByExchangelibAsync(ItemKind.Contact, "Photo from exchangelib"));
        Assert.NotNull(c.Photo);
        Assert.Equal(Png, c.Photo.Data);
        Assert.StartsWith("image/", c.Photo.MediaType, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task ContactPhoto_WrittenByTandem_ReadByExchangelibAsTheContactPhotoAttachment()
    {
        var read = await WrittenByTandemAsync(SampleItems.FullContact() with { Photo = new Photo("image/png", Png) }, "Photo from Tandem");
        Assert.True(read.GetProperty("has_picture").GetBoolean());
        Assert.Equal(Png, S(read, "photo"));
    }

    [SkippableFact]
    public async Task RecurringSeriesWithAnException_WrittenByExchangelib_ReadByTandem()
    {
        var e = Assert.IsType<Event>(await WrittenByExchangelibAsync(ItemKind.Event, "From exchangelib"));
        Assert.Equal(("Standup", "Room 2", "Daily sync"), (e.Subject, e.Location, Lines(e.Body)));
        Assert.Equal(["Team"], e.Categories);

        // 09:00 in Berlin, kept in its zone (exchangelib sent StartTimeZone), not turned into UTC wall time
        Assert.Equal(Utc(2026, 3, 2, 8, 0), At(e.Start));
        Assert.Equal(Utc(2026, 3, 2, 8, 15), At(e.End!));
        Assert.NotNull(e.Start.TimeZone);
        Assert.Equal(new DateTime(2026, 3, 2, 9, 0, 0), e.Start.Value);
        Assert.Equal(Berlin.BaseUtcOffset, TimeZoneInfo.FindSystemTimeZoneById(e.Start.TimeZone!).GetUtcOffset(new DateTime(2026, 3, 2)));

        Assert.Equal(Frequency.Weekly, e.Recurrence!.Frequency);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Wednesday], e.Recurrence.ByDay.Select(d => d.Day).Order());
        Assert.Equal(6, e.Recurrence.Count);
        Assert.Equal(Utc(2026, 3, 11, 8, 0), At(Assert.Single(e.DeletedOccurrences)));
        var moved = Assert.Single(e.Exceptions);
        Assert.Equal(Utc(2026, 3, 9, 8, 0), At(moved.RecurrenceId));
        Assert.Equal("Standup (moved)", moved.Occurrence.Subject);
        Assert.Equal(Utc(2026, 3, 9, 9, 0), At(moved.Occurrence.Start));
        Assert.Equal(Utc(2026, 3, 9, 9, 15), At(moved.Occurrence.End!));
    }

    [SkippableFact]
    public async Task RecurringSeriesWithAnException_WrittenByTandem_ReadByExchangelib()
    {
        var e = SampleItems.SeriesWithExceptions();
        var read = await WrittenByTandemAsync(e, "From Tandem");
        static string Z(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal((e.Subject, e.Location), (S(read, "subject"), S(read, "location")));
        Assert.Equal(Lines(e.Body), Lines(S(read, "body")));
        Assert.Equal(e.Categories, List(read, "categories"));
        Assert.Equal("RecurringMaster", S(read, "type"));
        Assert.Equal(e.Uid, S(read, "uid"));
        Assert.Equal((Z(At(e.Start)), Z(At(e.End!))), (S(read, "start"), S(read, "end")));
        Assert.Equal("WeeklyPattern", S(read, "pattern"));
        Assert.Equal(["Monday"], List(read, "weekdays"));
        Assert.Equal(e.Recurrence!.Count, read.GetProperty("number").GetInt32());
        Assert.Equal(e.DeletedOccurrences.Select(d => Z(At(d))), List(read, "deleted"));
        var exception = Assert.Single(read.GetProperty("exceptions").EnumerateArray());
        var expected = Assert.Single(e.Exceptions);
        Assert.Equal(expected.Occurrence.Subject, S(exception, "subject"));
        Assert.Equal(Z(At(expected.Occurrence.Start)), S(exception, "start"));
        Assert.Equal(Z(At(expected.RecurrenceId)), S(exception, "original_start"));
    }

    [SkippableFact]
    public async Task Task_WrittenByExchangelib_ReadByTandem()
    {
        var t = Assert.IsType<TaskItem>(await WrittenByExchangelibAsync(ItemKind.Task, "From exchangelib"));
        Assert.Equal(("File the report", "Quarterly"), (t.Subject, Lines(t.Body)));
        Assert.Equal((TaskItemStatus.InProgress, 40, Importance.High), (t.Status, t.PercentComplete, t.Priority));
        Assert.Equal(new DateTime(2026, 4, 1), t.Start!.Value.Date);
        Assert.Equal(new DateTime(2026, 4, 30), t.Due!.Value.Date);
        Assert.Equal(["Work"], t.Categories);
        Assert.Null(t.Recurrence);
    }

    [SkippableFact]
    public async Task Task_WrittenByTandem_ReadByExchangelib()
    {
        var t = SampleItems.FullTask();
        var read = await WrittenByTandemAsync(t, "From Tandem");
        Assert.Equal((t.Subject, Lines(t.Body)), (S(read, "subject"), Lines(S(read, "body"))));
        Assert.Equal(("InProgress", t.PercentComplete, "High"), (S(read, "status"), read.GetProperty("percent_complete").GetInt32(), S(read, "importance")));
        Assert.Equal(DateOnly.FromDateTime(t.Start!.Value).ToString("O"), S(read, "start_date"));
        Assert.Equal(DateOnly.FromDateTime(t.Due!.Value).ToString("O"), S(read, "due_date"));
        Assert.Equal(t.Categories, List(read, "categories"));
        Assert.True(read.GetProperty("is_recurring").GetBoolean()); // the sample's monthly recurrence, computed by the lab
    }

    [SkippableFact]
    public async Task Note_WrittenByTandem_ReadByExchangelibAsAStickyNote()
    {
        var n = SampleItems.FullNote();
        var read = await WrittenByTandemAsync(n, "From Tandem");
        Assert.Equal("IPM.StickyNote", S(read, "item_class"));
        Assert.Equal(n.Subject, S(read, "subject"));
        Assert.Equal(Lines(n.Body), Lines(S(read, "text_body") ?? S(read, "body")));
        Assert.Equal(n.Categories, List(read, "categories"));
    }

    [SkippableFact]
    public async Task Message_WrittenByExchangelibAsProperties_ReadByTandemAsMime()
    {
        var m = Assert.IsType<Message>(await WrittenByExchangelibAsync(ItemKind.Message, "From exchangelib"));
        Assert.Equal("Quarterly numbers", m.Subject);
        Assert.Contains("carol@lab.test", m.From, StringComparison.Ordinal);
        Assert.Contains("bob@lab.test", m.To, StringComparison.Ordinal);
        Assert.Contains("See the numbers.", Encoding.UTF8.GetString(m.Mime.Span), StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task Message_WrittenByTandemAsMime_ReadByExchangelibAsProperties()
    {
        var m = SampleItems.FullMessage();
        var read = await WrittenByTandemAsync(m, "From Tandem");
        Assert.Equal(m.Subject, S(read, "subject"));
        Assert.Equal("IPM.Note", S(read, "item_class"));
    }
}
