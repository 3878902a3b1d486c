using System.Diagnostics;
using System.Text.Json.Nodes;
using Tandem.Integration.Tests.Ews;
using Tandem.Integration.Tests.Service;
using Xunit.Abstractions;

namespace Tandem.Integration.Tests.Graph;

/// <summary>
/// `tandem serve` with a graph connection that has a notification URL (the service's own /graph/notifications on its
/// loopback listen address): the lab's Graph face validates it, subscribes every member's folder and delivers change
/// notifications to it. The polling interval is an hour, so a change can only arrive through a webhook.
/// </summary>
public sealed class GraphServeWebhookTests(ITestOutputHelper log)
{
    private const string Bob = "bob@lab.test";
    private static readonly string[] Targets = ["carol@lab.test", "dave@lab.test"];
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Serve_WithNotificationUrl_ChangesMadeOverGraphReachTheOtherMembersWithoutPolling()
    {
        await using var f = await LabFixture.StartAsync();
        using var user = new GraphUser(f.Lab.BaseUrl);
        var port = ServiceHarness.FreePort();
        await EwsCli.RunOkAsync(f.State, "init");
        await EwsCli.RunOkAsync(f.State, "connection", "add", "g", "--type", "graph", "--graph-url", new Uri(f.Lab.BaseUrl, "v1.0").ToString(),
            "--notification-url", $"http://127.0.0.1:{port}/graph/notifications");
        await EwsCli.RunOkAsync(f.State, "group", "add", "ring", "--type", "contacts");
        await EwsCli.RunOkAsync(f.State, "member", "add", "ring", $"g:{Bob}/Contacts/Company", "--role", "two-way");
        foreach (var target in Targets) await EwsCli.RunOkAsync(f.State, "member", "add", "ring", $"g:{target}/Contacts/Company", "--role", "target");

        // Five contacts Bob already has, so that one delete stays under the mass-deletion guard's share.
        await user.CreateFolderAsync(Bob, "Company");
        for (var i = 0; i < 5; i++)
        {
            await user.CreateAsync(Bob, "Company", new JsonObject { ["givenName"] = "Known" + i, ["surname"] = "Contact", ["displayName"] = $"Known{i} Contact" });
        }

        using var service = ServiceHarness.Serve(f.State, port, "--poll-seconds", "3600");
        try
        {
            // The first cycle copies Bob's five; then each member's folder gets its subscription (validated by the lab).
            await UntilTargetsAsync(f, c => c.Count == 5, "Bob's five contacts", service);
            await ServiceHarness.UntilAsync(() => Task.FromResult(f.Lab.Graph.Webhooks.Count >= 1 + Targets.Length), Slow,
                () => $"only {f.Lab.Graph.Webhooks.Count} subscriptions. {service.Output} {service.Error}");
            var delivered = f.Lab.Graph.Webhooks.Delivered;

            await user.CreateAsync(Bob, "Company", new JsonObject { ["givenName"] = "Wanda", ["surname"] = "Hook", ["displayName"] = "Wanda Hook", ["fileAs"] = "Hook, Wanda" });
            var clock = Stopwatch.StartNew();
            await UntilTargetsAsync(f, c => c.Count == 6 && c.Any(x => x.Name == "Wanda Hook"), "the contact Bob made", service);
            log.WriteLine($"create: every target had it {clock.ElapsedMilliseconds} ms after Bob's POST");

            var wanda = (await user.ContactsAsync(Bob, "Company")).Single(c => (string?)c["displayName"] == "Wanda Hook");
            await user.PatchAsync(Bob, (string)wanda["id"]!, new JsonObject { ["jobTitle"] = "Hooked" });
            await UntilTargetsAsync(f, c => c.Any(x => x.Name == "Wanda Hook" && x.Title == "Hooked"), "Bob's edit", service);

            await user.DeleteAsync(Bob, (string)wanda["id"]!);
            clock.Restart();
            await UntilTargetsAsync(f, c => c.Count == 5 && c.All(x => x.Name != "Wanda Hook"), "Bob's delete", service);
            log.WriteLine($"delete: gone from every target {clock.ElapsedMilliseconds} ms after Bob's DELETE");

            // What carried the changes: notifications the lab delivered to the service, no poll (an hour away).
            Assert.True(f.Lab.Graph.Webhooks.Delivered >= delivered + 3, $"{f.Lab.Graph.Webhooks.Delivered - delivered} notifications delivered");
        }
        finally
        {
            service.Signal("TERM");
            await service.WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Equal(0, service.ExitCode);
    }

    private static Task UntilTargetsAsync(LabFixture f, Func<List<(string Name, string Title, string Company)>, bool> done, string what, Local.TandemProcess service) =>
        ServiceHarness.UntilAsync(async () =>
        {
            try
            {
                foreach (var target in Targets)
                {
                    if (!done(await f.ContactsAsync(target, "Contacts/Company"))) return false;
                }

                return true;
            }
            catch (InvalidOperationException)
            {
                return false; // the folder is not made yet
            }
        }, Slow, () => $"{what} did not reach every target. {service.Output} {service.Error}");
}
