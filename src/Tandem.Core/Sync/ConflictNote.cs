namespace Tandem.Core.Sync;

/// <summary>A conflict the planner decided for one item and member, and how (for the item's history).</summary>
public sealed record ConflictNote(long LogicalId, int MemberId, string Decision);
