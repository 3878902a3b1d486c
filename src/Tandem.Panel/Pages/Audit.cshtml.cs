using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Panel.Security;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

[RequireRole(AdminRole.Administrator)]
public sealed class AuditModel(IStateStore store) : PageModel
{
    [FromQuery(Name = "actor")]
    public string? Actor { get; set; }

    [FromQuery(Name = "action")]
    public string? ActionName { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) =>
        Entries = await store.ReadAuditAsync(new AuditQuery(500, string.IsNullOrWhiteSpace(Actor) ? null : Actor, string.IsNullOrWhiteSpace(ActionName) ? null : ActionName), ct);
}
