namespace Tandem.Core.Sync;

/// <summary>
/// Snapshots a plan needed and was not given: the current content of some items, and the content of some items at
/// an earlier revision (merge bases). The engine loads them and plans again; planning is pure, so the second plan is
/// the first one with the gaps filled.
/// </summary>
public sealed record SnapshotRequest(IReadOnlySet<long> Current, IReadOnlySet<(long Id, long Revision)> Revisions)
{
    public static readonly SnapshotRequest None = new(new HashSet<long>(), new HashSet<(long, long)>());

    public bool IsEmpty => Current.Count == 0 && Revisions.Count == 0;
}
