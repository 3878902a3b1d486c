using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Connectors.Ews;
using Tandem.Core.Groups;
using Tandem.Panel.Security;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

public sealed class ConnectionsModel(IStateStore store, AuditTrail audit, ConnectionTesting testing) : PageModel
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
        var definition = new ConnectionDefinition(name, EwsSettingKeys.ConnectionType, settings);
        if (!NoTest)
        {
            // as `connection add` does: an unreachable server is refused with the step that failed, not stored silently
            var test = await testing.TestAsync(definition, secrets, ct);
            if (!test.Ok)
            {
                await audit.RecordAsync(HttpContext, "connection.add", name, "failed", $"test failed at {test.Failed!.Name}: {test.Failed.Detail}");
                throw new ArgumentException($"not added: the test failed at {test.Failed!.Name}: {test.Failed.Detail} (tick 'store without testing' for an offline set-up)");
            }
        }
        try
        {
            await store.AddConnectionAsync(definition, secrets, ct);
        }
        catch (TandemConfigurationException e)
        {
            await audit.RecordAsync(HttpContext, "connection.add", name, "failed", e.Message);
            throw;
        }
        await audit.RecordAsync(HttpContext, "connection.add", name, "ok", Email is { Length: > 0 } ? "autodiscover " + Email : EwsUrl);
        return NoTest ? $"connection '{name}' added (not tested)" : $"connection '{name}' added; its test passed";
    });

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
