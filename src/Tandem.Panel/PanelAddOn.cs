using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Panel.Api;
using Tandem.Panel.Live;
using Tandem.Panel.Security;
using Tandem.Service;
using Tandem.Service.Runtime;
using Tandem.State;

namespace Tandem.Panel;

/// <summary>
/// The administration panel and REST API, added to <c>tandem serve</c>: cookie sessions with antiforgery for the pages,
/// bearer tokens for /api, roles on every page and endpoint, and an audit line for every sign-in and refusal.
/// </summary>
public sealed class PanelAddOn(SignInPolicy? policy = null) : IServiceAddOn
{
    internal const string CookieScheme = CookieAuthenticationDefaults.AuthenticationScheme;

    public void AddServices(WebApplicationBuilder builder, ServiceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(settings);
        // the service's slim host leaves HTTPS out; the panel lets an administrator give Kestrel a certificate (README)
        builder.WebHost.UseKestrelHttpsConfiguration();
        var services = builder.Services;
        services.AddSingleton(policy ?? new SignInPolicy());
        services.AddSingleton(settings);
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<PanelQueries>();
        services.AddSingleton<GroupActions>();
        services.AddSingleton<GroupWizard>();
        services.AddSingleton<ConnectionTesting>();
        services.AddSingleton<ConnectionEditor>();
        services.AddSingleton<Groups.GroupEditor>();
        services.AddSingleton<HistorySettings>();
        services.AddSingleton(sp => new Engine.History.ItemHistory(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<Diagnostics.DiagnosticBundle>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, RefusalAuditHandler>();

        services.AddAuthentication(CookieScheme)
            .AddCookie(CookieScheme, o =>
            {
                o.Cookie.Name = "tandem.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                o.ExpireTimeSpan = TimeSpan.FromHours(8);
                o.SlidingExpiration = true;
                o.LoginPath = PanelPaths.SignIn;
                o.Events.OnRedirectToLogin = c => Refuse(c, StatusCodes.Status401Unauthorized);
                o.Events.OnRedirectToAccessDenied = c => Refuse(c, StatusCodes.Status403Forbidden);
                o.Events.OnValidatePrincipal = RevalidateAsync;
            })
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(BearerTokenHandler.SchemeName, null);

        services.AddAuthorization(o =>
        {
            foreach (var role in Enum.GetValues<State.Admin.AdminRole>())
            {
                o.AddPolicy(PanelRoles.Name(role), p => p.AddAuthenticationSchemes(CookieScheme).RequireAuthenticatedUser()
                    .RequireAssertion(c => PanelRoles.Has(c.User, role)));
                o.AddPolicy(ApiEndpoints.Policy(role), p => p.AddAuthenticationSchemes(BearerTokenHandler.SchemeName).RequireAuthenticatedUser()
                    .RequireAssertion(c => PanelRoles.Has(c.User, role)));
            }
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "tandem.csrf";
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddRazorPages(o =>
            {
                o.Conventions.AuthorizeFolder("/", PanelRoles.Viewer);
                o.Conventions.AllowAnonymousToPage("/SignIn");
            })
            .AddMvcOptions(o =>
            {
                o.Filters.Add<PageRoleFilter>();
                o.Filters.Add<CsrfAuditFilter>();
            })
            .AddApplicationPart(typeof(PanelAddOn).Assembly);
        services.AddOpenApi("v1", o => o.ShouldInclude = d => d.RelativePath?.StartsWith("api/", StringComparison.OrdinalIgnoreCase) == true);
    }

    public void Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XFrameOptions = "DENY";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'";
            await next(context).ConfigureAwait(false);
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        PanelAssets.Map(app);
        LiveEvents.Map(app);
        ApiEndpoints.Map(app);
    }

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status401Unauthorized && !PanelPaths.WantsStatus(context.Request.Path))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }
        context.Response.StatusCode = status;
        return Task.CompletedTask;
    }

    /// <summary>A removed account's session ends at its next request; a changed role applies at once.</summary>
    private static async Task RevalidateAsync(CookieValidatePrincipalContext context)
    {
        var name = context.Principal?.Identity?.Name;
        var store = context.HttpContext.RequestServices.GetRequiredService<IStateStore>();
        var account = name is null ? null : await store.GetAdminAsync(name, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (account is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieScheme).ConfigureAwait(false);
            return;
        }
        if (PanelRoles.Of(context.Principal!) != account.Role)
        {
            context.ReplacePrincipal(new System.Security.Claims.ClaimsPrincipal(PanelRoles.Identity(account.Name, account.Role, CookieScheme, "session")));
            context.ShouldRenew = true;
        }
    }
}
