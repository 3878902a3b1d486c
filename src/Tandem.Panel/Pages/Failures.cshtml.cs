using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Panel.Security;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

public sealed class FailuresModel(PanelQueries queries, GroupActions actions) : PageModel
{
    public IReadOnlyList<FailureGroup> Failures { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Failures = await queries.FailuresAsync(ct);

    [RequireRole(AdminRole.Operator)]
    public Task<IActionResult> OnPostRetryAsync(string group, CancellationToken ct) => PageActions.RunAsync(this, () => actions.RetryAsync(HttpContext, group, ct));
}
