using Tandem.Core.Groups;
using Tandem.Core.Sync;

namespace Tandem.Core.Purge;

/// <summary>A copy a purge may delete: the member's item that Tandem created for a logical item.</summary>
/// <param name="RemoteId">Null for a create whose result was never recorded: it is looked up by its stamp first.</param>
public sealed record PurgeCopy(int MemberId, FolderRef Member, long LogicalId, string? RemoteId);

/// <summary>
/// Which items a purge deletes: only copies Tandem made (<see cref="MemberItem.Copy"/>): creates it planned, found by
/// stamp or recorded. Never a source's items (a source only receives restores its administrator asked for, and its
/// content is the group's origin), never an item a member held before it joined and that was matched, never one a
/// member's user created, and nothing in members not asked for. Pure: the caller deletes and records.
/// </summary>
public static class PurgePlanner
{
    /// <param name="member">One member's copies (member remove --purge), or null for every member's (group remove --purge).</param>
    public static IReadOnlyList<PurgeCopy> Copies(GroupSyncState state, FolderRef? member)
    {
        ArgumentNullException.ThrowIfNull(state);
        var members = state.Members
            .Where(m => member is null || string.Equals(m.Folder.ToString(), member.ToString(), StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (member is not null && members.Count == 0) throw new ArgumentException($"{member} is not a member of group '{state.Group.Name}'");
        var copies = new List<PurgeCopy>();
        foreach (var m in members.Where(m => m.Role != MemberRole.Source))
        {
            foreach (var mi in state.MemberItems)
            {
                if (mi.MemberId != m.Id || !mi.Copy) continue;
                if (mi.Status == MemberItemStatus.Synced && mi.RemoteId is null) continue;
                copies.Add(new PurgeCopy(m.Id, m.Folder, mi.LogicalId, mi.Status == MemberItemStatus.PendingCreate ? null : mi.RemoteId));
            }
        }
        return copies;
    }
}
