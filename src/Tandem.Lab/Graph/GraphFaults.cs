namespace Tandem.Lab.Graph;

/// <summary>
/// Faults of the lab's Graph face, in code: throttling (429 with Retry-After, per request as Graph throttles each inner
/// request of a $batch on its own) and lost delta tokens (every token issued so far answers 410 syncStateNotFound, as
/// when Exchange evicts the sync state from its cache). Thread-safe.
/// </summary>
public sealed class GraphFaults
{
    private readonly Lock _lock = new();
    private int _throttle;
    private int _retryAfterSeconds = 1;
    private int _epoch;
    private long _requests;
    private long _throttled;

    /// <summary>HTTP requests the Graph face has answered (a $batch counts once): round trips, for benchmarks.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Requests (inner ones included) answered 429 so far.</summary>
    public long Throttled => Interlocked.Read(ref _throttled);

    /// <summary>The next <paramref name="requests"/> requests (a $batch's inner requests each count) get 429 with Retry-After.</summary>
    public void Throttle(int requests, int retryAfterSeconds = 1)
    {
        lock (_lock)
        {
            _throttle = requests;
            _retryAfterSeconds = retryAfterSeconds;
        }
    }

    /// <summary>Every delta token issued before this call is forgotten: its next use answers 410 Gone, syncStateNotFound.</summary>
    public void LoseDeltaTokens() => Interlocked.Increment(ref _epoch);

    internal int Epoch => Volatile.Read(ref _epoch);

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _shapes = new(StringComparer.Ordinal);

    /// <summary>Round trips by kind (ids blanked; a $batch by the kinds it carried), for benchmarks to show where they go.</summary>
    public IReadOnlyDictionary<string, long> RequestsByShape => new Dictionary<string, long>(_shapes, StringComparer.Ordinal);

    internal void CountShape(string shape) => _shapes.AddOrUpdate(shape, 1, (_, n) => n + 1);

    internal int? TakeThrottle()
    {
        lock (_lock)
        {
            if (_throttle <= 0)
            {
                return null;
            }

            _throttle--;
            Interlocked.Increment(ref _throttled);
            return _retryAfterSeconds;
        }
    }
}
