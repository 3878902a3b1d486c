using System.Globalization;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Core.Sync;

namespace Tandem.Engine.Phases;

/// <summary>What approving or rejecting the deletions withheld by the mass-deletion guard does to the state.</summary>
internal static class PauseDecisions
{
    /// <summary>
    /// The deletions go ahead: the items become tombstones that the next cycle spreads, each with the identity keys of the
    /// deleted version (from <paramref name="snapshots"/>) for matching a joining member's copy of it.
    /// </summary>
    public static StateDelta Approve(GroupSyncState state, IReadOnlyDictionary<long, CanonicalItem> snapshots, DateTimeOffset now)
    {
        var delta = new StateDelta { ClearPause = true };
        if (state.Pause is null) return delta;
        var logical = state.LogicalItems.ToDictionary(l => l.Id);
        var items = state.MemberItems.ToDictionary(m => (m.MemberId, m.LogicalId));
        var tombstoned = new HashSet<long>();
        foreach (var pending in state.Pause.PendingDeletions)
        {
            if (!items.TryGetValue((pending.MemberId, pending.LogicalId), out var mi)) continue;
            delta.MemberItemRemovals.Add((pending.MemberId, pending.LogicalId));
            if (!logical.TryGetValue(pending.LogicalId, out var item) || item.Tombstone || mi.Revision != item.Revision) continue;
            if (tombstoned.Add(item.Id))
            {
                var identity = snapshots.TryGetValue(item.Id, out var deleted) ? IdentityKeys.Pack(deleted) : null;
                delta.LogicalUpserts.Add((item with { Revision = item.Revision + 1, Tombstone = true, Modified = now, OriginMember = pending.MemberId, BaseRevision = 0, DeletedIdentity = identity }, null));
            }
        }
        return delta;
    }

    /// <summary>
    /// The deletions are undone: each member that deleted an item gets it back from the group's snapshot,
    /// sources included (restoring a master folder is what the guard is for).
    /// </summary>
    public static (StateDelta Delta, IReadOnlyList<PlannedWrite> Writes) Reject(GroupSyncState state, IReadOnlyDictionary<long, CanonicalItem> snapshots, RuleEngine rules)
    {
        var delta = new StateDelta { ClearPause = true };
        var writes = new List<PlannedWrite>();
        if (state.Pause is null) return (delta, writes);
        var logical = state.LogicalItems.ToDictionary(l => l.Id);
        foreach (var pending in state.Pause.PendingDeletions)
        {
            if (!logical.TryGetValue(pending.LogicalId, out var item) || item.Tombstone || !snapshots.TryGetValue(item.Id, out var snapshot)) continue;
            var member = state.Members.FirstOrDefault(m => m.Id == pending.MemberId);
            if (member is null) continue;
            // a source gets back what it had; receivers get what the group writes to them
            var content = member.Role == Tandem.Core.Groups.MemberRole.Source ? snapshot : rules.Modify(snapshot);
            var hash = Hash128.Of(content);
            var intent = $"m{member.Id}r{item.Revision}x";
            var stamp = new ItemStamp(state.GroupUid, item.Id.ToString(CultureInfo.InvariantCulture), intent);
            delta.MemberItemUpserts.Add(new MemberItem(item.Id, member.Id, null, null, hash, item.Revision, MemberItemStatus.PendingCreate, intent, Copy: true));
            writes.Add(new PlannedWrite(member.Id, item.Id, new WriteRequest(WriteKind.Create, stamp, content), hash, item.Revision, Copy: true));
        }
        return (delta, writes);
    }
}
