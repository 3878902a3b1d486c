using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Core.Groups;
using Tandem.Core.Sync;
using Tandem.Panel.Groups;
using Tandem.Panel.Security;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

/// <summary>
/// One group's settings: item type (fixed), conflict policy, deletion threshold, filters and modifications, members and
/// roles — added, or removed with the choice to purge the copies they hold (listed first). Reading it needs viewer;
/// changing it administrator.
/// </summary>
public sealed class GroupEditModel(GroupEditor editor, GroupActions actions) : PageModel
{
    [FromQuery(Name = "name")]
    public string? GroupName { get; set; }

    [FromQuery(Name = "removeMember")]
    public string? RemoveMember { get; set; }

    public GroupSettingsView? Group { get; private set; }

    public RulesForm Rules { get; private set; } = new();

    public Engine.Purge.PurgePlan? Purge { get; private set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(GroupName)) return Redirect("/Groups");
        Group = await editor.GetAsync(GroupName, ct);
        if (Group is null) return NotFound();
        Rules = RulesForm.From(Group.Rules is { } r ? SyncRules.Parse(r.GetRawText()) : SyncRules.None);
        if (!string.IsNullOrWhiteSpace(RemoveMember) && PanelRoles.Has(User, AdminRole.Administrator))
        {
            try
            {
                Purge = await actions.PlanPurgeAsync(GroupName, FolderRef.Parse(RemoveMember), ct);
            }
            catch (Exception e) when (e is TandemConfigurationException or FormatException)
            {
                Error = e.Message;
            }
        }
        return Page();
    }

    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostSaveAsync(string group, string? conflict, string? priority, string? threshold, RulesForm rules, CancellationToken ct) =>
        Back(group, () => editor.UpdateFromFormAsync(HttpContext, group, conflict, priority, threshold, rules, ct));

    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostAddMemberAsync(string group, string folder, string role, CancellationToken ct) =>
        Back(group, () => actions.AddMemberAsync(HttpContext, group, folder, role, ct));

    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostRemoveMemberAsync(string group, string folder, bool purge, CancellationToken ct) =>
        Back(group, () => actions.RemoveAsync(HttpContext, group, FolderRef.Parse(folder ?? ""), purge, ct));

    /// <summary>Post-redirect-get back to this group's page, with the message or the one-line error.</summary>
    private async Task<IActionResult> Back(string group, Func<Task<string>> action)
    {
        await PageActions.RunAsync(this, action);
        return RedirectToPage(new { name = group });
    }
}
