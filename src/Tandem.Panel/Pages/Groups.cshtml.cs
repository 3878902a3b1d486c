using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Core.Connectors;
using Tandem.Panel.Security;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

public sealed class GroupsModel(PanelQueries queries, GroupActions actions, GroupWizard wizard, IStateStore store) : PageModel
{
    public IReadOnlyList<GroupView> Groups { get; private set; } = [];

    public IReadOnlyList<string> Connections { get; private set; } = [];

    [FromQuery(Name = "browse")]
    public string? Browse { get; set; }

    [FromQuery(Name = "mailbox")]
    public string? Mailbox { get; set; }

    public IReadOnlyList<FolderInfo> Folders { get; private set; } = [];

    public string? BrowseError { get; private set; }

    [FromQuery(Name = "remove")]
    public string? Remove { get; set; }

    public Engine.Purge.PurgePlan? Purge { get; private set; }

    [FromQuery(Name = "preview")]
    public string? PreviewGroup { get; set; }

    public Engine.Operations.GroupPreview? Preview { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Groups = (await queries.OverviewAsync(ct)).Groups;
        Connections = [.. (await store.ListConnectionsAsync(ct)).Select(c => c.Name)];
        if (!string.IsNullOrWhiteSpace(PreviewGroup) && PanelRoles.Has(User, AdminRole.Operator))
        {
            try
            {
                Preview = await actions.PreviewAsync(PreviewGroup, ct);
            }
            catch (Exception e) when (e is TandemConfigurationException or HttpRequestException or IOException or InvalidOperationException)
            {
                BrowseError = $"cannot preview '{PreviewGroup}': {e.Message}";
            }
        }
        if (!PanelRoles.Has(User, AdminRole.Administrator)) return;
        if (!string.IsNullOrWhiteSpace(Remove))
        {
            try
            {
                Purge = await actions.PlanPurgeAsync(Remove, null, ct);
            }
            catch (TandemConfigurationException e)
            {
                BrowseError = e.Message;
            }
        }
        if (string.IsNullOrWhiteSpace(Browse)) return;
        try
        {
            Folders = await wizard.FoldersAsync(Browse, Mailbox, ct);
            if (Folders.Count == 0) BrowseError = $"no folders under {Browse}:{Mailbox}";
        }
        catch (Exception e) when (e is TandemConfigurationException or HttpRequestException or IOException or InvalidOperationException or ArgumentException)
        {
            BrowseError = $"cannot list the folders of '{Browse}': {e.Message}";
        }
    }

    [RequireRole(AdminRole.Operator)]
    public Task<IActionResult> OnPostRunAsync(string group, CancellationToken ct) => PageActions.RunAsync(this, () => actions.RunNowAsync(HttpContext, group, ct));

    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostRemoveAsync(string group, bool purge, CancellationToken ct) => PageActions.RunAsync(this, () => actions.RemoveAsync(HttpContext, group, null, purge, ct));

    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostCreateAsync(string name, string kind, string conflict, string members, bool paused, CancellationToken ct) =>
        PageActions.RunAsync(this, () => wizard.CreateAsync(HttpContext, name, kind, conflict, members, paused, ct));

    [RequireRole(AdminRole.Operator)]
    public Task<IActionResult> OnPostPauseAsync(string group, CancellationToken ct) => PageActions.RunAsync(this, () => actions.PauseAsync(HttpContext, group, ct));

    [RequireRole(AdminRole.Operator)]
    public Task<IActionResult> OnPostResumeAsync(string group, CancellationToken ct) => PageActions.RunAsync(this, () => actions.ResumeAsync(HttpContext, group, ct));
}
