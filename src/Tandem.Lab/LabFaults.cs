namespace Tandem.Lab;

/// <summary>
/// Faults injected on demand, in code or through the admin endpoint /lab/faults: throttling (ErrorServerBusy with
/// BackOffMilliseconds), HTTP 503s, slow responses, dropped streaming connections, invalid sync states, a front end that
/// is down (<see cref="TakeDown"/>: like a dead server, every request it receives is reset and its streams are cut) or
/// that answers ErrorMailboxMoveInProgress (<see cref="MailboxMoveInProgress"/>). Thread-safe.
/// </summary>
public sealed partial class LabFaults
{
    private readonly Lock _lock = new();
    private readonly bool[] _down;
    private readonly bool[] _moving;
    private readonly CancellationTokenSource[] _streams;
    private int _throttleCount;
    private int _throttleBackOff = 2000;
    private bool _throttleAsMessage;
    private int _unavailableCount;
    private int _invalidSyncStates;

    public LabFaults(int frontEnds = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frontEnds, 1);
        _down = new bool[frontEnds];
        _moving = new bool[frontEnds];
        _streams = Enumerable.Range(0, frontEnds).Select(_ => new CancellationTokenSource()).ToArray();
    }

    /// <summary>Raised (outside the lock) when a front end goes down: the subscriptions its EWS process held are gone.</summary>
    internal event Action<int>? FrontEndWentDown;

    public int FrontEnds => _down.Length;

    /// <summary>Delay added before each EWS response.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Every front end at once: true takes them all down, false brings them all up.</summary>
    public bool Down
    {
        get { lock (_lock) { return _down.All(d => d); } }
        set
        {
            for (var i = 0; i < FrontEnds; i++)
            {
                if (value)
                {
                    TakeDown(i);
                }
                else
                {
                    BringUp(i);
                }
            }
        }
    }

    /// <summary>
    /// Front end <paramref name="frontEnd"/> (0-based) dies: its open streaming connections are reset, every new request
    /// to it (EWS and Autodiscover) is reset at the connection level before any HTTP answer, and the streaming
    /// subscriptions created through it are forgotten (its EWS process is gone: ErrorSubscriptionNotFound elsewhere).
    /// </summary>
    public void TakeDown(int frontEnd)
    {
        lock (_lock)
        {
            _down[Check(frontEnd)] = true;
        }

        DropStreamingConnections(frontEnd);
        FrontEndWentDown?.Invoke(frontEnd);
    }

    public void BringUp(int frontEnd)
    {
        lock (_lock)
        {
            _down[Check(frontEnd)] = false;
        }
    }

    /// <summary>While on, front end <paramref name="frontEnd"/> answers every EWS operation with an ErrorMailboxMoveInProgress SOAP fault.</summary>
    public void MailboxMoveInProgress(int frontEnd, bool on)
    {
        lock (_lock)
        {
            _moving[Check(frontEnd)] = on;
        }
    }

    public bool IsDown(int frontEnd)
    {
        lock (_lock) { return _down[Check(frontEnd)]; }
    }

    public bool IsMailboxMoveInProgress(int frontEnd)
    {
        lock (_lock) { return _moving[Check(frontEnd)]; }
    }

    private int Check(int frontEnd)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frontEnd);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(frontEnd, FrontEnds);
        return frontEnd;
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
        for (var i = 0; i < FrontEnds; i++)
        {
            DropStreamingConnections(i);
        }
    }

    /// <summary>Aborts the open GetStreamingEvents connections of one front end.</summary>
    public void DropStreamingConnections(int frontEnd)
    {
        CancellationTokenSource old;
        lock (_lock)
        {
            old = _streams[Check(frontEnd)];
            _streams[frontEnd] = new CancellationTokenSource();
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
        _mailboxLatency.Clear();
        for (var i = 0; i < FrontEnds; i++)
        {
            BringUp(i);
            MailboxMoveInProgress(i, false);
        }
    }

    internal CancellationToken StreamsToken(int frontEnd)
    {
        lock (_lock) { return _streams[Check(frontEnd)].Token; }
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
