using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Tandem.Panel.Security;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Pages;

[RequireRole(AdminRole.Administrator)]
public sealed class AccountsModel(IStateStore store, AuditTrail audit, TimeProvider time) : PageModel
{
    public IReadOnlyList<AdminAccount> Accounts { get; private set; } = [];

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    public string? NewToken { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    private async Task LoadAsync(CancellationToken ct)
    {
        Accounts = await store.ListAdminsAsync(ct);
        Tokens = await store.ListTokensAsync(null, ct);
    }

    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostAddAsync(string name, string password, string role, CancellationToken ct) => PageActions.RunAsync(this, async () =>
    {
        var account = await AdminAccounts.AddAsync(store, name, password, PanelRoles.Parse(role), time, ct);
        await audit.RecordAsync(HttpContext, "account.add", account.Name, "ok", PanelRoles.Name(account.Role));
        return $"account '{account.Name}' added";
    });

    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostRemoveAsync(string name, CancellationToken ct) => PageActions.RunAsync(this, async () =>
    {
        if (string.Equals(name, User.Identity?.Name, StringComparison.Ordinal)) throw new ArgumentException("you cannot remove the account you are signed in with");
        await store.RemoveAdminAsync(name, ct);
        await audit.RecordAsync(HttpContext, "account.remove", name, "ok");
        return $"account '{name}' removed (its API tokens too)";
    });

    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostUnlockAsync(string name, CancellationToken ct) => PageActions.RunAsync(this, async () =>
    {
        await store.SetLockAsync(name, null, ct);
        await audit.RecordAsync(HttpContext, "account.unlock", name, "ok");
        return $"account '{name}' unlocked";
    });

    /// <summary>The token is rendered once in this response (not redirected: it must not travel in TempData).</summary>
    [RequireRole(AdminRole.Administrator)]
    public async Task<IActionResult> OnPostTokenAsync(string account, string? label, CancellationToken ct)
    {
        var (token, text) = await ApiTokens.CreateAsync(store, account, label ?? "", time, ct);
        await audit.RecordAsync(HttpContext, "token.create", token.Id, "ok", $"for {account}: {token.Label}");
        NewToken = text;
        await LoadAsync(ct);
        return Page();
    }

    [RequireRole(AdminRole.Administrator)]
    public Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken ct) => PageActions.RunAsync(this, async () =>
    {
        var removed = await store.RemoveTokenAsync(id, ct);
        await audit.RecordAsync(HttpContext, "token.revoke", id, removed ? "ok" : "failed");
        return removed ? $"token {id} revoked" : $"no token {id}";
    });
}
