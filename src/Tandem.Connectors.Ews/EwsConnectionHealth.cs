namespace Tandem.Connectors.Ews;

/// <summary>
/// Whether one EWS connection's server is answering, for the attendant and the service to read: "this connection's
/// server is failing with <see cref="FailingCode"/> since <see cref="FailingSince"/>". Every request and streaming
/// connection of the connection's connectors reports here. Failing codes are the connection-level ones Microsoft names
/// for failover (network errors, HTTP 503, ErrorConnectionFailed, ErrorMailboxMoveInProgress, ErrorMailboxStoreUnavailable,
/// ErrorProxyRequestNotAllowed, ErrorReadEventsFailed) plus ErrorExceededConnectionCount and a missed streaming
/// heartbeat; any successful answer clears them. Get it from <see cref="EwsConnectorFactory.Health(string)"/>. Thread-safe.
/// </summary>
public sealed class EwsConnectionHealth
{
    /// <summary>Network failure (DNS, refused, reset, timeout) before any HTTP answer.</summary>
    public const string NetworkError = "TransportError";

    /// <summary>HTTP 503 Service Unavailable.</summary>
    public const string Http503 = "Http503";

    /// <summary>A GetStreamingEvents connection sent nothing, not even a heartbeat, for longer than the idle timeout.</summary>
    public const string HeartbeatMissed = "HeartbeatMissed";

    internal static readonly HashSet<string> ServerCodes = new(StringComparer.Ordinal)
    {
        NetworkError, Http503, HeartbeatMissed,
        "ErrorConnectionFailed", "ErrorMailboxMoveInProgress", "ErrorMailboxStoreUnavailable", "ErrorProxyRequestNotAllowed",
        "ErrorReadEventsFailed", "ErrorExceededConnectionCount",
    };

    private readonly Lock _lock = new();
    private string? _code;
    private string? _message;
    private DateTimeOffset? _since;
    private DateTimeOffset? _lastSuccess;
    private Uri? _url;

    internal EwsConnectionHealth(string connection) => Connection = connection;

    /// <summary>The connection's name (ConnectionDefinition.Name).</summary>
    public string Connection { get; }

    /// <summary>The EWS URL in use (after Autodiscover), null before the first request.</summary>
    public Uri? Url { get { lock (_lock) return _url; } }

    /// <summary>The failing code, or null while the server answers.</summary>
    public string? FailingCode { get { lock (_lock) return _code; } }

    /// <summary>When the current failure began (the first failure after the last success).</summary>
    public DateTimeOffset? FailingSince { get { lock (_lock) return _since; } }

    /// <summary>The last failure's message (no secrets: server texts and exception messages only).</summary>
    public string? LastError { get { lock (_lock) return _message; } }

    public DateTimeOffset? LastSuccess { get { lock (_lock) return _lastSuccess; } }

    public bool IsFailing => FailingCode is not null;

    /// <summary>Raised when the connection starts failing, changes code, or recovers (not on every request).</summary>
    public event Action<EwsConnectionHealth>? Changed;

    internal void UseUrl(Uri url)
    {
        lock (_lock) _url = url;
    }

    internal void Failed(string code, string message, DateTimeOffset now)
    {
        bool changed;
        lock (_lock)
        {
            changed = _code != code;
            _since ??= now;
            _code = code;
            _message = message;
        }
        if (changed) Changed?.Invoke(this);
    }

    internal void Succeeded(DateTimeOffset now)
    {
        bool changed;
        lock (_lock)
        {
            changed = _code is not null;
            _code = null;
            _since = null;
            _lastSuccess = now;
        }
        if (changed) Changed?.Invoke(this);
    }

    public override string ToString() =>
        FailingCode is { } code ? $"{Connection}: failing with {code} since {FailingSince:u} ({LastError})" : $"{Connection}: ok";
}
