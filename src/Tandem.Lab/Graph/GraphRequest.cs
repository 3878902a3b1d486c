using System.Text.Json.Nodes;

namespace Tandem.Lab.Graph;

/// <summary>
/// A request to the Graph face, from HTTP or from a $batch step: method, the path below /v1.0 split into segments, the
/// decoded query, the headers that matter (If-Match, Prefer) and the JSON body, or <see cref="Text"/> for a text/plain one (a message's MIME in base64),
/// or <see cref="Bytes"/> for a binary one (a contact's photo, with its <see cref="ContentType"/>). <see cref="BaseUrl"/> is the lab's own
/// /v1.0 root on the host the client called, for absolute nextLink and deltaLink.
/// </summary>
internal sealed record GraphRequest(
    string Method,
    IReadOnlyList<string> Segments,
    IReadOnlyDictionary<string, string> Query,
    string? IfMatch,
    string? Prefer,
    JsonObject? Body,
    string BaseUrl,
    string? Text = null)
{
    public byte[]? Bytes { get; init; }

    public string? ContentType { get; init; }

    public string? Q(string name) => Query.GetValueOrDefault(name);

    /// <summary>Prefer: odata.maxpagesize=N, capped as Graph caps it.</summary>
    public int PageSize(int fallback)
    {
        if (Prefer is null)
        {
            return fallback;
        }

        foreach (var part in Prefer.Split(',', StringSplitOptions.TrimEntries))
        {
            if (part.StartsWith("odata.maxpagesize=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(part.AsSpan("odata.maxpagesize=".Length), System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0)
            {
                return Math.Min(n, 1000);
            }
        }

        return fallback;
    }

    /// <summary>Parses "users/a/contacts?x=1" (a $batch url, with or without a leading "/" or "/v1.0").</summary>
    public static (IReadOnlyList<string> Segments, Dictionary<string, string> Query) SplitUrl(string url)
    {
        var q = url.IndexOf('?', StringComparison.Ordinal);
        var path = q < 0 ? url : url[..q];
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToList();
        if (segments.Count > 0 && segments[0] is "v1.0" or "beta")
        {
            segments.RemoveAt(0);
        }

        var query = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (q >= 0)
        {
            foreach (var pair in url[(q + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
                query[key] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            }
        }

        return (segments, query);
    }
}
