namespace Tandem.Core.Sync;

/// <summary>
/// The planner's answer: the state changes from what the members reported (committed before any write,
/// together with the intents of the creates), then the writes per member.
/// </summary>
public sealed record SyncPlan(
    StateDelta Delta,
    IReadOnlyList<PlannedWrite> Writes,
    IReadOnlyDictionary<int, MemberTally> Tallies,
    GroupPause? Pause)
{
    public IEnumerable<IGrouping<int, PlannedWrite>> WritesByMember => Writes.GroupBy(w => w.MemberId);
}
