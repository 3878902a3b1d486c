namespace Tandem.Core.Sync;

/// <summary>
/// Something a plan could not do as the policy says, and why: a write left for the next cycle because the item's
/// snapshot was not available, or a merge decided by newest-wins because its base revision is no longer kept.
/// Nothing is dropped or downgraded without an entry here; the engine logs each.
/// </summary>
public sealed record DeferredWork(long LogicalId, int MemberId, string Reason);
