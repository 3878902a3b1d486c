using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Tandem.Panel.Security;

/// <summary>
/// Audits what the authorization middleware refuses: API calls and form posts without a session or token, and
/// requests whose role is too low. (A plain page view without a session is only redirected to sign-in, not audited.)
/// </summary>
internal sealed class RefusalAuditHandler(AuditTrail audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(authorizeResult);
        var request = context.Request;
        var what = request.Method + " " + request.Path;
        if (authorizeResult.Forbidden)
            await audit.RecordAsync(context, "access", what, "refused", "role too low").ConfigureAwait(false);
        else if (authorizeResult.Challenged && (PanelPaths.IsApi(request.Path) || !HttpMethods.IsGet(request.Method)))
            await audit.RecordAsync(context, "access", what, "refused", "no session or token").ConfigureAwait(false);
        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }
}
