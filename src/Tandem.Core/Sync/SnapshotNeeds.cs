using Tandem.Core.Groups;

namespace Tandem.Core.Sync;

/// <summary>
/// Which snapshots a plan will look at, so the engine loads just those: items a member changed or deleted
/// (to compare, merge or restore), items some member is behind on (to write), and, when a member joins
/// holding items, every live item (to match its copies against).
/// </summary>
public static class SnapshotNeeds
{
    public static (HashSet<long> Current, HashSet<long> Base) Compute(GroupSyncState state, IReadOnlyList<MemberRead> reads)
    {
        var current = new HashSet<long>();
        var bases = new HashSet<long>();
        var merge = state.Group.Conflict == ConflictPolicy.Merge;
        var logical = state.LogicalItems.ToDictionary(l => l.Id);
        var byMember = state.MemberItems.GroupBy(m => m.MemberId).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var read in reads.Where(r => r.Succeeded))
        {
            var member = state.Members.First(m => m.Id == read.MemberId);
            var items = byMember.GetValueOrDefault(member.Id) ?? [];
            var byRemote = new Dictionary<string, MemberItem>(StringComparer.Ordinal);
            foreach (var mi in items) if (mi.RemoteId is not null) byRemote[mi.RemoteId] = mi;
            var joining = false;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var upsert in read.Changes!.Upserts)
            {
                seen.Add(upsert.RemoteId);
                if (upsert.Item is null) continue;
                if (byRemote.TryGetValue(upsert.RemoteId, out var mi))
                {
                    if (mi.ChangeKey == upsert.ChangeKey) continue;
                    current.Add(mi.LogicalId);
                    if (merge) bases.Add(mi.LogicalId);
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
            foreach (var deleted in read.Changes.Deletions)
            {
                if (byRemote.TryGetValue(deleted, out var mi)) current.Add(mi.LogicalId);
            }
            if (read.Changes.IsComplete)
            {
                foreach (var mi in byRemote.Values) if (!seen.Contains(mi.RemoteId!)) current.Add(mi.LogicalId);
            }
            if (joining)
            {
                var linked = items.Select(m => m.LogicalId).ToHashSet();
                foreach (var item in state.LogicalItems) if (!item.Tombstone && !linked.Contains(item.Id)) current.Add(item.Id);
            }
            if (member.Role.ReceivesChanges())
            {
                var mine = items.ToDictionary(m => m.LogicalId);
                foreach (var item in state.LogicalItems)
                {
                    if (item.Tombstone) continue;
                    if (!mine.TryGetValue(item.Id, out var mi) || mi.Status != MemberItemStatus.Synced || mi.Revision != item.Revision) current.Add(item.Id);
                }
            }
        }
        current.IntersectWith(logical.Keys);
        bases.RemoveWhere(id => !logical.TryGetValue(id, out var l) || l.BaseRevision == 0);
        return (current, bases);
    }
}
