using Tandem.Core.Items;

namespace Tandem.Core.Sync;

/// <summary>
/// Everything one plan depends on: the state, what the members reported, the snapshots at hand (current content by
/// item, earlier revisions by item and revision) and the time. Same input, same plan. Snapshots not at hand are asked
/// for in <see cref="SyncPlan.Missing"/>.
/// </summary>
public sealed record PlanInput(
    GroupSyncState State,
    IReadOnlyList<MemberRead> Reads,
    IReadOnlyDictionary<long, CanonicalItem> Snapshots,
    IReadOnlyDictionary<(long Id, long Revision), CanonicalItem> Revisions,
    DateTimeOffset Now);
