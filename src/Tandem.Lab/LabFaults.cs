namespace Tandem.Lab;

/// <summary>
/// Faults injected on demand, in code or through the admin endpoint /lab/faults: throttling (ErrorServerBusy with
/// BackOffMilliseconds), HTTP 503s, slow responses, dropped streaming connections, invalid sync states, and a server that
/// is down (every EWS request is aborted until it is restored). Thread-safe.
/// </summary>
public sealed class LabFaults
{
    private readonly Lock _lock = new();
    private int _throttleCount;
    private int _throttleBackOff = 2000;
    private bool _throttleAsMessage;
    private int _unavailableCount;
    private int _invalidSyncStates;
    private CancellationTokenSource _streams = new();
    private bool _down;

    /// <summary>Delay added before each EWS response.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>
    /// While true, every EWS and Autodiscover request is aborted (connection reset), as when the server is down; setting
    /// it also cuts the open streaming connections.
    /// </summary>
    public bool Down
    {
        get => Volatile.Read(ref _down);
        set
        {
            Volatile.Write(ref _down, value);
            if (value)
            {
                DropStreamingConnections();
            }
        }
    }

    public int PendingThrottled { get { lock (_lock) { return _throttleCount; } } }

    public int PendingUnavailable { get { lock (_lock) { return _unavailableCount; } } }

    public int PendingInvalidSyncStates { get { lock (_lock) { return _invalidSyncStates; } } }

    /// <summary>
    /// The next <paramref name="requests"/> EWS requests fail with ErrorServerBusy and BackOffMilliseconds: as a SOAP
    /// fault (HTTP 500), or, with <paramref name="asResponseMessage"/>, as an HTTP 200 error response message — Exchange
    /// uses both forms.
    /// </summary>
    public void Throttle(int requests, int backOffMilliseconds = 2000, bool asResponseMessage = false)
    {
        lock (_lock)
        {
            _throttleCount = requests;
            _throttleBackOff = backOffMilliseconds;
            _throttleAsMessage = asResponseMessage;
        }
    }

    /// <summary>The next <paramref name="requests"/> EWS requests get HTTP 503 Service Unavailable.</summary>
    public void Unavailable(int requests)
    {
        lock (_lock)
        {
            _unavailableCount = requests;
        }
    }

    /// <summary>The next <paramref name="count"/> sync states presented are refused with ErrorInvalidSyncStateData.</summary>
    public void InvalidateSyncStates(int count = 1)
    {
        lock (_lock)
        {
            _invalidSyncStates = count;
        }
    }

    /// <summary>Aborts every open GetStreamingEvents connection now (subscriptions stay valid, as after a network cut).</summary>
    public void DropStreamingConnections()
    {
        CancellationTokenSource old;
        lock (_lock)
        {
            old = _streams;
            _streams = new CancellationTokenSource();
        }

        old.Cancel();
        old.Dispose();
    }

    public void Reset()
    {
        lock (_lock)
        {
            _throttleCount = 0;
            _unavailableCount = 0;
            _invalidSyncStates = 0;
        }

        Delay = TimeSpan.Zero;
        Down = false;
    }

    internal CancellationToken StreamsToken
    {
        get { lock (_lock) { return _streams.Token; } }
    }

    internal (int BackOffMilliseconds, bool AsResponseMessage)? TakeThrottle()
    {
        lock (_lock)
        {
            if (_throttleCount <= 0)
            {
                return null;
            }

            _throttleCount--;
            return (_throttleBackOff, _throttleAsMessage);
        }
    }

    internal bool TakeUnavailable()
    {
        lock (_lock)
        {
            if (_unavailableCount <= 0)
            {
                return false;
            }

            _unavailableCount--;
            return true;
        }
    }

    internal bool TakeInvalidSyncState()
    {
        lock (_lock)
        {
            if (_invalidSyncStates <= 0)
            {
                return false;
            }

            _invalidSyncStates--;
            return true;
        }
    }
}
