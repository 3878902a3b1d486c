using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Tandem.Connectors.Ews.Tests.Fakes;

/// <summary>An HTTP handler answered by a function; records every request (method, URI, body).</summary>
internal sealed class FakeHttp(Func<HttpRequestMessage, string, HttpResponseMessage> answer) : HttpMessageHandler
{
    public ConcurrentQueue<(HttpMethod Method, Uri Uri, string Body)> Seen { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
        Seen.Enqueue((request.Method, request.RequestUri!, body));
        return answer(request, body);
    }

    public static HttpResponseMessage Xml(string xml, HttpStatusCode status = HttpStatusCode.OK) =>
        new(status) { Content = new StringContent(xml, Encoding.UTF8, "text/xml") };

    public static HttpResponseMessage Json(string json) =>
        new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Redirect(string location)
    {
        var response = new HttpResponseMessage(HttpStatusCode.Found);
        response.Headers.Location = new Uri(location);
        return response;
    }

    public static HttpResponseMessage NotFound() => new(HttpStatusCode.NotFound);

    /// <summary>What a host that does not exist looks like.</summary>
    public static HttpResponseMessage Unreachable() => throw new HttpRequestException("no such host");
}
