using Tandem.Core.Groups;
using Tandem.State.Cluster;

namespace Tandem.Service.Cluster;

/// <summary>
/// The mailboxes whose per-mailbox limit must be kept across the cluster, a pure function of the groups and their leases:
/// those that are members of groups run by more than one node. A group with no live owner counts as a node of its own
/// (whoever claims it next may be another node), so a mailbox is shared before its second group is claimed rather than
/// a round after.
/// </summary>
internal static class SharedMailboxes
{
    public static IReadOnlyList<string> Of(IEnumerable<GroupDefinition> groups, IEnumerable<GroupLease> leases)
    {
        var owners = leases.ToDictionary(l => l.Name, l => l.Owner is { } o && l.ExpiresIn > TimeSpan.Zero ? o : "\0" + l.Name, StringComparer.Ordinal);
        var runners = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in groups)
        {
            var owner = owners.TryGetValue(group.Name, out var o) ? o : "\0" + group.Name;
            foreach (var member in group.Members)
            {
                if (!runners.TryGetValue(member.Folder.Mailbox, out var set)) runners[member.Folder.Mailbox] = set = new HashSet<string>(StringComparer.Ordinal);
                set.Add(owner);
            }
        }
        return [.. runners.Where(r => r.Value.Count > 1).Select(r => r.Key).Order(StringComparer.OrdinalIgnoreCase)];
    }
}
