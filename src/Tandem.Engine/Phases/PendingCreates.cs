using System.Globalization;
using Tandem.Core.Connectors;

using Tandem.Core.Sync;

namespace Tandem.Engine.Phases;

/// <summary>
/// Crash recovery of creates: a create whose intent was recorded but whose result was not. The items found
/// by their stamp are linked; the others were never created and are created again under the same stamp.
/// </summary>
internal static class PendingCreates
{
    public static IReadOnlyList<MemberItem> Of(GroupSyncState state, int memberId) =>
        state.MemberItems.Where(m => m.MemberId == memberId && m.Status == MemberItemStatus.PendingCreate).ToList();

    public static StateDelta Resolve(GroupSyncState state, int memberId, IReadOnlyList<RemoteItem> found)
    {
        var delta = new StateDelta();
        var pending = Of(state, memberId).ToDictionary(m => m.LogicalId);
        // created after the token the plan that intended it stored, which is still the member's token
        var mark = TokenMark.Of(state.Members.FirstOrDefault(m => m.Id == memberId)?.Token);
        foreach (var item in found)
        {
            if (item.Stamp is not { } stamp || stamp.GroupId != state.GroupUid) continue;
            if (!long.TryParse(stamp.LogicalId, NumberStyles.None, CultureInfo.InvariantCulture, out var logicalId)) continue;
            if (!pending.Remove(logicalId, out var mi)) continue;
            // what we meant to write is there: linked at the intended revision. If it differs (edited since), the
            // change key is left unknown so the next read looks at its content as an edit.
            var same = item.Item is not null && Hash128.Of(item.Item) == mi.Hash;
            delta.MemberItemUpserts.Add(mi with
            {
                RemoteId = item.RemoteId,
                ChangeKey = same ? item.ChangeKey : null,
                Status = MemberItemStatus.Synced,
                TokenMark = mark,
            });
        }
        return delta;
    }
}
