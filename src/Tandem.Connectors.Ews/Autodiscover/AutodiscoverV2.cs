using System.Text.Json;

namespace Tandem.Connectors.Ews.Autodiscover;

/// <summary>Autodiscover v2: GET autodiscover.json/v1.0/{email}?Protocol=EWS → {"Protocol":"EWS","Url":"…"} (pure part).</summary>
internal static class AutodiscoverV2
{
    public static Uri RequestUri(Uri host, string email) =>
        new(host, "/autodiscover/autodiscover.json/v1.0/" + Uri.EscapeDataString(email) + "?Protocol=EWS");

    public static AutodiscoverAnswer Read(string json, Uri endpoint)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            string? url = null;
            string? error = null;
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                // Field casing is not documented (ews-notes.md §2): match names case-insensitively.
                if (property.NameEquals("Url") || string.Equals(property.Name, "url", StringComparison.OrdinalIgnoreCase)) url = property.Value.GetString();
                if (string.Equals(property.Name, "ErrorCode", StringComparison.OrdinalIgnoreCase)) error = property.Value.GetString();
            }
            if (error is not null) return new AutodiscoverAnswer.Failed("autodiscover v2 error " + error);
            return url is not null && Uri.TryCreate(url, UriKind.Absolute, out var ews)
                ? new AutodiscoverAnswer.Found(new AutodiscoverResult(ews, "v2", endpoint))
                : new AutodiscoverAnswer.Failed("autodiscover v2 answer names no Url");
        }
        catch (JsonException ex)
        {
            return new AutodiscoverAnswer.Failed("autodiscover v2 answer is not JSON: " + ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return new AutodiscoverAnswer.Failed("autodiscover v2 answer is not an object: " + ex.Message);
        }
    }
}
