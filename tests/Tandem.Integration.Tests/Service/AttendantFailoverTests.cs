using Tandem.Integration.Tests.Ews;
using Tandem.Integration.Tests.Local;
using Tandem.Lab;
using Xunit.Abstractions;

namespace Tandem.Integration.Tests.Service;

/// <summary>
/// The attendant's failover, whole-process: a lab with two front ends over one store, the attendant running the service;
/// the front end in use is taken down in the middle of a fan-out; the attendant runs Autodiscover again, the service
/// reconnects to the other front end from its sync states, and every member ends complete with nothing duplicated.
/// </summary>
public sealed class AttendantFailoverTests(ITestOutputHelper log) : IAsyncDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tandem-failover-" + Guid.NewGuid().ToString("N"));

    public async ValueTask DisposeAsync()
    {
        await Task.Yield();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a killed process may still hold a file
        }
    }

    [SkippableFact]
    public async Task FrontEndTakenDownMidFanOut_AttendantSwitches_EveryMemberCompleteNothingDuplicated()
    {
        Skip.If(OperatingSystem.IsWindows(), "signals");
        Directory.CreateDirectory(_dir);
        var state = Path.Combine(_dir, "tandem.db");
        await using var lab = await LabServer.StartAsync(new LabOptions { Urls = "http://127.0.0.1:0", Seed = "demo", FrontEnds = 2 }, CancellationToken.None);
        using var ews = new Tandem.Cli.Ews.LabEwsClient(new Uri(lab.FrontEndUrls[1], "EWS/Exchange.asmx"));
        // Autodiscover is reached at the second front end (as a domain's Autodiscover host outlives one mailbox server)
        // and names the first one while it is up
        await EwsCli.AddLabConnectionAsync(state, lab.FrontEndUrls[1]);
        string[] targets = ["bob@lab.test", "carol@lab.test", "dave@lab.test", "erin@lab.test"];
        await EwsCli.RunOkAsync(state, "group", "add", "company", "--type", "contacts");
        await EwsCli.RunOkAsync(state, "member", "add", "company", "lab:public/Company Contacts", "--role", "source");
        foreach (var user in targets) await EwsCli.RunOkAsync(state, "member", "add", "company", $"lab:{user}/Contacts/Company", "--role", "target");

        // Autodiscover's answer from an hour ago is cached: front end 0 (as the attendant records it)
        await using (var store = await Tandem.State.Sqlite.SqliteStateStore.OpenAsync(state, TimeProvider.System, CancellationToken.None))
        {
            var connection = (await store.GetConnectionAsync("lab", CancellationToken.None))!;
            var settings = connection.Settings.ToDictionary(kv => kv.Key, kv => kv.Value);
            settings[Tandem.Service.Runtime.ConnectionSettings.DiscoveredUrl] = new Uri(lab.FrontEndUrls[0], "EWS/Exchange.asmx").ToString();
            settings[Tandem.Service.Runtime.ConnectionSettings.DiscoveredAt] = TimeProvider.System.GetUtcNow().AddHours(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            await store.UpdateConnectionAsync(connection with { Settings = settings }, null, CancellationToken.None);
        }
        var port = ServiceHarness.FreePort();
        var logs = Path.Combine(_dir, "logs");
        using var attendant = TandemProcess.Start(state, "attendant", "--listen", $"http://127.0.0.1:{port}", "--check-seconds", "0.5", "--hang-seconds", "20",
            "--rediscover-minutes", "0", "--logs", logs);
        try
        {
            // front end 0 dies mid fan-out
            var written = 0;
            await ServiceHarness.UntilAsync(async () => (written = await TotalAsync(ews, targets)) > 0, TimeSpan.FromSeconds(120), () => "the fan-out never started: " + attendant.Output);
            lab.Faults.TakeDown(0);
            log.WriteLine($"front end 0 taken down with {written} of {300 * targets.Length} copies written");
            await ServiceHarness.UntilAsync(async () => await DiscoveredAsync(state) == new Uri(lab.FrontEndUrls[1], "EWS/Exchange.asmx").ToString(),
                TimeSpan.FromSeconds(120), () => "the attendant never switched to front end 1: " + attendant.Output);

            var source = Sorted(await ContactsAsync(ews, "alice@lab.test", "Company Contacts", isPublic: true));
            foreach (var user in targets)
            {
                await ServiceHarness.UntilAsync(async () => (await ContactsAsync(ews, user, "Contacts/Company")).Count >= 300, TimeSpan.FromSeconds(180),
                    () => $"{user} incomplete after the failover: {attendant.Output}");
            }
            foreach (var user in targets) Assert.Equal(source, Sorted(await ContactsAsync(ews, user, "Contacts/Company")));

            var attendantLog = string.Join("\n", Directory.GetFiles(logs, "attendant-*").Select(File.ReadAllText));
            Assert.Contains($" 3105 Tandem.Attendant: Attendant: connection lab switched from {new Uri(lab.FrontEndUrls[0], "EWS/Exchange.asmx")} to {new Uri(lab.FrontEndUrls[1], "EWS/Exchange.asmx")}",
                attendantLog, StringComparison.Ordinal);
        }
        finally
        {
            attendant.Signal("TERM");
            await attendant.WaitAsync(TimeSpan.FromSeconds(90));
            if (await ServiceHarness.ServicePidAsync(state) is { } pid && ServiceHarness.Alive(pid)) TandemProcess.Send(pid, "KILL");
        }
    }

    private static async Task<List<(string Name, string Title, string Company)>> ContactsAsync(Tandem.Cli.Ews.LabEwsClient ews, string user, string path, bool isPublic = false)
    {
        var folder = await ews.FolderIdAsync(user, path, isPublic, CancellationToken.None);
        if (folder is null) return [];
        var items = await ews.ItemsAsync(user, folder, ["contacts:DisplayName", "contacts:JobTitle", "contacts:CompanyName"], CancellationToken.None);
        return items.Select(i => (Tandem.Cli.Ews.LabEwsClient.Text(i, "DisplayName"), Tandem.Cli.Ews.LabEwsClient.Text(i, "JobTitle"), Tandem.Cli.Ews.LabEwsClient.Text(i, "CompanyName"))).ToList();
    }

    private static async Task<string?> DiscoveredAsync(string state)
    {
        await using var store = await Tandem.State.Sqlite.SqliteStateStore.OpenAsync(state, TimeProvider.System, CancellationToken.None);
        return (await store.GetConnectionAsync("lab", CancellationToken.None))?.Setting(Tandem.Service.Runtime.ConnectionSettings.DiscoveredUrl);
    }

    private static async Task<int> TotalAsync(Tandem.Cli.Ews.LabEwsClient ews, IEnumerable<string> users)
    {
        var total = 0;
        foreach (var user in users) total += (await ContactsAsync(ews, user, "Contacts/Company")).Count;
        return total;
    }

    private static List<(string Name, string Title, string Company)> Sorted(List<(string Name, string Title, string Company)> contacts) =>
        [.. contacts.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Title, StringComparer.Ordinal).ThenBy(c => c.Company, StringComparer.Ordinal)];
}
