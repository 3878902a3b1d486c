using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Integration.Tests.Ews;
using Tandem.Integration.Tests.Local;
using Tandem.Service;
using Tandem.Testing.Servers;
using Xunit.Abstractions;

namespace Tandem.Integration.Tests.Service;

/// <summary>
/// Two `tandem serve` nodes on one PostgreSQL, six groups fed by one company-wide source folder (hub@lab.test/Contacts),
/// so the hub mailbox is used by groups on both nodes. Its per-mailbox EWS limit (mailboxConcurrency, 2 by default) must
/// hold for the two nodes together: the lab, where the hub is slow (each request holds it 150 ms, so requests pile up),
/// never sees more than 2 requests for it in flight at once. Each node alone would allow 2, together 4.
/// </summary>
public sealed class ClusterSharedMailboxTests(ITestOutputHelper log)
{
    private const int Groups = 6;
    private const int Targets = 2;
    private const int Contacts = 30;
    private const string Hub = "hub@lab.test";

    [SkippableFact]
    public async Task TwoNodes_SourceMailboxUsedByGroupsOnBoth_KeepItsLimitTogether()
    {
        Skip.If(OperatingSystem.IsWindows(), "signals");
        var pg = await PostgresServer.SharedAsync();
        Skip.If(pg.SkipReason is not null, pg.SkipReason);
        var state = await pg.CreateDatabaseAsync("shared");
        var database = state[(state.LastIndexOf('/') + 1)..];
        await using var f = await LabFixture.StartAsync();
        var targets = Enumerable.Range(1, Groups * Targets).Select(i => $"t{i:D2}@lab.test").ToList();
        f.Lab.AddMailbox(Hub);
        foreach (var user in targets) f.Lab.AddMailbox(user);
        await EwsCli.AddLabConnectionAsync(state, f.Lab.BaseUrl);
        await AddGroupsAsync(state, targets);
        f.Lab.Faults.SetMailboxLatency(Hub, TimeSpan.FromMilliseconds(150));

        var nodes = new List<TandemProcess>();
        try
        {
            for (var n = 0; n < 2; n++)
                nodes.Add(ServiceHarness.Serve(state, ServiceHarness.FreePort(), "--node", $"node{n}", "--lease-seconds", "10", "--poll-seconds", "2"));
            // The groups first settle on the two nodes (three each) while the hub is still empty, and every node then
            // renews its leases at least once more (a node learns that a mailbox is shared on its lease round; a group
            // that moves may overlap its old owner for up to one round, which README states and is not what this test is
            // about). Only then does the company list arrive, and the peak is measured over that fan-out.
            var split = "";
            await ServiceHarness.UntilAsync(async () =>
            {
                split = await pg.QueryAsync(database, "SELECT owner || ':' || count(*) FROM group_leases WHERE owner IS NOT NULL AND expires > now() GROUP BY owner ORDER BY owner");
                var counts = split.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                return counts.Length == 2 && counts.All(c => c.EndsWith(":" + (Groups / 2).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
            }, TimeSpan.FromSeconds(120), () => "the groups did not settle three on each node: " + split);
            await Task.Delay(TimeSpan.FromSeconds(12));
            f.Lab.ResetPeakRequestsInFlight(Hub);
            await SeedAsync(f);

            var clock = Stopwatch.StartNew();
            await ServiceHarness.UntilAsync(() => CompleteAsync(f, targets), TimeSpan.FromSeconds(240),
                () => "the fan-out did not complete: " + string.Join("\n---\n", nodes.Select(n => n.Error.Length > 2000 ? n.Error[^2000..] : n.Error)));
            var peak = f.Lab.PeakRequestsInFlight(Hub);
            var after = await pg.QueryAsync(database, "SELECT owner || ':' || count(*) FROM group_leases WHERE owner IS NOT NULL AND expires > now() GROUP BY owner ORDER BY owner");
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"complete after {clock.Elapsed.TotalSeconds:F1} s; groups per node before {split.Replace('\n', ' ')}, after {after.Replace('\n', ' ')}; the hub had at most {peak} requests in flight"));

            // A group that moved during the fan-out (a node starved past its lease on a loaded machine) may overlap its old
            // owner by one request for up to one lease round, as README states; otherwise the limit holds exactly.
            Assert.InRange(peak, 1, split == after ? 2 : 3);
        }
        finally
        {
            foreach (var node in nodes) node.Signal("TERM");
            foreach (var node in nodes) await node.WaitAsync(TimeSpan.FromSeconds(40));
            foreach (var node in nodes) node.Dispose();
        }
    }

    private static async Task SeedAsync(LabFixture f)
    {
        var xml = new StringBuilder();
        for (var i = 0; i < Contacts; i++) xml.Append(Tandem.Testing.Ews.LabContacts.Xml(i));
        await f.Ews.CreateAsync(Hub, await f.FolderAsync(Hub, "Contacts"), xml.ToString(), CancellationToken.None);
    }

    private static async Task AddGroupsAsync(string state, IReadOnlyList<string> targets)
    {
        await using var store = await StateStoreFactory.OpenAsync(state, TimeProvider.System, Environment.GetEnvironmentVariable, CancellationToken.None);
        for (var g = 0; g < Groups; g++)
        {
            var name = $"h{g:D2}";
            await store.AddGroupAsync(new GroupDefinition { Name = name, Kind = ItemKind.Contact }, CancellationToken.None);
            await store.AddMemberAsync(name, new MemberDefinition(FolderRef.Parse($"lab:{Hub}/Contacts"), MemberRole.Source), CancellationToken.None);
            for (var t = 0; t < Targets; t++)
                await store.AddMemberAsync(name, new MemberDefinition(FolderRef.Parse($"lab:{targets[(g * Targets) + t]}/Contacts/Company"), MemberRole.Target), CancellationToken.None);
        }
    }

    private static async Task<bool> CompleteAsync(LabFixture f, IReadOnlyList<string> targets)
    {
        foreach (var user in targets)
        {
            try
            {
                if ((await f.ContactsAsync(user, "Contacts/Company")).Count != Contacts) return false;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
        return true;
    }
}
