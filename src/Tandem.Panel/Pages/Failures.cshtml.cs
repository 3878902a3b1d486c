using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tandem.Panel.Pages;

public sealed class FailuresModel(PanelQueries queries) : PageModel
{
    public IReadOnlyList<FailureGroup> Failures { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Failures = await queries.FailuresAsync(ct);
}
