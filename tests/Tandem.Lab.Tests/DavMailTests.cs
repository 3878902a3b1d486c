using System.Text.Json;
using Tandem.Testing.Python;

namespace Tandem.Lab.Tests;

/// <summary>
/// A second independent EWS client: DavMail logs in to the lab the way it logs in to Exchange (GetFolder of the root,
/// then ConvertId of that id to learn the user's primary address from the AlternateId's Mailbox — documented ConvertId
/// behaviour: the response names the mailbox the id belongs to), then serves alice's mailbox over CalDAV/CardDAV,
/// read here with python3-caldav.
/// </summary>
public sealed class DavMailTests(DavMailGateway davmail) : IClassFixture<DavMailGateway>
{
    [SkippableFact]
    public async Task DavMail_LearnsTheUsersAddressAndServesFoldersEventsAndContacts()
    {
        Skip.If(davmail.SkipReason is not null, davmail.SkipReason);
        var python = PythonOracle.Require("caldav", "icalendar", "requests");
        var lab = davmail.Lab!;
        var script = Path.Combine(AppContext.BaseDirectory, "python", "davmail_read.py");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var result = await python.RunAsync(script, null, [davmail.Url.ToString(), "alice@lab.test", "lab"], timeout.Token);
        Assert.True(result.ExitCode == 0, $"{result.Stderr}\n--- davmail log ---\n{davmail.Log()}");
        var r = result.LastLineJson();

        // ConvertId answered with alice's own address, so DavMail treats her folders as hers (not "blah@blah.com").
        Assert.Contains(lab.Exchanges, e => e.Operation == "ConvertId" && e.Response.Contains("Mailbox=\"alice@lab.test\"", StringComparison.Ordinal));
        var folders = r.GetProperty("folders").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("calendar", folders);
        Assert.Contains("contacts", folders);
        Assert.Contains("inbox", folders);

        // The seeded events arrive intact through MimeContent (iCalendar): times, place, the weekly series.
        var events = r.GetProperty("events").EnumerateArray().ToList();
        var dentist = events.Single(e => e.GetProperty("summary").GetString() == "Dentist");
        Assert.Equal("2026-12-03T08:00:00+00:00", dentist.GetProperty("start").GetString());
        Assert.Equal("2026-12-03T09:00:00+00:00", dentist.GetProperty("end").GetString());
        Assert.Equal("Main Street 5", dentist.GetProperty("location").GetString());
        var series = events.Single(e => e.GetProperty("summary").GetString() == "1:1 with manager");
        Assert.Equal("FREQ=WEEKLY;COUNT=10;INTERVAL=1;BYDAY=TU", series.GetProperty("rrule").GetString());

        // The contacts DavMail builds from the contact properties match what EWS holds for alice.
        var found = await lab.CallOneAsync("""
            <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>
            <m:ParentFolderIds><t:DistinguishedFolderId Id="contacts"/></m:ParentFolderIds></m:FindItem>
            """);
        var expected = found.Descendants(LabHarness.T + "Contact").Select(c => c.Element(LabHarness.T + "DisplayName")!.Value).Order(StringComparer.Ordinal).ToList();
        var contacts = r.GetProperty("contacts").EnumerateArray().Select(c => c.TryGetProperty("fn", out var fn) ? fn.GetString() ?? string.Empty : string.Empty).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, contacts);
        lab.AssertAllExchangesValid();
    }
}
