using Tandem.Service.Cluster;
using Tandem.State.Cluster;

namespace Tandem.Service.Tests.Cluster;

/// <summary>The leader's plan: spread groups over live nodes, calmly (no moves within the hysteresis band, no young leases).</summary>
public sealed class RebalanceTests
{
    private static readonly ClusterSettings Settings = ClusterSettings.For(TimeSpan.FromSeconds(15));
    private static readonly TimeSpan Old = TimeSpan.FromMinutes(5);

    private static List<GroupLease> Held(string owner, int count, TimeSpan heldFor, int from = 0) =>
        [.. Enumerable.Range(from, count).Select(i => new GroupLease($"{owner}-g{i:D2}", owner, 1, heldFor, TimeSpan.FromSeconds(10), false, 0))];

    [Theory]
    [InlineData(20, 3, 7)]
    [InlineData(20, 1, 20)]
    [InlineData(20, 0, 20)]
    [InlineData(2, 3, 1)]
    public void FairShare_RoundsUp(int groups, int nodes, int share) => Assert.Equal(share, Rebalance.FairShare(groups, nodes));

    [Fact]
    public void Plan_OneNodeHoldsEverythingAndTwoJoin_AsksBackAllButItsShare()
    {
        var asks = Rebalance.Plan(Held("a", 20, Old), ["a", "b", "c"], Settings);

        Assert.Equal(13, asks.Count);
        Assert.All(asks, l => Assert.Equal("a", l.Owner));
    }

    [Fact]
    public void Plan_WithinTheHysteresisBand_MovesNothing()
    {
        var leases = Held("a", 7, Old).Concat(Held("b", 7, Old)).Concat(Held("c", 6, Old)).ToList();

        Assert.Empty(Rebalance.Plan(leases, ["a", "b", "c"], Settings));
    }

    [Fact]
    public void Plan_YoungLeases_AreNotMoved()
    {
        var asks = Rebalance.Plan(Held("a", 10, TimeSpan.FromSeconds(5)), ["a", "b"], Settings);

        Assert.Empty(asks);
    }

    [Fact]
    public void Plan_LeasesAlreadyBeingHandedOver_AreNotAskedAgain()
    {
        var leases = Held("a", 10, Old);
        for (var i = 0; i < 5; i++) leases[i] = leases[i] with { ReleaseAsked = true };

        Assert.Empty(Rebalance.Plan(leases, ["a", "b"], Settings));
    }

    [Fact]
    public void Plan_ExpiredLeasesOfADeadNode_AreLeftToTheClaims()
    {
        var dead = Held("x", 6, Old).Select(l => l with { ExpiresIn = TimeSpan.Zero });
        var leases = Held("a", 7, Old).Concat(dead).ToList();

        Assert.Empty(Rebalance.Plan(leases, ["a", "b"], Settings));
    }

    [Fact]
    public void Plan_SingleNode_NeverMovesAnything() => Assert.Empty(Rebalance.Plan(Held("a", 20, Old), ["a"], Settings));
}
