using Tandem.Core.Items;

namespace Tandem.Core.Sync;

/// <summary>
/// Everything one plan depends on: the state, what the members reported, the snapshots
/// <see cref="SnapshotNeeds"/> asked for, and the time. Same input, same plan.
/// </summary>
public sealed record PlanInput(
    GroupSyncState State,
    IReadOnlyList<MemberRead> Reads,
    IReadOnlyDictionary<long, CanonicalItem> Snapshots,
    IReadOnlyDictionary<long, CanonicalItem> BaseSnapshots,
    DateTimeOffset Now);
