using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;

namespace Tandem.Connectors.Dav.Protocol;

/// <summary>
/// HTTP for one DAV server: a few keep-alive connections shared by every folder of the connection, Basic credentials
/// sent with the first request (no 401 round trip per request), redirects handled by the caller (discovery follows
/// them with the method and body intact, which HttpClient would not do for PROPFIND).
/// </summary>
internal sealed class DavClient : IDisposable
{
    /// <summary>Enough to overlap a batch's requests; servers like Radicale serialize writes anyway.</summary>
    public const int Connections = 4;

    private static readonly MediaTypeHeaderValue Xml = new("application/xml") { CharSet = "utf-8" };
    private readonly HttpClient _http;
    private readonly AuthenticationHeaderValue? _auth;
    private long _requests;
    private volatile bool _oneShotServer;

    public DavClient(Uri baseUrl, string? user, string? password, HttpMessageHandler? handler = null)
    {
        BaseUrl = baseUrl;
        _http = new HttpClient(handler ?? new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Connections,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.All,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        }) { Timeout = TimeSpan.FromMinutes(2) };
        if (!string.IsNullOrEmpty(user))
        {
            _auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        }
    }

    public Uri BaseUrl { get; }

    /// <summary>Requests sent so far (the benchmark reports it).</summary>
    public long RequestCount => Interlocked.Read(ref _requests);

    public Task<DavReply> PropfindAsync(Uri url, int depth, XDocument body, CancellationToken ct) =>
        SendAsync(new HttpMethod("PROPFIND"), url, body, ct, ("Depth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public Task<DavReply> ReportAsync(Uri url, int depth, XDocument body, CancellationToken ct) =>
        SendAsync(new HttpMethod("REPORT"), url, body, ct, ("Depth", depth.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public Task<DavReply> MkcolAsync(Uri url, XDocument body, CancellationToken ct) => SendAsync(new HttpMethod("MKCOL"), url, body, ct);

    public Task<DavReply> MkcalendarAsync(Uri url, XDocument body, CancellationToken ct) => SendAsync(new HttpMethod("MKCALENDAR"), url, body, ct);

    public Task<DavReply> GetAsync(Uri url, CancellationToken ct) => SendAsync(HttpMethod.Get, url, null, ct);

    /// <summary>PUT with If-None-Match: * (create) when <paramref name="ifMatch"/> is null, else If-Match (update).</summary>
    public async Task<DavReply> PutAsync(Uri url, string contentType, string body, string? ifMatch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        if (ifMatch is null) request.Headers.TryAddWithoutValidation("If-None-Match", "*");
        else request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await SendAsync(request, ct).ConfigureAwait(false);
    }

    public async Task<DavReply> DeleteAsync(Uri url, string? ifMatch, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, url);
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return await SendAsync(request, ct).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();

    private async Task<DavReply> SendAsync(HttpMethod method, Uri url, XDocument? body, CancellationToken ct, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = new StringContent(body.Declaration is null ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + body.ToString(SaveOptions.DisableFormatting) : body.ToString(), Encoding.UTF8);
            request.Content.Headers.ContentType = Xml;
        }
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return await SendAsync(request, ct).ConfigureAwait(false);
    }

    private async Task<DavReply> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (_auth is not null) request.Headers.Authorization = _auth;
        // an HTTP/1.0 server (Radicale's) closes after every answer; asking for that keeps dead connections out of the pool
        if (_oneShotServer) request.Headers.ConnectionClose = true;
        Interlocked.Increment(ref _requests);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.ConnectionError)
        {
            // A pooled connection the server had closed fails before the server sees the request. Sending again is safe
            // for every request here: reads are reads, and writes carry If-Match / If-None-Match, so a write that did land
            // comes back as 412, which the writer sorts out.
            _oneShotServer = true;
            response = await RetryAsync(request, ct).ConfigureAwait(false);
        }
        using var _ = response;
        if (response.Version == HttpVersion.Version10) _oneShotServer = true;
        var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        var location = response.Headers.Location is { } l ? (l.IsAbsoluteUri ? l : new Uri(request.RequestUri!, l)) : null;
        return new DavReply(response.StatusCode, text, response.Headers.ETag?.ToString() ?? Header(response, "ETag"), location);
    }

    /// <summary>A busy single-threaded server drops connections under load: a few more tries, a little apart.</summary>
    private async Task<HttpResponseMessage> RetryAsync(HttpRequestMessage request, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var again = await CopyAsync(request, ct).ConfigureAwait(false);
            again.Headers.ConnectionClose = true;
            try
            {
                return await _http.SendAsync(again, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException e) when (attempt < 3 && e.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.ConnectionError)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct).ConfigureAwait(false);
            }
        }
    }

    private static async Task<HttpRequestMessage> CopyAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        if (request.Content is not null)
        {
            copy.Content = new ByteArrayContent(await request.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false));
            foreach (var header in request.Content.Headers) copy.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return copy;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
