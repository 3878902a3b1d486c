using Tandem.Core.History;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using Tandem.State;

namespace Tandem.Engine.Phases;

/// <summary>
/// The history lines of a committed plan: each accepted change (created, updated with its field changes, deleted,
/// restored), each conflict with its decision, each quarantine. They go into the plan's delta, so they are recorded in
/// the same commit as the changes. Field changes need the version replaced: the plan's own snapshots usually hold it;
/// the others are loaded for updated items only, so an initial sync (all creates) loads nothing.
/// </summary>
internal static class HistoryLines
{
    public static async Task AddAsync(IGroupStateStore store, GroupSyncState state, SyncPlan plan, IReadOnlyDictionary<long, CanonicalItem> known, DateTimeOffset now, CancellationToken ct)
    {
        var delta = plan.Delta;
        var lines = delta.History;
        if (delta.LogicalUpserts.Count > 0)
        {
            var old = new Dictionary<long, LogicalItem>(delta.LogicalUpserts.Count);
            var wanted = delta.LogicalUpserts.Select(u => u.Item.Id).ToHashSet();
            foreach (var item in state.LogicalItems)
            {
                if (wanted.Contains(item.Id)) old[item.Id] = item;
            }
            var missing = delta.LogicalUpserts
                .Where(u => (u.Snapshot is not null || u.Item.Tombstone) && old.TryGetValue(u.Item.Id, out var before) && !before.Tombstone && before.Revision != u.Item.Revision && !known.ContainsKey(u.Item.Id))
                .Select(u => u.Item.Id).ToList();
            var loaded = missing.Count == 0 ? known : await LoadMoreAsync(store, state.Group.Name, known, missing, ct).ConfigureAwait(false);
            foreach (var (item, snapshot) in delta.LogicalUpserts)
            {
                var line = Line(item, snapshot, old.GetValueOrDefault(item.Id), loaded, now);
                if (line is not null) lines.Add(line);
            }
        }
        if (plan.Conflicts.Count > 0)
        {
            var revisions = state.LogicalItems.ToDictionary(l => l.Id, l => l.Revision);
            foreach (var (item, _) in delta.LogicalUpserts) revisions[item.Id] = item.Revision;
            foreach (var conflict in plan.Conflicts)
                lines.Add(new HistoryEntry(conflict.LogicalId, revisions.GetValueOrDefault(conflict.LogicalId), now, HistoryAction.Conflict, conflict.MemberId, Detail: conflict.Decision));
        }
        if (delta.QuarantineAdds.Count > 0)
        {
            var byRemote = state.MemberItems.Where(m => m.RemoteId is not null).ToDictionary(m => (m.MemberId, m.RemoteId!), m => m.LogicalId);
            foreach (var q in delta.QuarantineAdds)
            {
                // an item never read well has no logical item: it is found by its remote id in the title
                var logicalId = byRemote.GetValueOrDefault((q.MemberId, q.RemoteId));
                lines.Add(new HistoryEntry(logicalId, 0, now, HistoryAction.Quarantined, q.MemberId, logicalId == 0 ? q.RemoteId : null, Detail: q.Reason));
            }
        }
    }

    private static HistoryEntry? Line(LogicalItem item, CanonicalItem? snapshot, LogicalItem? before, IReadOnlyDictionary<long, CanonicalItem> known, DateTimeOffset now)
    {
        if (before is not null && before.Revision == item.Revision) return null; // bookkeeping (kept merge bases), not a change
        var title = snapshot is null ? null : ItemLabel.Of(snapshot);
        if (item.Tombstone)
            return new HistoryEntry(item.Id, item.Revision, now, HistoryAction.Deleted, item.OriginMember, known.TryGetValue(item.Id, out var last) ? ItemLabel.Of(last) : null);
        if (before is null) return new HistoryEntry(item.Id, item.Revision, now, HistoryAction.Created, item.OriginMember, title);
        if (before.Tombstone) return new HistoryEntry(item.Id, item.Revision, now, HistoryAction.Restored, item.OriginMember, title);
        var changes = snapshot is not null && known.TryGetValue(item.Id, out var previous) ? FieldDiff.Compare(previous, snapshot) : null;
        return new HistoryEntry(item.Id, item.Revision, now, HistoryAction.Updated, item.OriginMember, title, changes);
    }

    private static async Task<IReadOnlyDictionary<long, CanonicalItem>> LoadMoreAsync(IGroupStateStore store, string group, IReadOnlyDictionary<long, CanonicalItem> known, List<long> ids, CancellationToken ct)
    {
        var all = new Dictionary<long, CanonicalItem>(known);
        foreach (var (id, item) in await store.LoadSnapshotsAsync(group, ids, ct).ConfigureAwait(false)) all[id] = item;
        return all;
    }
}
