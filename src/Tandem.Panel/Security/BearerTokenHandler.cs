using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Tandem.State;

namespace Tandem.Panel.Security;

/// <summary>
/// <c>Authorization: Bearer tdm_…</c> for the REST API. The token acts as its account with the account's current role;
/// a wrong or revoked token is refused and audited.
/// </summary>
/// <remarks>The framework's per-request authentication log lines are dropped: the audit log records every refusal.</remarks>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, UrlEncoder encoder,
    IStateStore store, AuditTrail audit, TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, NullLoggerFactory.Instance, encoder)
{
    public const string SchemeName = "tandem-token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var text = header["Bearer ".Length..].Trim();
        var token = await ApiTokens.ValidateAsync(store, text, Context.RequestAborted).ConfigureAwait(false);
        var account = token is null ? null : await store.GetAdminAsync(token.Account, Context.RequestAborted).ConfigureAwait(false);
        if (token is null || account is null)
        {
            await audit.RecordAsync(Context, "api.token", Request.Path, "refused", "unknown or revoked token").ConfigureAwait(false);
            return AuthenticateResult.Fail("unknown or revoked token");
        }
        await store.TouchTokenAsync(token.Id, time.GetUtcNow(), Context.RequestAborted).ConfigureAwait(false);
        var principal = new ClaimsPrincipal(PanelRoles.Identity(account.Name, account.Role, SchemeName, "token"));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }
}
