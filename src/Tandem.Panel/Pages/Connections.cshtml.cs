using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Connectors.Ews;
using Tandem.Core.Groups;
using Tandem.Panel.Security;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

public sealed class ConnectionsModel(IStateStore store, AuditTrail audit, ConnectionTesting testing, ConnectionEditor editor) : PageModel
{
    public IReadOnlyList<ConnectionDefinition> Connections { get; private set; } = [];

    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string? Email { get; set; }
    [BindProperty] public string? EwsUrl { get; set; }
    [BindProperty] public string? AutodiscoverBase { get; set; }
    [BindProperty] public string Account { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public string Auth { get; set; } = "basic";
    [BindProperty] public bool Impersonation { get; set; }
    [BindProperty] public bool NoTest { get; set; }

    public Engine.Probes.ConnectionTestResult? Test { get; private set; }

    [FromQuery(Name = "edit")]
    public string? Edit { get; set; }

    /// <summary>The connection being edited (its settings only: the password is never sent to the browser).</summary>
    public ConnectionDefinition? Editing { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Connections = await store.ListConnectionsAsync(ct);
        if (!string.IsNullOrWhiteSpace(Edit) && PanelRoles.Has(User, AdminRole.Administrator))
            Editing = Connections.FirstOrDefault(c => c.Name == Edit && c.Type == EwsSettingKeys.ConnectionType);
    }

    private EwsConnectionInput Input()
    {
        var input = new EwsConnectionInput(Name, Email, EwsUrl, AutodiscoverBase, Account, Password, Auth, Impersonation, NoTest);
        Password = "";
        return input;
    }

    /// <summary>The password goes straight to the store's encryption; it is not kept, logged or audited.</summary>
    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostAddEwsAsync(CancellationToken ct) => PageActions.RunAsync(this, () => editor.AddAsync(HttpContext, Input(), ct));

    /// <summary>Settings changed, tested like an added connection before anything is stored; an empty password keeps the stored one.</summary>
    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostEditEwsAsync(CancellationToken ct) => PageActions.RunAsync(this, () => editor.UpdateAsync(HttpContext, Input(), ct));

    /// <summary>The steps are shown on the page itself (not redirected): they are this request's result.</summary>
    [RequireRole(AdminRole.Operator)]
    public async Task<IActionResult> OnPostTestAsync(string name, CancellationToken ct)
    {
        try
        {
            Test = await testing.TestStoredAsync(HttpContext, name, ct);
        }
        catch (TandemConfigurationException e)
        {
            TempData["Error"] = e.Message;
        }
        Connections = await store.ListConnectionsAsync(ct);
        return Page();
    }

    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostRemoveAsync(string name, CancellationToken ct) => PageActions.RunAsync(this, async () =>
    {
        try
        {
            await store.RemoveConnectionAsync(name, ct);
        }
        catch (TandemConfigurationException e)
        {
            await audit.RecordAsync(HttpContext, "connection.remove", name, "failed", e.Message);
            throw;
        }
        await audit.RecordAsync(HttpContext, "connection.remove", name, "ok");
        return $"connection '{name}' removed";
    });
}
