using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Tandem.State.Admin;

namespace Tandem.Panel.Security;

/// <summary>
/// Enforces <see cref="RequireRoleAttribute"/> on every page handler: the class attribute for reading, the handler's
/// for changing (POST; Administrator when unmarked). A refusal is audited and answered 403.
/// </summary>
internal sealed class PageRoleFilter(AuditTrail audit) : IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(PageHandlerSelectedContext context) => Task.CompletedTask;

    public async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.HandlerInstance.GetType().GetCustomAttribute<AllowAnonymousPageAttribute>() is not null)
        {
            await next().ConfigureAwait(false);
            return;
        }
        var classRole = context.HandlerInstance.GetType().GetCustomAttribute<RequireRoleAttribute>()?.Role ?? AdminRole.Viewer;
        var changes = !HttpMethods.IsGet(context.HttpContext.Request.Method) && !HttpMethods.IsHead(context.HttpContext.Request.Method);
        var needed = changes ? context.HandlerMethod?.MethodInfo.GetCustomAttribute<RequireRoleAttribute>()?.Role ?? AdminRole.Administrator : classRole;
        if (needed < classRole) needed = classRole;
        if (!PanelRoles.Has(context.HttpContext.User, needed))
        {
            await audit.RecordAsync(context.HttpContext, "access", context.HttpContext.Request.Method + " " + context.HttpContext.Request.Path, "refused",
                $"needs {PanelRoles.Name(needed)}").ConfigureAwait(false);
            context.Result = new StatusCodeResult(StatusCodes.Status403Forbidden);
            return;
        }
        await next().ConfigureAwait(false);
    }
}

/// <summary>Marks the one page anyone may open (sign-in).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class AllowAnonymousPageAttribute : Attribute;
