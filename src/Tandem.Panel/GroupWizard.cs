using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Panel.Security;
using Tandem.Service.Runtime;
using Tandem.State;

namespace Tandem.Panel;

/// <summary>
/// The group wizard's two steps: browse a connection's folder tree (public folders included, through the connector's own
/// folder listing and the service's pooled connector) and create the group with its members and roles.
/// </summary>
public sealed class GroupWizard(IServiceProvider services, IStateStore store, AuditTrail audit)
{
    public async Task<IReadOnlyList<FolderInfo>> FoldersAsync(string connection, string? mailbox, CancellationToken ct)
    {
        var definition = await store.GetConnectionAsync(connection, ct).ConfigureAwait(false) ?? throw new TandemConfigurationException($"no connection named '{connection}'");
        var secrets = await store.GetSecretsAsync(connection, ct).ConfigureAwait(false);
        var pool = services.GetRequiredService<RunnerContext>().Pool;
        await using var connector = pool.Create(definition, secrets);
        return await connector.ListFoldersAsync(string.IsNullOrWhiteSpace(mailbox) ? null : mailbox.Trim(), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Members come one per line as <c>FOLDER-REFERENCE ROLE</c> (role: source, target or two-way; two-way when left out).
    /// </summary>
    /// <remarks>
    /// <paramref name="paused"/> creates it paused, so its dry-run preview can be checked before it is enabled (resumed).
    /// </remarks>
    public async Task<string> CreateAsync(HttpContext http, string name, string kind, string conflict, string members, bool paused, CancellationToken ct)
    {
        var group = new GroupDefinition
        {
            Name = (name ?? "").Trim(),
            Kind = GroupFields.ParseKind(kind),
            Conflict = GroupFields.ParseConflict(conflict),
            Members = ParseMembers(members).ToValueList(),
        };
        if (group.Name.Length == 0) throw new ArgumentException("a group needs a name");
        if (group.Members.Count == 0) throw new ArgumentException("pick at least one member folder");
        try
        {
            await store.AddGroupAsync(group, ct).ConfigureAwait(false);
        }
        catch (TandemConfigurationException e)
        {
            await audit.RecordAsync(http, "group.add", group.Name, "failed", e.Message).ConfigureAwait(false);
            throw;
        }
        if (paused)
            await services.GetRequiredService<RunnerContext>().Engine.PauseAsync(group.Name, "not enabled yet: check its preview, then resume it", ct).ConfigureAwait(false);
        await audit.RecordAsync(http, "group.add", group.Name, "ok",
            string.Join("; ", group.Members.Select(m => m.Folder + " " + m.Role.ToText())) + (paused ? " (paused)" : "")).ConfigureAwait(false);
        return paused
            ? $"group '{group.Name}' created with {group.Members.Count} member(s), paused: check its preview, then resume it"
            : $"group '{group.Name}' created with {group.Members.Count} member(s); the service starts it within seconds";
    }

    private static IEnumerable<MemberDefinition> ParseMembers(string text) =>
        (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(ParseMember);

    /// <summary>One member as <c>FOLDER-REFERENCE [ROLE]</c> (two-way when the role is left out).</summary>
    public static MemberDefinition ParseMember(string line)
    {
        var raw = (line ?? "").Trim();
        var space = raw.LastIndexOf(' ');
        MemberRole? role = space > 0 && MemberRoles.TryParse(raw[(space + 1)..], out var parsed) ? parsed : null;
        var folder = role is null ? raw : raw[..space].Trim();
        return new MemberDefinition(FolderRef.Parse(folder), role ?? MemberRole.TwoWay);
    }
}
