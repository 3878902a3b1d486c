using Tandem.Cli.Ews;
using Tandem.Integration.Tests.Ews;
using Tandem.Integration.Tests.Local;
using Tandem.Testing.Python;
using Xunit.Abstractions;

namespace Tandem.Integration.Tests.Service;

/// <summary>
/// CodeTwo's mail example under `tandem serve`: messages in five users' inboxes with a word in the subject or from a
/// given sender are copied one-way into a public folder (put there by python3-exchangelib as MIME, an independent
/// client). Then one member's folder is renamed on the server — it keeps syncing, across a service restart too — and
/// then deleted: that member fails with the reason, nothing is deleted anywhere, the other members go on.
/// </summary>
public sealed class ServeMailTests(ITestOutputHelper log)
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(120);
    private static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin"];
    private const string Rules = """
        {"filter":{"match":"any","conditions":[
          {"field":"Subject","op":"contains","value":"invoice"},
          {"field":"From","op":"contains","value":"ceo@lab.test"}]}}
        """;

    [SkippableFact]
    public async Task Serve_MailGroupFromFiveInboxes_CopiesMatchesAndSurvivesARenameThenADeletedMemberFolder()
    {
        Skip.If(OperatingSystem.IsWindows(), "signals");
        var python = PythonOracle.Require("exchangelib");
        await using var f = await LabFixture.StartAsync();
        async Task Mail(string action, string user, string path, params string[] args)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var script = Path.Combine(AppContext.BaseDirectory, "python", "exchangelib_mail.py");
            var result = await python.RunAsync(script, null, [f.Lab.EwsUrl.ToString(), action, $"{user}@lab.test", path, .. args], timeout.Token);
            Assert.True(result.LastLineJson().GetProperty("ok").GetBoolean(), result.ToString());
        }

        // erin's member is a folder of her own under the Inbox: the one renamed and then deleted
        await Mail("mkdir", "erin", "Inbox/Clients");
        foreach (var user in Users)
        {
            var inbox = user == "erin" ? "Inbox/Clients" : "Inbox";
            await Mail("put", user, inbox, $"Invoice {user} 1", "shop@example.org");
            await Mail("put", user, inbox, $"Strategy for {user}", "The CEO <ceo@lab.test>");
            await Mail("put", user, inbox, $"Lunch with {user}", "friend@example.org");
        }
        await EwsCli.AddLabConnectionAsync(f.State, f.Lab.BaseUrl);
        await EwsCli.RunOkAsync(f.State, "group", "add", "archive", "--type", "mail");
        await EwsCli.RunOkAsync(f.State, "group", "rules", "archive", "--json", Rules);
        foreach (var user in Users)
        {
            await EwsCli.RunOkAsync(f.State, "member", "add", "archive", $"lab:{user}@lab.test/{(user == "erin" ? "Inbox/Clients" : "Inbox")}", "--role", "source");
        }
        await EwsCli.RunOkAsync(f.State, "member", "add", "archive", "lab:public/Mail Archive", "--role", "target");

        var port = ServiceHarness.FreePort();
        var service = ServiceHarness.Serve(f.State, port, "--poll-seconds", "1");
        int exit;
        try
        {
            string[] matching = [.. Users.SelectMany(u => new[] { $"Invoice {u} 1", $"Strategy for {u}" })];
            await UntilArchiveAsync(f, matching, service);

            // renamed on the server while the service runs, then the service restarted: the member is opened by its id
            await Mail("rename", "erin", "Inbox/Clients", "Clients 2026");
            await StopAsync(service);
            service.Dispose();
            service = ServiceHarness.Serve(f.State, port, "--poll-seconds", "1");
            await Mail("put", "erin", "Inbox/Clients 2026", "Invoice erin 2", "shop@example.org");
            matching = [.. matching, "Invoice erin 2"];
            await UntilArchiveAsync(f, matching, service);
            Assert.Null(await f.Ews.FolderIdAsync("erin@lab.test", "Inbox/Clients", false, CancellationToken.None)); // not created again under the old name
            // the restarted service subscribed the renamed folder by the id in its stored token, not by its old path
            await ServiceHarness.UntilAsync(() => Task.FromResult(service.Output.Contains("Group archive: started", StringComparison.Ordinal)), Slow,
                () => "the restarted service never subscribed: " + service.Output);
            Assert.DoesNotContain("member lab:erin@lab.test/Inbox/Clients has no notifications", service.Output, StringComparison.Ordinal);

            // deleted on the server: erin's member fails and says why; nothing leaves the archive; the others go on
            await Mail("delete", "erin", "Inbox/Clients 2026");
            string status = "";
            await ServiceHarness.UntilAsync(async () =>
            {
                status = (await TandemProcess.RunAsync(f.State, Slow, "status")).Out;
                return status.Contains("FAILING lab:erin@lab.test/Inbox/Clients", StringComparison.Ordinal) && status.Contains("was deleted on the server", StringComparison.Ordinal);
            }, Slow, () => "the deleted member never showed as failing: " + status);
            log.WriteLine(status);
            await Mail("put", "alice", "Inbox", "Invoice alice 2", "shop@example.org");
            matching = [.. matching, "Invoice alice 2"];
            await UntilArchiveAsync(f, matching, service);
            Assert.Null(await f.Ews.FolderIdAsync("erin@lab.test", "Inbox/Clients", false, CancellationToken.None));
        }
        finally
        {
            await StopAsync(service);
            exit = service.HasExited ? service.ExitCode : -1;
            service.Dispose();
        }
        Assert.Equal(0, exit);
    }

    private static async Task StopAsync(TandemProcess service)
    {
        if (service.HasExited) return;
        service.Signal("TERM");
        await service.WaitAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Waits until the archive holds exactly <paramref name="subjects"/>, each once.</summary>
    private static async Task UntilArchiveAsync(LabFixture f, string[] subjects, TandemProcess service)
    {
        var expected = subjects.Order(StringComparer.Ordinal).ToList();
        List<string> last = [];
        await ServiceHarness.UntilAsync(async () =>
        {
            var id = await f.Ews.FolderIdAsync("alice@lab.test", "Mail Archive", true, CancellationToken.None);
            if (id is null) return false;
            var items = await f.Ews.ItemsAsync("alice@lab.test", id, ["item:Subject"], CancellationToken.None);
            last = [.. items.Select(i => LabEwsClient.Text(i, "Subject")).Order(StringComparer.Ordinal)];
            return last.SequenceEqual(expected);
        }, Slow, () => $"the archive holds [{string.Join(", ", last)}], not [{string.Join(", ", expected)}]: {service.Output} {service.Error}");
    }
}
