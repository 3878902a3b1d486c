using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Tandem.Testing.Http;

/// <summary>
/// A published feed for tests, on loopback: serves <see cref="Body"/> with an ETag (a digest of the body) and
/// Last-Modified, answers 304 to a matching If-None-Match, and counts full and not-modified answers.
/// </summary>
public sealed class FeedServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private volatile string _body = "";
    private DateTimeOffset _modified = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private int _full;
    private int _notModified;

    public FeedServer(string path = "/holidays.ics", string contentType = "text/calendar")
    {
        var port = FreePort();
        Url = new Uri($"http://127.0.0.1:{port}{path}");
        ContentType = contentType;
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    public string ContentType { get; }

    public int FullResponses => Volatile.Read(ref _full);

    public int NotModifiedResponses => Volatile.Read(ref _notModified);

    /// <summary>Setting a new body gives a new ETag and a later Last-Modified.</summary>
    public string Body
    {
        get => _body;
        set
        {
            _modified = _modified.AddMinutes(1);
            _body = value;
        }
    }

    private string ETag => "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_body)))[..16] + "\"";

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            var etag = ETag;
            var response = context.Response;
            if (context.Request.Headers["If-None-Match"] == etag)
            {
                Interlocked.Increment(ref _notModified);
                response.StatusCode = 304;
                response.Close();
                continue;
            }
            Interlocked.Increment(ref _full);
            var bytes = Encoding.UTF8.GetBytes(_body);
            response.StatusCode = 200;
            response.ContentType = ContentType;
            response.Headers["ETag"] = etag;
            response.Headers["Last-Modified"] = _modified.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            response.ContentLength64 = bytes.Length;
            await response.OutputStream.WriteAsync(bytes);
            response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
