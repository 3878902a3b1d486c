using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Panel.Security;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

public sealed class GroupsModel(PanelQueries queries, GroupActions actions) : PageModel
{
    public IReadOnlyList<GroupView> Groups { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Groups = (await queries.OverviewAsync(ct)).Groups;

    [RequireRole(AdminRole.Operator)]
    public Task<IActionResult> OnPostRunAsync(string group, CancellationToken ct) => PageActions.RunAsync(this, () => actions.RunNowAsync(HttpContext, group, ct));
}
