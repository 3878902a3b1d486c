using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tandem.Core.Groups;
using Tandem.Core.Sync;
using Tandem.Panel.Security;
using Tandem.Service.Runtime;
using Tandem.State;

namespace Tandem.Panel.Groups;

/// <summary>A group's editable settings as the edit page and <c>GET /api/groups/{name}/settings</c> show them.</summary>
public sealed record GroupSettingsView(
    string Name,
    string Kind,
    string Conflict,
    string? Priority,
    string DeleteThresholdPercent,
    JsonElement? Rules,
    IReadOnlyList<MemberSetting> Members,
    string State,
    bool SyncingNow);

/// <summary>A member and its role.</summary>
public sealed record MemberSetting(string Folder, string Role);

/// <summary>
/// A change of a group's settings (null: keep). <see cref="Rules"/> is the rules JSON of <c>tandem group rules</c>
/// (<see cref="SyncRules"/>); <see cref="ClearRules"/> removes them.
/// </summary>
public sealed record GroupSettingsChange(string? Conflict = null, string? Priority = null, string? DeleteThreshold = null, JsonElement? Rules = null, bool ClearRules = false);

/// <summary>
/// Changes a group's settings from the panel and the API, parsed and validated as the CLI does (<see cref="GroupFields"/>,
/// <see cref="SyncRules"/>, then the store's own checks): a wrong value names its field and why, and nothing is stored.
/// The item type is fixed once a group exists. The service restarts the group's runner with the new settings within
/// seconds; a group syncing right now finishes its batch in flight first (the page warns).
/// </summary>
public sealed class GroupEditor(IStateStore store, GroupBoard board, AuditTrail audit)
{
    public async Task<GroupSettingsView?> GetAsync(string name, CancellationToken ct)
    {
        var group = await store.GetGroupAsync(name, ct).ConfigureAwait(false);
        if (group is null) return null;
        var state = (await store.LoadGroupHeadAsync(name, ct).ConfigureAwait(false)).Pause is not null ? "paused" : board.Get(name).State;
        using var rules = group.RulesJson is null ? null : JsonDocument.Parse(group.RulesJson);
        return new GroupSettingsView(group.Name, GroupFields.KindText(group.Kind), GroupFields.ConflictText(group.Conflict), group.PriorityMember?.ToString(),
            GroupFields.ThresholdText(group.MassDeleteThreshold), rules?.RootElement.Clone(),
            [.. group.Members.Select(m => new MemberSetting(m.Folder.ToString(), m.Role.ToText()))], state, SyncingNow(state));
    }

    public static bool SyncingNow(string state) => state is "syncing" or "starting";

    public async Task<string> UpdateAsync(HttpContext http, string name, GroupSettingsChange change, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(change);
        var group = await store.GetGroupAsync(name, ct).ConfigureAwait(false) ?? throw new TandemConfigurationException($"no group named '{name}'");
        GroupDefinition changed;
        try
        {
            changed = group with
            {
                Conflict = change.Conflict is { } c ? GroupFields.ParseConflict(c) : group.Conflict,
                PriorityMember = change.Priority switch
                {
                    null => group.PriorityMember,
                    var p when string.IsNullOrWhiteSpace(p) => null,
                    var p => Priority(p),
                },
                MassDeleteThreshold = change.DeleteThreshold is { } t ? GroupFields.ParseThresholdPercent(t) : group.MassDeleteThreshold,
                RulesJson = change.ClearRules ? null : change.Rules is { } r ? Rules(r) : group.RulesJson,
            };
            await store.UpdateGroupAsync(changed, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is FormatException or TandemConfigurationException)
        {
            await audit.RecordAsync(http, "group.edit", name, "failed", e.Message).ConfigureAwait(false);
            throw;
        }
        var detail = $"conflict {GroupFields.ConflictText(changed.Conflict)}{(changed.PriorityMember is { } pm ? " (priority " + pm + ")" : "")}, " +
            $"deletion threshold {GroupFields.ThresholdText(changed.MassDeleteThreshold)}%, {(changed.RulesJson is null ? "no rules" : "rules " + changed.RulesJson)}";
        await audit.RecordAsync(http, "group.edit", name, "ok", detail).ConfigureAwait(false);
        var syncing = SyncingNow(board.Get(name).State);
        return $"group '{name}' saved" + (syncing ? "; it was syncing: the batch in flight finishes, then it restarts with these settings" : "; the service applies it within seconds");
    }

    /// <summary>The settings and rules of the page's form (rules that set nothing clear them).</summary>
    public async Task<string> UpdateFromFormAsync(HttpContext http, string name, string? conflict, string? priority, string? threshold, RulesForm form, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(form);
        SyncRules? rules;
        try
        {
            rules = form.ToRules();
        }
        catch (FormatException e)
        {
            await audit.RecordAsync(http, "group.edit", name, "failed", e.Message).ConfigureAwait(false);
            throw;
        }
        using var json = rules is null ? null : JsonDocument.Parse(rules.ToJson());
        return await UpdateAsync(http, name, new GroupSettingsChange(conflict, priority, threshold, json?.RootElement.Clone(), ClearRules: rules is null), ct).ConfigureAwait(false);
    }

    private static FolderRef Priority(string text)
    {
        try
        {
            return FolderRef.Parse(text.Trim());
        }
        catch (FormatException e)
        {
            throw new FormatException($"priority member: {e.Message}", e);
        }
    }

    private static string? Rules(JsonElement rules)
    {
        if (rules.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) return null;
        // Core's parser, as `tandem group rules --json` uses it: an unknown field, operator or a missing value says which
        return SyncRules.Parse(rules.GetRawText()).ToJson();
    }
}
