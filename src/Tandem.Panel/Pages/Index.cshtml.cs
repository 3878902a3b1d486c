using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Tandem.Panel.Pages;

public sealed class IndexModel(PanelQueries queries) : PageModel
{
    public Overview Overview { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Overview = await queries.OverviewAsync(ct);
}
