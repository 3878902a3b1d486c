using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Tandem.Core.Groups;

namespace Tandem.Service.Runtime;

/// <summary>
/// What a running group depends on: its definition, its members and roles, and the connections they use (settings and
/// hashed secrets). When it changes, the group's runner is restarted; nothing else restarts.
/// </summary>
internal static class GroupFingerprint
{
    public static string Of(GroupDefinition group, IEnumerable<string> connectionFingerprints)
    {
        ArgumentNullException.ThrowIfNull(group);
        var text = new StringBuilder()
            .Append(group.Name).Append('\n').Append(group.Kind).Append('\n').Append(group.Conflict).Append('\n')
            .Append(group.PriorityMember?.ToString() ?? "").Append('\n')
            .Append(group.MassDeleteThreshold.ToString("R", CultureInfo.InvariantCulture)).Append('\n')
            .Append(group.RulesJson ?? "").Append('\n');
        foreach (var member in group.Members) text.Append(member.Folder).Append(' ').Append(member.Role).Append('\n');
        foreach (var connection in connectionFingerprints) text.Append(connection).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
