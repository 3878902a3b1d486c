namespace Tandem.Core.Sync;

/// <summary>
/// The planner's answer: the state changes from what the members reported (committed before any write,
/// together with the intents of the creates and updates), then the writes per member. <see cref="Missing"/> lists the
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
    public IEnumerable<IGrouping<int, PlannedWrite>> WritesByMember => Writes.GroupBy(w => w.MemberId);
}
