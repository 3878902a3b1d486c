namespace Tandem.State.Cluster;

/// <summary>
/// What several <c>tandem serve</c> nodes on one database use to share the groups: a node table with heartbeats, one lease
/// row per group (claimed with <c>FOR UPDATE SKIP LOCKED</c>, renewed on the database clock, an epoch per takeover), a
/// leader lock for rebalancing, and once-per-cluster jobs. Only a provider that several processes can share implements it
/// (PostgreSQL); with SQLite a single node runs every group without leases.
/// </summary>
public interface ILeaseStore
{
    /// <summary>Records that <paramref name="node"/> is alive (database clock).</summary>
    Task BeatAsync(string node, DateTimeOffset started, CancellationToken cancellationToken);

    Task<IReadOnlyList<ClusterNode>> ListNodesAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<GroupLease>> ListLeasesAsync(CancellationToken cancellationToken);

    /// <summary>Extends every lease <paramref name="node"/> still holds; the answer is what it holds now (a missing one was lost).</summary>
    Task<IReadOnlyList<GroupLease>> RenewAsync(string node, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>
    /// Makes sure each of <paramref name="groups"/> has a lease row, then takes up to <paramref name="max"/> of those that are
    /// free or expired (rows another node is claiming at the same moment are skipped), each with a new epoch.
    /// </summary>
    Task<IReadOnlyList<GroupLease>> ClaimAsync(string node, IReadOnlyCollection<string> groups, int max, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives a lease up (after its runner stopped), so another node can take it at once.</summary>
    Task ReleaseAsync(string node, string group, CancellationToken cancellationToken);

    /// <summary>
    /// Becomes the leader if nobody is (an advisory lock held by an open session); null when another node leads. The leader
    /// acts only through the returned session, so once that session was ended (<see cref="EndSessionsOfSilentNodesAsync"/>)
    /// a leader that was paused cannot act on waking.
    /// </summary>
    Task<ILeadership?> TryLeadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Takes one of <paramref name="slots"/> slots of <paramref name="key"/> for the whole cluster (a lock held by a session
    /// of its own), waiting until one is free; disposing gives it back, and so does the node's death or its session being
    /// ended as silent. Keeps a per-mailbox limit across nodes.
    /// </summary>
    Task<IAsyncDisposable> TakeSlotAsync(string key, int slots, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the database sessions of every node whose last beat is older than <paramref name="silence"/> that are inside a
    /// transaction open for longer than that, or that hold a session lock (the leader's, a mailbox slot): a node paused or
    /// cut off in the middle of a write keeps the rows it locked until its session ends, and a paused leader keeps leading,
    /// which would hold its groups (and the cluster's rebalancing) back from the others until it resumed. Its transactions
    /// roll back (its leases have run out: the fence would refuse them anyway). A slow node's fresh transactions (its next
    /// beat) are left alone. The number of sessions ended.
    /// </summary>
    Task<int> EndSessionsOfSilentNodesAsync(TimeSpan silence, CancellationToken cancellationToken);

    /// <summary>True for exactly one caller in the cluster per <paramref name="interval"/>: scheduled work runs once, not once per node.</summary>
    Task<bool> TryRunJobAsync(string job, string node, TimeSpan interval, CancellationToken cancellationToken);
}
