using System.Text.Json;
using Tandem.Testing.Python;

namespace Tandem.Lab.Tests;

/// <summary>
/// Debian's python3-exchangelib (an independent EWS client) drives the lab: folder tree and public folders, CRUD of
/// contacts, calendar items and tasks, impersonation (allowed and refused), notifications (pull and streaming),
/// SyncFolderItems, and throttling back-off. Every exchange it causes is schema-validated.
/// </summary>
public sealed class ExchangelibTests
{
    [SkippableFact]
    public async Task Exchangelib_ReadsFolderTreeAndPublicFolders()
    {
        var python = PythonOracle.Require("exchangelib");
        await using var lab = await LabHarness.StartAsync();
        var r = await RunAsync(python, lab, "folders");
        Assert.Equal("Exchange2016", r.GetProperty("version").GetString());
        var folders = r.GetProperty("folders").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Contains("Contacts", folders);
        Assert.Contains("Calendar", folders);
        Assert.Contains("Notes", folders);
        Assert.Equal(["Company Calendar", "Company Contacts", "Projects"], r.GetProperty("public").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(300, r.GetProperty("company_contacts").GetInt32());
        Assert.Equal(3, r.GetProperty("sample").GetArrayLength());
        lab.AssertAllExchangesValid();
        Assert.Contains(lab.Exchanges, e => e.Operation == "ConvertId" && e.Response.Contains("ErrorInvalidServerVersion", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Exchangelib_CreatesReadsUpdatesDeletesContactsEventsTasks()
    {
        var python = PythonOracle.Require("exchangelib");
        await using var lab = await LabHarness.StartAsync("empty");
        var r = await RunAsync(python, lab, "crud");
        var contact = r.GetProperty("contact");
        Assert.Equal("Ada", contact.GetProperty("given").GetString());
        Assert.Equal("ada@engines.example", contact.GetProperty("email").GetString());
        Assert.Equal("+44 20 0000", contact.GetProperty("phone").GetString());
        Assert.Equal("g1;L1", contact.GetProperty("stamp").GetString());
        Assert.Equal("Countess", r.GetProperty("updated_title").GetString());
        Assert.True(r.GetProperty("changekey_changed").GetBoolean());
        Assert.Equal(1, r.GetProperty("found_by_stamp").GetInt32());
        Assert.Equal("Engine demo (moved)", r.GetProperty("event_subject").GetString());
        Assert.True(r.GetProperty("event_uid").GetBoolean());
        Assert.StartsWith("2026-12-01T10:00:00", r.GetProperty("event_start").GetString(), StringComparison.Ordinal);
        Assert.Equal("Write notes", r.GetProperty("task")[0].GetString());
        Assert.Equal("InProgress", r.GetProperty("task")[1].GetString());
        Assert.Equal(0, r.GetProperty("after_delete").GetInt32());
        lab.AssertAllExchangesValid();
    }

    [SkippableFact]
    public async Task Exchangelib_Impersonation_AllowedForServiceAccountDeniedOtherwise()
    {
        var python = PythonOracle.Require("exchangelib");
        await using var lab = await LabHarness.StartAsync();
        var r = await RunAsync(python, lab, "impersonation");
        Assert.Equal(3, r.GetProperty("bob_contacts").GetInt32());
        Assert.True(r.GetProperty("created").GetBoolean());
        Assert.Equal("ErrorImpersonateUserDenied", r.GetProperty("denied").GetString());
        lab.AssertAllExchangesValid();
    }

    [SkippableFact]
    public async Task Exchangelib_PullSubscription_ReceivesCreatedEvent()
    {
        var python = PythonOracle.Require("exchangelib");
        await using var lab = await LabHarness.StartAsync();
        var r = await RunAsync(python, lab, "pull");
        Assert.Contains("CreatedEvent", r.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        lab.AssertAllExchangesValid();
    }

    [SkippableFact]
    public async Task Exchangelib_StreamingSubscription_ReceivesCreatedEvent()
    {
        var python = PythonOracle.Require("exchangelib");
        await using var lab = await LabHarness.StartAsync();
        var r = await RunAsync(python, lab, "streaming");
        Assert.Contains("CreatedEvent", r.GetProperty("events").EnumerateArray().Select(e => e.GetString()));
        lab.AssertAllExchangesValid();
        Assert.Contains(lab.Exchanges, e => e.Operation == "GetStreamingEvents" && e.Response.Contains("m:Notification", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task Exchangelib_SyncItems_PagesThroughAndSeesNewItem()
    {
        var python = PythonOracle.Require("exchangelib");
        await using var lab = await LabHarness.StartAsync();
        var r = await RunAsync(python, lab, "sync");
        Assert.Equal(["create", "create", "create"], r.GetProperty("first").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["create"], r.GetProperty("second").EnumerateArray().Select(e => e.GetString()));
        lab.AssertAllExchangesValid();
        Assert.True(lab.Exchanges.Count(e => e.Operation == "SyncFolderItems") >= 3, "expected paging over several calls");
    }

    [SkippableFact]
    public async Task Exchangelib_CalendarView_SeesExpandedOccurrences()
    {
        var python = PythonOracle.Require("exchangelib");
        await using var lab = await LabHarness.StartAsync();
        var r = await RunAsync(python, lab, "calendar_view");
        var items = r.GetProperty("items").EnumerateArray().Select(i => (i[0].GetString(), i[1].GetString(), i[2].GetString())).ToList();
        Assert.Equal(5, items.Count(i => i.Item1 == "1:1 with manager" && i.Item3 == "Occurrence"));
        Assert.Contains(("Dentist", "2026-12-03T08:00:00+00:00", "Single"), items);
        Assert.Equal(items.OrderBy(i => i.Item2, StringComparer.Ordinal), items);
        lab.AssertAllExchangesValid();
    }

    [SkippableFact]
    public async Task Exchangelib_Throttled_BacksOffAndSucceeds()
    {
        var python = PythonOracle.Require("exchangelib");
        await using var lab = await LabHarness.StartAsync();
        lab.Server.Faults.Throttle(2, backOffMilliseconds: 200);
        var r = await RunAsync(python, lab, "throttled");
        Assert.Equal(3, r.GetProperty("count").GetInt32());
        Assert.Equal(0, lab.Server.Faults.PendingThrottled);
        Assert.Equal(2, lab.Exchanges.Count(e => e.Response.Contains("ErrorServerBusy", StringComparison.Ordinal)));
        lab.AssertAllExchangesValid();
    }

    private static async Task<JsonElement> RunAsync(PythonOracle python, LabHarness lab, string scenario)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "python", "exchangelib_drive.py");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var result = await python.RunAsync(script, null, [lab.Ews.ToString(), scenario], timeout.Token);
        // exchangelib may log to stdout; the script's answer is its last line.
        return result.LastLineJson();
    }
}
