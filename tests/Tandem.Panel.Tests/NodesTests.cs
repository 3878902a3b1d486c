using System.Text.Json;
using Tandem.State;
using Tandem.State.Admin;
using Tandem.State.Cluster;

namespace Tandem.Panel.Tests;

public sealed class NodesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Cluster_ListsEachNodesLeasedGroups_WithTheirAges_AndTheGroupsNoNodeRuns()
    {
        var view = Nodes.FromCluster(
            [new ClusterNode("node-a", TimeSpan.FromSeconds(2), Now.AddHours(-1)), new ClusterNode("node-b", TimeSpan.FromMinutes(3), Now.AddHours(-2))],
            [
                new GroupLease("company", "node-a", 3, TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(12), false, 40),
                new GroupLease("sales", "node-a", 1, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(9), true, 2),
                new GroupLease("rooms", "node-b", 7, TimeSpan.FromMinutes(9), TimeSpan.FromSeconds(-160), false, 0),
                new GroupLease("new", null, 0, TimeSpan.Zero, TimeSpan.Zero, false, 0),
            ]);

        Assert.True(view.Cluster);
        var a = view.Nodes[0];
        Assert.True(a.Alive);
        Assert.Equal(["company", "sales"], a.Groups.Select(g => g.Group));
        Assert.Equal((3L, 300.0, 12.0, false), (a.Groups[0].Epoch!.Value, a.Groups[0].HeldForSeconds!.Value, a.Groups[0].ExpiresInSeconds!.Value, a.Groups[0].Moving));
        Assert.True(a.Groups[1].Moving);
        var b = view.Nodes[1];
        Assert.False(b.Alive);
        Assert.Empty(b.Groups);
        Assert.Equal(["new", "rooms"], view.NotRunning);
    }

    [Fact]
    public void SingleNode_IsTheNewestHeartbeat_RunningEveryGroup()
    {
        var view = Nodes.SingleNode(
            [new ServiceHeartbeat("old-host", 1, Now.AddDays(-3), Now.AddDays(-4), "{}"), new ServiceHeartbeat("host", 2, Now.AddSeconds(-4), Now.AddHours(-1), "{}")],
            ["sales", "company"], Now);
        Assert.False(view.Cluster);
        var node = Assert.Single(view.Nodes);
        Assert.Equal(("host", true, 4.0), (node.Node, node.Alive, node.SinceBeatSeconds));
        Assert.Equal(["company", "sales"], node.Groups.Select(g => g.Group));
        Assert.All(node.Groups, g => Assert.Null(g.Epoch));
        Assert.Empty(view.NotRunning);
    }
}

[Collection(PanelCollection.Name)]
public sealed class NodesApiTests(PanelServer server)
{
    [Fact]
    public async Task Api_OnSqlite_ReportsTheServiceAsTheSingleNode()
    {
        using var api = server.Api(AdminRole.Viewer);
        await LocalGroups.WaitForAsync(async () =>
        {
            using var doc = JsonDocument.Parse(await api.GetStringAsync(new Uri("api/nodes", UriKind.Relative)));
            return doc.RootElement.GetProperty("nodes").GetArrayLength() == 1;
        }, "a heartbeat", 30);
        using var nodes = JsonDocument.Parse(await api.GetStringAsync(new Uri("api/nodes", UriKind.Relative)));
        Assert.False(nodes.RootElement.GetProperty("cluster").GetBoolean());
        var node = nodes.RootElement.GetProperty("nodes")[0];
        Assert.Equal(Environment.MachineName, node.GetProperty("node").GetString());
        Assert.True(node.GetProperty("alive").GetBoolean());
    }
}
