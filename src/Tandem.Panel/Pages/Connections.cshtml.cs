using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Connectors.Ews;
using Tandem.Core.Groups;
using Tandem.Panel.Security;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

public sealed class ConnectionsModel(IStateStore store, AuditTrail audit) : PageModel
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

    public async Task OnGetAsync(CancellationToken ct) => Connections = await store.ListConnectionsAsync(ct);

    /// <summary>The password goes straight to the store's encryption; it is not kept, logged or audited.</summary>
    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostAddEwsAsync(CancellationToken ct) => PageActions.RunAsync(this, async () =>
    {
        var name = Name.Trim();
        if (name.Length == 0) throw new ArgumentException("a connection needs a name");
        if (string.IsNullOrWhiteSpace(Email) == string.IsNullOrWhiteSpace(EwsUrl)) throw new ArgumentException("give either an e-mail address for Autodiscover or an EWS URL");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal) { [EwsSettingKeys.User] = Account.Trim(), [EwsSettingKeys.Auth] = Auth };
        if (!string.IsNullOrWhiteSpace(Email)) settings[EwsSettingKeys.Email] = Email.Trim();
        if (!string.IsNullOrWhiteSpace(EwsUrl)) settings[EwsSettingKeys.Url] = EwsUrl.Trim();
        if (!string.IsNullOrWhiteSpace(AutodiscoverBase)) settings[EwsSettingKeys.AutodiscoverBase] = AutodiscoverBase.Trim();
        if (Impersonation) settings[EwsSettingKeys.Impersonation] = "true";
        var secrets = new Dictionary<string, string>(StringComparer.Ordinal) { [EwsSettingKeys.PasswordSecret] = Password };
        Password = "";
        try
        {
            await store.AddConnectionAsync(new ConnectionDefinition(name, EwsSettingKeys.ConnectionType, settings), secrets, ct);
        }
        catch (TandemConfigurationException e)
        {
            await audit.RecordAsync(HttpContext, "connection.add", name, "failed", e.Message);
            throw;
        }
        await audit.RecordAsync(HttpContext, "connection.add", name, "ok", Email is { Length: > 0 } ? "autodiscover " + Email : EwsUrl);
        return $"connection '{name}' added";
    });

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
