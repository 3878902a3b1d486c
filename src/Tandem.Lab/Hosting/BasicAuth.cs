using System.Text;
using Microsoft.AspNetCore.Http;
using Tandem.Lab.Store;

namespace Tandem.Lab.Hosting;

/// <summary>HTTP Basic authentication against the lab's mailboxes (passwords are never logged or echoed).</summary>
internal static class BasicAuth
{
    public static Mailbox? Authenticate(HttpContext http, LabStore store)
    {
        var header = http.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
        }
        catch (FormatException)
        {
            return null;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            return null;
        }

        var user = decoded[..colon];
        var password = decoded[(colon + 1)..];
        if (user.Contains('\\', StringComparison.Ordinal))
        {
            // DOMAIN\user: the lab maps it to user@lab.test.
            user = user[(user.IndexOf('\\', StringComparison.Ordinal) + 1)..];
        }

        if (!user.Contains('@', StringComparison.Ordinal))
        {
            user += "@lab.test";
        }

        return store.FindMailbox(user) is { } mailbox && mailbox.Password == password ? mailbox : null;
    }

    public static async Task ChallengeAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status401Unauthorized;
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"lab.test\"";
        await http.Response.WriteAsync("401 - Unauthorized: Access is denied due to invalid credentials.", http.RequestAborted).ConfigureAwait(false);
    }
}
