using Tandem.Core.Sync;

namespace Tandem.Engine.Phases;

/// <summary>
/// A committed step applied to the state the cycle already holds, so that a cycle loads its group's state once. Only
/// what the steps before planning commit is supported (member items); anything else is refused loudly rather than
/// silently ignored.
/// </summary>
internal static class StateInMemory
{
    public static GroupSyncState Apply(GroupSyncState state, StateDelta delta)
    {
        if (delta.LogicalUpserts.Count > 0 || delta.LogicalRemovals.Count > 0 || delta.Tokens.Count > 0 || delta.Pause is not null || delta.ClearPause)
            throw new InvalidOperationException("only member-item changes can be applied to a loaded state");
        var upserts = delta.MemberItemUpserts.ToDictionary(m => (m.MemberId, m.LogicalId));
        var removed = delta.MemberItemRemovals.ToHashSet();
        var items = new List<MemberItem>(state.MemberItems.Count + upserts.Count);
        foreach (var mi in state.MemberItems)
        {
            var key = (mi.MemberId, mi.LogicalId);
            if (removed.Contains(key)) continue;
            if (upserts.Remove(key, out var replaced)) items.Add(replaced);
            else items.Add(mi);
        }
        items.AddRange(upserts.Values);
        return state with { MemberItems = items };
    }
}
