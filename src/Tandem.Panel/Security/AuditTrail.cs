using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Tandem.State;
using Tandem.State.Admin;

namespace Tandem.Panel.Security;

/// <summary>Writes audit lines with the acting account (or "anonymous"), the time and where the request came from.</summary>
public sealed class AuditTrail(IStateStore store, TimeProvider time)
{
    public Task<long> RecordAsync(HttpContext http, string action, string target, string outcome, string? detail = null, string? actor = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var who = actor ?? ActorOf(http.User);
        return store.AppendAuditAsync(new AuditEntry(time.GetUtcNow(), who, action, target, outcome, detail, SourceOf(http)), CancellationToken.None);
    }

    public static string ActorOf(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.Identity.Name is { Length: > 0 } name ? name : "anonymous";

    /// <summary>The remote address, and "api" when the request came with a token rather than a session.</summary>
    private static string SourceOf(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress?.ToString() ?? "local";
        return http.User.FindFirst("via")?.Value == "token" ? address + " api" : address;
    }
}
