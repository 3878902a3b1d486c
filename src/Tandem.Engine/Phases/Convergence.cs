using Tandem.Core.Sync;

namespace Tandem.Engine.Phases;

/// <summary>
/// When a group needs no work at all: the next cycle may then skip loading its state as long as no member reports a
/// change. Decided only from a full cycle whose plan did nothing but move change tokens, over a state with nothing
/// waiting (no pause, quarantine, tombstone, interrupted create, joining member, or copy behind its item): deliberately
/// stricter than the planner, because a wrong "converged" would silently stop the group from spreading its own work.
/// </summary>
internal static class Convergence
{
    /// <summary>Every member was read and none reported anything (an incremental token with no upserts or deletions).</summary>
    public static bool NothingChanged(IReadOnlyList<MemberRead> reads) =>
        reads.All(r => r.Succeeded && !r.Changes!.IsComplete && r.Changes.Upserts.Count == 0 && r.Changes.Deletions.Count == 0);

    public static bool IsConverged(GroupSyncState state, IReadOnlyList<MemberRead> reads, SyncPlan plan)
    {
        if (state.Pause is not null || plan.Pause is not null || state.Quarantine.Count > 0) return false;
        if (reads.Count != state.Members.Count || !NothingChanged(reads)) return false;
        if (state.Members.Any(m => m.Token is null)) return false;
        if (plan.WriteCount > 0 || !OnlyTokens(plan.Delta)) return false;
        var revisions = new Dictionary<long, long>(state.LogicalItems.Count);
        var tombstones = new HashSet<long>();
        foreach (var item in state.LogicalItems)
        {
            if (item.Tombstone) tombstones.Add(item.Id);
            else revisions[item.Id] = item.Revision;
        }
        var marks = state.Members.ToDictionary(m => m.Id, m => TokenMark.Of(plan.Delta.Tokens.TryGetValue(m.Id, out var token) ? token : m.Token));
        foreach (var mi in state.MemberItems)
        {
            // a copy the member's token has not seen yet must still be confirmed by a read: not converged
            if (mi.TokenMark != 0 && mi.TokenMark == marks.GetValueOrDefault(mi.MemberId)) return false;
            // an item the filter keeps out (and receivers' own copies of it) waits for an edit, with nothing to write
            if (tombstones.Contains(mi.LogicalId) && mi.Status is MemberItemStatus.KeptOut or MemberItemStatus.Own) continue;
            if (mi.Status != MemberItemStatus.Synced || mi.HasPendingUpdate) return false;
            if (!revisions.TryGetValue(mi.LogicalId, out var revision) || mi.Revision != revision) return false;
        }
        return true;
    }

    private static bool OnlyTokens(StateDelta delta) =>
        delta.LogicalUpserts.Count == 0 && delta.LogicalRemovals.Count == 0 && delta.MemberItemUpserts.Count == 0 &&
        delta.MemberItemRemovals.Count == 0 && delta.NextLogicalId == 0 && delta.QuarantineAdds.Count == 0 &&
        delta.QuarantineRemovals.Count == 0 && delta.Pause is null && !delta.ClearPause;
}
