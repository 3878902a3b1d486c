using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Core.Infrastructure;

namespace Tandem.Panel.Security;

/// <summary>Audits a form post whose antiforgery token was missing or wrong (it is answered 400 by the framework).</summary>
internal sealed class CsrfAuditFilter(AuditTrail audit) : IAsyncAlwaysRunResultFilter
{
    public async Task OnResultExecutionAsync(ResultExecutingContext context, ResultExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Result is IAntiforgeryValidationFailedResult)
            await audit.RecordAsync(context.HttpContext, "csrf", context.HttpContext.Request.Method + " " + context.HttpContext.Request.Path, "refused",
                "missing or invalid antiforgery token").ConfigureAwait(false);
        await next().ConfigureAwait(false);
    }
}
