using Tandem.State;
using Tandem.State.Cluster;

namespace Tandem.Panel;

/// <summary>A group as a node runs it: with a lease (PostgreSQL) its epoch and ages, else just its name.</summary>
public sealed record NodeGroupView(string Group, long? Epoch, double? HeldForSeconds, double? ExpiresInSeconds, bool Moving);

/// <summary>One node: alive or not (a beat within <see cref="Nodes.AliveWithin"/>), its last beat's age, and its groups.</summary>
public sealed record NodeView(string Node, bool Alive, double SinceBeatSeconds, DateTimeOffset Started, IReadOnlyList<NodeGroupView> Groups);

/// <summary>
/// The nodes page: on PostgreSQL the cluster's nodes, the groups each holds and their lease ages (what <c>tandem status</c>
/// prints), and the groups no node runs; on SQLite the single node that runs every group, without leases.
/// </summary>
public sealed record NodesView(bool Cluster, IReadOnlyList<NodeView> Nodes, IReadOnlyList<string> NotRunning);

public static class Nodes
{
    /// <summary>The same line <c>tandem status</c> draws between alive and not.</summary>
    public static readonly TimeSpan AliveWithin = TimeSpan.FromSeconds(30);

    public static async Task<NodesView> ReadAsync(IStateStore store, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (store is ILeaseStore leases)
            return FromCluster(await leases.ListNodesAsync(ct).ConfigureAwait(false), await leases.ListLeasesAsync(ct).ConfigureAwait(false));
        var groups = (await store.ListGroupsAsync(ct).ConfigureAwait(false)).Select(g => g.Name).ToList();
        return SingleNode(await store.ReadHeartbeatsAsync(ct).ConfigureAwait(false), groups, time.GetUtcNow());
    }

    public static NodesView FromCluster(IReadOnlyList<ClusterNode> nodes, IReadOnlyList<GroupLease> leases)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(leases);
        var held = leases.Where(l => l.Owner is not null && l.ExpiresIn > TimeSpan.Zero).ToList();
        return new NodesView(true,
            [.. nodes.Select(n => new NodeView(n.Node, n.SinceBeat < AliveWithin, n.SinceBeat.TotalSeconds, n.Started,
                [.. held.Where(l => l.Owner == n.Node).OrderBy(l => l.Name, StringComparer.Ordinal)
                    .Select(l => new NodeGroupView(l.Name, l.Epoch, l.HeldFor.TotalSeconds, l.ExpiresIn.TotalSeconds, l.ReleaseAsked))]))],
            [.. leases.Where(l => !held.Contains(l)).Select(l => l.Name).Order(StringComparer.Ordinal)]);
    }

    /// <summary>SQLite: one node runs every group (the newest heartbeat is that node; an older row is a previous run).</summary>
    public static NodesView SingleNode(IReadOnlyList<ServiceHeartbeat> beats, IReadOnlyList<string> groups, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(beats);
        var beat = beats.MaxBy(b => b.At);
        NodeView[] node = beat is null ? [] :
        [
            new NodeView(beat.Node, now - beat.At < AliveWithin, (now - beat.At).TotalSeconds, beat.Started,
                [.. groups.Order(StringComparer.Ordinal).Select(g => new NodeGroupView(g, null, null, null, false))]),
        ];
        return new NodesView(false, node, beat is null ? [.. groups] : []);
    }
}
