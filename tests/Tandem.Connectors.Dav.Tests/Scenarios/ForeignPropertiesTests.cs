using Tandem.Connectors.Dav.Tests.Servers;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Testing.Items;
using Tandem.Testing.Python;

namespace Tandem.Connectors.Dav.Tests.Scenarios;

/// <summary>
/// What another client wrote that Tandem does not model survives Tandem's update of the resource: the PUT carries the
/// server copy's unknown properties even when the edit comes from a store that never had them (Exchange, say).
/// </summary>
[Collection(DavServersCollection.Name)]
public sealed class ForeignPropertiesTests(RadicaleServer radicale, XandikosServer xandikos, CyrusServer cyrus)
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Scenarios", "caldav_client.py");

    public static TheoryData<string> Servers() => new("radicale", "xandikos", "cyrus");

    [SkippableTheory]
    [MemberData(nameof(Servers))]
    public async Task Update_EventWrittenByPythonCaldav_KeepsItsUnknownProperties(string name)
    {
        DavServer server = name switch { "radicale" => radicale, "xandikos" => xandikos, _ => cyrus };
        server.SkipIfDown();
        var python = PythonOracle.Require("caldav");
        var folder = server.Folder("foreign-" + Guid.NewGuid().ToString("N")[..8]);
        var (setup, setupSession) = await server.OpenAsync(folder, ItemKind.Event);
        await using (setup) await setupSession.ReadChangesAsync(null, CancellationToken.None);
        var calendarUrl = new Uri(server.Url, $"{CalendarHome(server)}{folder.FolderPath}/").ToString();
        var uid = "foreign-" + Guid.NewGuid().ToString("N");
        var ics = string.Join("\r\n",
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//python-caldav test//EN", "BEGIN:VEVENT", $"UID:{uid}", "DTSTAMP:20260301T080000Z",
            "DTSTART:20260302T090000Z", "DTEND:20260302T100000Z", "SUMMARY:Original", "X-ACME-ROOM:42", "X-ACME-FLAGS;X-SCOPE=team:alpha beta",
            "END:VEVENT", "END:VCALENDAR", "");
        (await python.RunAsync(Script, ics, Args("put", server, calendarUrl))).Json();

        var (connector, session) = await server.OpenAsync(folder, ItemKind.Event);
        await using var _ = connector;
        var seen = Assert.Single((await session.ReadChangesAsync(null, CancellationToken.None)).Upserts);
        Assert.Contains(seen.Item!.Extras, e => e.Name == "X-ACME-ROOM");
        // the edit comes as an item with no extras at all, as from a store that cannot hold them
        var edit = (Event)seen.Item! with { Subject = "Changed by Tandem", Extras = ValueList<ExtraProperty>.Empty };
        var result = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, new ItemStamp("g", "l", "i"), edit, seen.RemoteId, seen.ChangeKey)], CancellationToken.None));
        Assert.True(result.Outcome == WriteOutcome.Ok, result.Error);

        var data = (await python.RunAsync(Script, null, [.. Args("get", server, calendarUrl), uid])).Json().GetProperty("data").GetString()!.ReplaceLineEndings("\n").Replace("\n ", "", StringComparison.Ordinal);
        Assert.Contains("SUMMARY:Changed by Tandem", data, StringComparison.Ordinal);
        Assert.Contains("X-ACME-ROOM:42", data, StringComparison.Ordinal);
        Assert.True(data.Contains("X-ACME-FLAGS;X-SCOPE=team:alpha beta", StringComparison.Ordinal), data);
    }

    [SkippableTheory]
    [MemberData(nameof(Servers))]
    public async Task UpdateBatch_FreshSession_FetchesServerCopiesInOneMultigetAndKeepsTheirUnknownProperties(string name)
    {
        DavServer server = name switch { "radicale" => radicale, "xandikos" => xandikos, _ => cyrus };
        server.SkipIfDown();
        var folder = server.Folder("batch-" + Guid.NewGuid().ToString("N")[..8]);
        var (other, otherSession) = await server.OpenAsync(folder, ItemKind.Contact);
        string token;
        List<WriteResult> created;
        await using (other)
        {
            // another client's contacts with a property Tandem does not model
            var start = await otherSession.ReadChangesAsync(null, CancellationToken.None);
            var items = Enumerable.Range(0, 3).Select(i => SampleItems.Create(SampleItems.Contact("Person" + i) with { Uid = $"batch-{i}", Extras = ValueList<ExtraProperty>.Of(new ExtraProperty("X-ACME-DESK", $"X-ACME-DESK:{i}")) }, "b" + i));
            created = (await otherSession.WriteAsync(items.ToList(), CancellationToken.None)).ToList();
            Assert.All(created, c => Assert.Equal(WriteOutcome.Ok, c.Outcome));
            token = (await otherSession.ReadChangesAsync(start.NewToken, CancellationToken.None)).NewToken!;
        }

        // a new process: nothing cached, the collection known from the token
        var (connector, session) = await server.OpenAsync(folder, ItemKind.Contact);
        await using var _ = connector;
        Assert.Empty((await session.ReadChangesAsync(token, CancellationToken.None)).Upserts);
        var before = ((DavConnector)connector).RequestCount;
        var updates = created.Select((c, i) => new WriteRequest(WriteKind.Update, c.Request.Stamp, SampleItems.Contact("Edited" + i) with { Uid = $"batch-{i}" }, c.RemoteId, c.ChangeKey)).ToList();
        var results = await session.WriteAsync(updates, CancellationToken.None);
        Assert.All(results, r => Assert.True(r.Outcome == WriteOutcome.Ok, r.Error));
        Assert.Equal(1 + updates.Count, ((DavConnector)connector).RequestCount - before); // one multiget, then the PUTs

        var content = await server.ContentAsync(folder, ItemKind.Contact);
        Assert.Equal(3, content.Count);
        Assert.All(content, c =>
        {
            Assert.StartsWith("Edited", ((Contact)c.Item!).GivenName, StringComparison.Ordinal);
            Assert.Contains(c.Item!.Extras, e => e.Name == "X-ACME-DESK");
        });
    }

    private static string CalendarHome(DavServer server) => server switch
    {
        CyrusServer => $"/dav/calendars/user/{server.User}/",
        XandikosServer => $"/{server.User}/calendars/",
        _ => $"/{server.User}/",
    };

    private static string[] Args(string mode, DavServer server, string calendarUrl) =>
        [mode, server.Url.ToString(), server.Password is null ? "" : server.User, server.Password ?? "", calendarUrl];
}
