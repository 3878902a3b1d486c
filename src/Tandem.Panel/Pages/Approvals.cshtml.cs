using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Panel.Security;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

public sealed class ApprovalsModel(PanelQueries queries, GroupActions actions) : PageModel
{
    public IReadOnlyList<ApprovalView> Approvals { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Approvals = await queries.ApprovalsAsync(ct);

    [RequireRole(AdminRole.Operator)]
    public Task<IActionResult> OnPostApproveAsync(string group, CancellationToken ct) => PageActions.RunAsync(this, () => actions.ApproveAsync(HttpContext, group, ct));

    [RequireRole(AdminRole.Operator)]
    public Task<IActionResult> OnPostRejectAsync(string group, CancellationToken ct) => PageActions.RunAsync(this, () => actions.RejectAsync(HttpContext, group, ct));
}
