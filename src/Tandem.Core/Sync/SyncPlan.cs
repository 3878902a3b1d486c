namespace Tandem.Core.Sync;

/// <summary>
/// The planner's answer: the state changes from what the members reported (committed before any write,
/// together with the intents of the updates and of creates already pending), then the writes per member and the fresh
/// creates (<see cref="Creates"/>, their intents committed per batch). <see cref="Missing"/> lists the
/// snapshots it needed and was not given (the engine loads them and plans again); <see cref="Deferred"/> what it could
/// not do as the policy says, and why.
/// </summary>
public sealed record SyncPlan(
    StateDelta Delta,
    IReadOnlyList<PlannedWrite> Writes,
    IReadOnlyDictionary<int, MemberTally> Tallies,
    GroupPause? Pause,
    SnapshotRequest Missing,
    IReadOnlyList<DeferredWork> Deferred)
{
    /// <summary>Copies to create in members that have no record of the item yet (their intents are committed per batch).</summary>
    public IReadOnlyList<PlannedCreate> Creates { get; init; } = [];

    /// <summary>The conflicts this plan decided, one per item and member, with the decision (for the items' history).</summary>
    public IReadOnlyList<ConflictNote> Conflicts { get; init; } = [];

    /// <summary>The group's stamp id (for the creates' stamps).</summary>
    public string GroupUid { get; init; } = "";

    public int WriteCount => Writes.Count + Creates.Count;

    /// <summary>Every write, the creates as they will be sent.</summary>
    public IEnumerable<PlannedWrite> AllWrites => Writes.Concat(Creates.Select(c => c.Write(GroupUid)));

    public IEnumerable<IGrouping<int, PlannedWrite>> WritesByMember => AllWrites.GroupBy(w => w.MemberId);
}
