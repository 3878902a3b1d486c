using System.Net;

namespace Tandem.Connectors.Dav.Protocol;

/// <summary>A DAV request the server answered with an unexpected status (an I/O failure to the caller); the message names the method, URL and status.</summary>
public sealed class DavException : IOException
{
    public DavException(string message) : base(message)
    {
    }

    public DavException(string message, Exception inner) : base(message, inner)
    {
    }

    public DavException()
    {
    }

    internal DavException(string method, Uri url, HttpStatusCode status, string? detail)
        : base($"{method} {url.AbsolutePath}: the server answered {(int)status} {status}{(string.IsNullOrWhiteSpace(detail) ? "" : ": " + Trim(detail))}") => Status = status;

    public HttpStatusCode? Status { get; }

    private static string Trim(string detail) => detail.Length > 300 ? detail[..300] + "…" : detail;
}
