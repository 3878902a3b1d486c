using System.Net;
using System.Net.Http.Headers;

namespace Tandem.Connectors.Local.Feed;

/// <summary>One conditional GET of a feed: If-None-Match / If-Modified-Since from the last response's validators.</summary>
internal sealed class FeedClient(HttpClient http, Uri url)
{
    public sealed record Response(bool NotModified, byte[] Content, string? ETag, string? LastModified);

    public async Task<Response> GetAsync(string? etag, string? lastModified, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/calendar, text/vcard, text/x-vcard, */*;q=0.5");
        if (etag is not null && EntityTagHeaderValue.TryParse(etag, out var tag)) request.Headers.IfNoneMatch.Add(tag);
        if (lastModified is not null && DateTimeOffset.TryParse(lastModified, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
            request.Headers.IfModifiedSince = since;
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotModified) return new Response(true, [], etag, lastModified);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"feed {url} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        var newTag = response.Headers.ETag?.ToString();
        var modified = response.Content.Headers.LastModified?.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        return new Response(false, content, newTag, modified);
    }
}
