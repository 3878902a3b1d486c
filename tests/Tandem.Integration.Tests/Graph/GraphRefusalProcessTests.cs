using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Integration.Tests.Ews;
using Tandem.Testing.Items;
using Xunit.Abstractions;

namespace Tandem.Integration.Tests.Graph;

/// <summary>
/// An item a Graph member cannot hold (a series in a zone only its own definition describes: Graph takes Windows zones
/// only): the write is refused, the item is quarantined in that member with the reason, the rest syncs, and the next
/// cycle does not send it again; <c>tandem retry</c> tries it once more.
/// </summary>
public sealed class GraphRefusalProcessTests(ITestOutputHelper log)
{
    private const string Alice = "alice@lab.test";
    private const string Bob = "bob@lab.test";

    [Fact]
    public async Task ItemGraphCannotHold_QuarantinedWithTheReason_NotSentAgain_RetryTriesOnce()
    {
        await using var f = await LabFixture.StartAsync();
        await GraphSyncProcessTests.AddConnectionsAsync(f);
        await EwsCli.RunOkAsync(f.State, "group", "add", "isles", "--type", "calendar");
        await EwsCli.RunOkAsync(f.State, "member", "add", "isles", $"lab:{Alice}/Calendar/Isles", "--role", "source");
        await EwsCli.RunOkAsync(f.State, "member", "add", "isles", $"g:{Bob}/Calendar/Isles", "--role", "target");
        await using (var outlook = LabClients.Outlook(f, Alice))
        await using (var alice = await outlook.OpenFolderAsync(FolderRef.Parse($"outlook:{Alice}/Calendar/Isles"), ItemKind.Event, create: true, default))
        {
            var made = await alice.WriteAsync(
            [
                new WriteRequest(WriteKind.Create, new ItemStamp("outlook", "u-isles", "u-isles"), SampleZones.IslesSeries(SampleZones.Isles())),
                new WriteRequest(WriteKind.Create, new ItemStamp("outlook", "u-plain", "u-plain"), SampleItems.Simple(ItemKind.Event, "Plain")),
            ], default);
            Assert.All(made, m => Assert.Equal(WriteOutcome.Ok, m.Outcome));
        }

        log.WriteLine(await EwsCli.RunOkAsync(f.State, "sync"));
        var status = await EwsCli.RunOkAsync(f.State, "status");
        log.WriteLine(status);
        var quarantined = status.Split('\n').Where(l => l.Contains("quarantined in", StringComparison.Ordinal)).ToList();
        Assert.Contains(Bob, Assert.Single(quarantined), StringComparison.Ordinal);
        Assert.Contains("create refused by the store", quarantined[0], StringComparison.Ordinal);
        Assert.Contains("no Windows time zone with the same rules", quarantined[0], StringComparison.Ordinal);
        await using var graph = LabClients.GraphUser(f);
        await using var bob = await graph.OpenFolderAsync(FolderRef.Parse($"graph-user:{Bob}/Calendar/Isles"), ItemKind.Event, create: false, default);
        Assert.Equal(["Plain"], (await bob.ReadChangesAsync(null, default)).Upserts.Select(u => ((Event)u.Item!).Subject));

        // the next cycle leaves it quarantined and sends nothing to Bob: no write reaches the Graph face
        var requests = f.Lab.Graph.Faults.Requests;
        var again = await EwsCli.RunOkAsync(f.State, "sync");
        log.WriteLine(again);
        Assert.Equal(quarantined, (await EwsCli.RunOkAsync(f.State, "status")).Split('\n').Where(l => l.Contains("quarantined in", StringComparison.Ordinal)).ToList());
        Assert.True(f.Lab.Graph.Faults.Requests - requests <= 1, $"a quiet cycle reads Bob's delta once; {f.Lab.Graph.Faults.Requests - requests} requests were sent");

        // retry: tried once more (retry runs the cycle), refused again, quarantined again with the reason; nothing written twice
        var (exit, output, _) = await EwsCli.RunWithStdinAsync(f.State, "", "retry", "isles");
        log.WriteLine(output);
        Assert.Equal(1, exit);
        Assert.Contains("1 still quarantined", output, StringComparison.Ordinal);
        Assert.Single((await EwsCli.RunOkAsync(f.State, "status")).Split('\n'), l => l.Contains("quarantined in", StringComparison.Ordinal) && l.Contains("same rules", StringComparison.Ordinal));
        Assert.Equal(["Plain"], (await bob.ReadChangesAsync(null, default)).Upserts.Select(u => ((Event)u.Item!).Subject));
    }
}
