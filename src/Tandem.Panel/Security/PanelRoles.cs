using System.Security.Claims;
using Tandem.State.Admin;

namespace Tandem.Panel.Security;

/// <summary>The three roles as claims and authorization policies; a policy admits its role and every higher one.</summary>
public static class PanelRoles
{
    public const string Viewer = "viewer";
    public const string Operator = "operator";
    public const string Administrator = "administrator";

    public static string Name(AdminRole role) => role switch
    {
        AdminRole.Administrator => Administrator,
        AdminRole.Operator => Operator,
        _ => Viewer,
    };

    public static AdminRole Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        Administrator or "admin" => AdminRole.Administrator,
        Operator => AdminRole.Operator,
        Viewer => AdminRole.Viewer,
        _ => throw new ArgumentException($"unknown role '{text}': use administrator, operator or viewer"),
    };

    /// <summary>The role of a signed-in principal, or null when it has none (anonymous).</summary>
    public static AdminRole? Of(ClaimsPrincipal user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Identity?.IsAuthenticated != true) return null;
        var claim = user.FindFirst(ClaimTypes.Role)?.Value;
        return claim is null ? null : Enum.TryParse<AdminRole>(claim, ignoreCase: true, out var role) ? role : null;
    }

    public static bool Has(ClaimsPrincipal user, AdminRole needed) => Of(user) is { } role && role >= needed;

    public static ClaimsIdentity Identity(string account, AdminRole role, string scheme, string via) =>
        new([new Claim(ClaimTypes.Name, account), new Claim(ClaimTypes.Role, Name(role)), new Claim("via", via)], scheme, ClaimTypes.Name, ClaimTypes.Role);
}
