using Microsoft.AspNetCore.Http;
using Tandem.Lab.Ews;

namespace Tandem.Lab.Hosting;

/// <summary>
/// Server affinity for groups of subscriptions (how-to-maintain-affinity…): a Subscribe that sends X-AnchorMailbox and
/// X-PreferServerAffinity: true gets an X-BackEndOverrideCookie naming the back end that serves the anchor mailbox; the
/// client sends it with every later request of the group.
/// </summary>
internal static class Affinity
{
    public const string CookieName = "X-BackEndOverrideCookie";

    public static void SetCookie(HttpContext http, EwsCall call)
    {
        if (!string.Equals(call.Header("X-PreferServerAffinity"), "true", StringComparison.OrdinalIgnoreCase) || call.Header("X-AnchorMailbox") is not { } anchor)
        {
            return;
        }

        http.Response.Headers.Append("Set-Cookie", $"{CookieName}={Value(call.FrontEnd, anchor)}; path=/; HttpOnly");
    }

    /// <summary>Like Exchange's "server~number": the back end (here the front end index) and a stable number for the anchor.</summary>
    public static string Value(int frontEnd, string anchor)
    {
        var hash = 0u;
        foreach (var c in anchor.ToUpperInvariant())
        {
            hash = (hash * 31) + c;
        }

        return $"LABFE{frontEnd:D2}.lab.test~{hash}";
    }
}
