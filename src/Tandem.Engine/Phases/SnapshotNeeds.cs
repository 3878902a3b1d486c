using Tandem.Core.Groups;

using Tandem.Core.Sync;

namespace Tandem.Engine.Phases;

/// <summary>
/// Which snapshots a plan will look at, so the engine loads just those: items a member changed or deleted
/// (to compare, merge or restore), items some member is behind on (to write), and, when a member joins
/// holding items, every live item (to match its copies against). One pass over the member items; indexes
/// by remote id are built only for members that reported changes.
/// </summary>
internal static class SnapshotNeeds
{
    public static (HashSet<long> Current, HashSet<(long Id, long Revision)> Bases) Compute(GroupSyncState state, IReadOnlyList<MemberRead> reads)
    {
        var current = new HashSet<long>();
        var bases = new HashSet<(long Id, long Revision)>();
        var merge = state.Group.Conflict == ConflictPolicy.Merge;
        var revision = new Dictionary<long, long>(state.LogicalItems.Count);
        foreach (var item in state.LogicalItems) if (!item.Tombstone) revision[item.Id] = item.Revision;
        var succeeded = reads.Where(r => r.Succeeded).ToDictionary(r => r.MemberId);
        var members = state.Members.Where(m => succeeded.ContainsKey(m.Id)).ToDictionary(m => m.Id);
        var receivers = members.Values.Where(m => m.Role.ReceivesChanges()).Select(m => m.Id).ToHashSet();
        var changed = members.Keys.Where(id => HasChanges(succeeded[id].Changes!)).ToHashSet();

        // how many reachable receivers already hold each live item's current revision
        var upToDate = new Dictionary<long, int>(revision.Count);
        var byRemote = changed.ToDictionary(id => id, _ => new Dictionary<string, MemberItem>(StringComparer.Ordinal));
        var linked = new Dictionary<int, HashSet<long>>();
        foreach (var mi in state.MemberItems)
        {
            if (!members.ContainsKey(mi.MemberId)) continue;
            if (mi.RemoteId is not null && byRemote.TryGetValue(mi.MemberId, out var index)) index[mi.RemoteId] = mi;
            if (members[mi.MemberId].Token is null)
            {
                if (!linked.TryGetValue(mi.MemberId, out var set)) linked[mi.MemberId] = set = [];
                set.Add(mi.LogicalId);
            }
            if (receivers.Contains(mi.MemberId) && mi.Status == MemberItemStatus.Synced &&
                revision.TryGetValue(mi.LogicalId, out var rev) && rev == mi.Revision)
                upToDate[mi.LogicalId] = upToDate.GetValueOrDefault(mi.LogicalId) + 1;
        }
        foreach (var (id, rev) in revision)
        {
            if (upToDate.GetValueOrDefault(id) < receivers.Count) current.Add(id);
        }

        foreach (var memberId in changed)
        {
            var member = members[memberId];
            var changes = succeeded[memberId].Changes!;
            var index = byRemote[memberId];
            var joining = false;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var upsert in changes.Upserts)
            {
                seen.Add(upsert.RemoteId);
                if (upsert.Item is null) continue;
                if (index.TryGetValue(upsert.RemoteId, out var mi))
                {
                    if (mi.ChangeKey == upsert.ChangeKey) continue;
                    current.Add(mi.LogicalId);
                    if (merge) bases.Add((mi.LogicalId, mi.Revision));
                }
                else if (upsert.Stamp is { } stamp && stamp.GroupId == state.GroupUid && long.TryParse(stamp.LogicalId, out var id))
                {
                    current.Add(id);
                }
                else if (member.Token is null)
                {
                    joining = true;
                }
            }
            foreach (var deleted in changes.Deletions)
            {
                if (index.TryGetValue(deleted, out var mi)) current.Add(mi.LogicalId);
            }
            if (changes.IsComplete)
            {
                foreach (var (remoteId, mi) in index) if (!seen.Contains(remoteId)) current.Add(mi.LogicalId);
            }
            if (joining)
            {
                var mine = linked.GetValueOrDefault(memberId) ?? [];
                foreach (var id in revision.Keys) if (!mine.Contains(id)) current.Add(id);
            }
        }
        current.IntersectWith(state.LogicalItems.Select(l => l.Id));
        // only revisions the store still keeps (the current one comes with the current snapshots)
        var kept = state.LogicalItems.Where(l => l.BaseRevision != 0).ToDictionary(l => l.Id, l => (l.BaseRevision, l.Revision));
        bases.RemoveWhere(b => !kept.TryGetValue(b.Id, out var range) || b.Revision < range.BaseRevision || b.Revision >= range.Revision);
        return (current, bases);
    }

    private static bool HasChanges(Tandem.Core.Connectors.ChangeSet changes) =>
        changes.IsComplete || changes.Upserts.Count > 0 || changes.Deletions.Count > 0;
}
