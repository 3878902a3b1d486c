using System.Net;

namespace Tandem.Connectors.Dav.Protocol;

/// <summary>What one request got back: status, body, the ETag header (writes) and Location (redirects).</summary>
internal sealed record DavReply(HttpStatusCode Status, string Body, string? ETag, Uri? Location)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    public bool IsMultiStatus => Status == HttpStatusCode.MultiStatus;
}
