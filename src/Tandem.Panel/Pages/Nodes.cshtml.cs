using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.State;

namespace Tandem.Panel.Pages;

public sealed class NodesModel(IStateStore store, TimeProvider time) : PageModel
{
    public NodesView View { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => View = await Nodes.ReadAsync(store, time, ct);
}
