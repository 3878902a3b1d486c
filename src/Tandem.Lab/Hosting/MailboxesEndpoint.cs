using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Tandem.Lab.Store;

namespace Tandem.Lab.Hosting;

/// <summary>/lab/mailboxes: GET lists the lab's mailboxes (no passwords); POST adds one.</summary>
internal static class MailboxesEndpoint
{
    public static bool Add(LabContext lab, string address, string? displayName, string password, bool canImpersonate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        lock (lab.Store.Directory)
        {
            if (lab.Store.FindMailbox(address) is not null)
            {
                return false;
            }

            using var locks = StoreLocks.For(lab.Store, address.Trim().ToLowerInvariant());
            lab.Store.AddMailbox(address.Trim(), displayName ?? address.Split('@')[0], password, canImpersonate);
            lab.CommitAndPublish(locks);
            return true;
        }
    }

    public static async Task HandleAsync(HttpContext http, LabContext lab)
    {
        if (HttpMethods.IsPost(http.Request.Method))
        {
            string? address;
            string? displayName;
            string password;
            try
            {
                using var json = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted).ConfigureAwait(false);
                var root = json.RootElement;
                address = root.TryGetProperty("address", out var a) ? a.GetString() : null;
                displayName = root.TryGetProperty("displayName", out var d) ? d.GetString() : null;
                password = root.TryGetProperty("password", out var p) ? p.GetString() ?? "lab" : "lab";
            }
            catch (JsonException)
            {
                address = null;
                displayName = null;
                password = "lab";
            }

            if (string.IsNullOrWhiteSpace(address) || !address.Contains('@', StringComparison.Ordinal))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await http.Response.WriteAsync("{\"error\":\"address required\"}", http.RequestAborted).ConfigureAwait(false);
                return;
            }

            http.Response.StatusCode = Add(lab, address, displayName, password, canImpersonate: false) ? StatusCodes.Status201Created : StatusCodes.Status409Conflict;
        }

        List<object> list = [.. lab.Store.Mailboxes.Values.OrderBy(m => m.Address, StringComparer.Ordinal)
            .Select(m => (object)new { address = m.Address, displayName = m.DisplayName, impersonation = m.CanImpersonate })];

        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(JsonSerializer.Serialize(list), http.RequestAborted).ConfigureAwait(false);
    }
}
