using System.Diagnostics;
using Tandem.Integration.Tests.Ews;
using Tandem.Integration.Tests.Local;
using Tandem.Testing.Python;
using Xunit.Abstractions;

namespace Tandem.Integration.Tests.Service;

/// <summary>
/// `tandem serve` against the lab with an independent client: python3-exchangelib creates, edits and deletes contacts
/// in the public folder and in a two-way mailbox, and each change reaches every member without any `tandem sync`. And a
/// SIGTERM in the middle of a fan-out, then a restart: nothing lost, nothing duplicated.
/// </summary>
public sealed class ServeLabTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(120);
    private static readonly string[] Targets = ["bob@lab.test", "carol@lab.test"];

    private static async Task AddGroupAsync(string state, string publicRole, string aliceRole, string targetRole, IEnumerable<string> targets)
    {
        await EwsCli.RunOkAsync(state, "group", "add", "company", "--type", "contacts");
        await EwsCli.RunOkAsync(state, "member", "add", "company", "lab:public/Company Contacts", "--role", publicRole);
        if (aliceRole.Length > 0) await EwsCli.RunOkAsync(state, "member", "add", "company", "lab:alice@lab.test/Contacts/Company", "--role", aliceRole);
        foreach (var user in targets) await EwsCli.RunOkAsync(state, "member", "add", "company", $"lab:{user}/Contacts/Company", "--role", targetRole);
    }

    private static IEnumerable<(string User, string Path, bool IsPublic)> Members(IEnumerable<string> targets) =>
        [("alice@lab.test", "Company Contacts", true), ("alice@lab.test", "Contacts/Company", false), .. targets.Select(t => (t, "Contacts/Company", false))];

    [SkippableFact]
    public async Task Serve_ExchangelibEditsThePublicFolderAndATwoWayMailbox_EveryChangeReachesEveryMemberWithoutSync()
    {
        var python = PythonOracle.Require("exchangelib");
        await using var f = await LabFixture.StartAsync();
        await EwsCli.AddLabConnectionAsync(f.State, f.Lab.BaseUrl);
        await AddGroupAsync(f.State, "two-way", "two-way", "target", Targets);
        var port = ServiceHarness.FreePort();
        using var service = ServiceHarness.Serve(f.State, port, "--poll-seconds", "1");
        try
        {
            await UntilEveryMemberAsync(f, c => c.Count == 300, "the initial 300 contacts", service);

            var steps = new (string Action, string Folder, string Name, string? Value, Func<List<(string Name, string Title, string Company)>, bool> Done)[]
            {
                ("create", "public:Company Contacts", "Zed Public", "Notifier", c => c.Any(x => x.Name == "Zed Public" && x.Title == "Notifier")),
                ("create", "alice@lab.test:Contacts/Company", "Yan Alice", "Editor", c => c.Any(x => x.Name == "Yan Alice" && x.Title == "Editor")),
                ("retitle", "alice@lab.test:Contacts/Company", "Zed Public", "Chief Notifier", c => c.Any(x => x.Name == "Zed Public" && x.Title == "Chief Notifier")),
                ("delete", "public:Company Contacts", "Yan Alice", null, c => c.All(x => x.Name != "Yan Alice")),
            };
            foreach (var (action, folder, name, value, done) in steps)
            {
                var script = Path.Combine(AppContext.BaseDirectory, "python", "exchangelib_edit.py");
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                var result = await python.RunAsync(script, null, [f.Lab.EwsUrl.ToString(), action, folder, name, .. value is null ? Array.Empty<string>() : [value]], timeout.Token);
                Assert.Equal(1, result.LastLineJson().GetProperty("count").GetInt32());
                var clock = Stopwatch.StartNew();
                await UntilEveryMemberAsync(f, done, $"{action} {name} in {folder}", service);
                log.WriteLine($"{action} {name} in {folder}: every member had it {clock.ElapsedMilliseconds} ms after exchangelib returned");
            }
            var source = Sorted(await f.ContactsAsync("alice@lab.test", "Company Contacts", isPublic: true));
            Assert.Equal(301, source.Count);
            await UntilEveryMemberAsync(f, c => Sorted(c).SequenceEqual(source), "the public folder's 301 contacts, each once", service);
        }
        finally
        {
            service.Signal("TERM");
            await service.WaitAsync(TimeSpan.FromSeconds(60));
        }
        Assert.Equal(0, service.ExitCode);
    }

    [SkippableFact]
    public async Task Serve_SigtermMidFanOutThenRestart_NothingLostNothingDuplicated()
    {
        Skip.If(OperatingSystem.IsWindows(), "signals");
        string[] targets = ["bob@lab.test", "carol@lab.test", "dave@lab.test", "erin@lab.test"];
        await using var f = await LabFixture.StartAsync();
        await EwsCli.AddLabConnectionAsync(f.State, f.Lab.BaseUrl);
        await AddGroupAsync(f.State, "source", "", "target", targets);
        var port = ServiceHarness.FreePort();
        var stopped = 0;
        using (var service = ServiceHarness.Serve(f.State, port))
        {
            // stop once the fan-out has begun and before it has finished
            await ServiceHarness.UntilAsync(async () => (stopped = await TotalAsync(f, targets)) > 0, Slow, () => "the fan-out never started: " + service.Output + service.Error);
            service.Signal("TERM");
            Assert.True(await service.WaitAsync(TimeSpan.FromSeconds(60)), "no clean stop");
            Assert.Equal(0, service.ExitCode);
        }
        var afterStop = await TotalAsync(f, targets);
        log.WriteLine($"stopped with {stopped}..{afterStop} of {300 * targets.Length} copies written");

        using var restarted = ServiceHarness.Serve(f.State, port);
        try
        {
            foreach (var user in targets)
            {
                await ServiceHarness.UntilAsync(async () => (await f.ContactsAsync(user, "Contacts/Company")).Count >= 300, Slow, () => $"{user} incomplete: " + restarted.Output);
            }
            var source = (await f.ContactsAsync("alice@lab.test", "Company Contacts", isPublic: true)).OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Title, StringComparer.Ordinal).ToList();
            foreach (var user in targets)
            {
                var copies = (await f.ContactsAsync(user, "Contacts/Company")).OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Title, StringComparer.Ordinal).ToList();
                Assert.Equal(source, copies);
            }
        }
        finally
        {
            restarted.Signal("TERM");
            await restarted.WaitAsync(TimeSpan.FromSeconds(60));
        }
    }

    private static List<(string Name, string Title, string Company)> Sorted(List<(string Name, string Title, string Company)> contacts) =>
        [.. contacts.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Title, StringComparer.Ordinal).ThenBy(c => c.Company, StringComparer.Ordinal)];

    private static async Task<int> TotalAsync(LabFixture f, IEnumerable<string> users)
    {
        var total = 0;
        foreach (var user in users)
        {
            try
            {
                total += (await f.ContactsAsync(user, "Contacts/Company")).Count;
            }
            catch (InvalidOperationException)
            {
                // the folder is created by the first write to it
            }
        }
        return total;
    }

    private static async Task UntilEveryMemberAsync(LabFixture f, Func<List<(string Name, string Title, string Company)>, bool> done, string what, TandemProcess service)
    {
        string last = "";
        await ServiceHarness.UntilAsync(async () =>
        {
            foreach (var (user, path, isPublic) in Members(Targets))
            {
                List<(string Name, string Title, string Company)> contacts;
                try
                {
                    contacts = await f.ContactsAsync(user, path, isPublic);
                }
                catch (InvalidOperationException e)
                {
                    last = e.Message;
                    return false;
                }
                if (!done(contacts))
                {
                    last = $"{user}/{path} ({contacts.Count} contacts)";
                    return false;
                }
            }
            return true;
        }, Slow, () => $"{what} never reached {last}: {service.Output} {service.Error}");
    }
}
