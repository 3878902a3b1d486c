using System.Xml.Linq;

namespace Tandem.Lab.Notify;

/// <summary>
/// A pull or streaming subscription: which mailbox and folders it watches, which event types, and the queue of events
/// not yet acknowledged (pull) or delivered (streaming). Each event carries a watermark: the subscription id and its
/// sequence number.
/// </summary>
internal sealed class Subscription
{
    private readonly Lock _lock = new();
    private readonly List<(long Sequence, XElement Event)> _queue = [];
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _sequence;
    private long _sent;

    public required string Id { get; init; }

    public required string Owner { get; init; }

    /// <summary>The logged-on account that subscribed (under impersonation, the service account): only it may read.</summary>
    public string Creator { get; init; } = string.Empty;

    /// <summary>The budget it counts against (<see cref="StreamingBudgets.Key"/>): EWSMaxSubscriptions per target mailbox.</summary>
    public string Budget { get; init; } = string.Empty;

    /// <summary>The front end whose EWS process holds it (lost when that front end goes down).</summary>
    public int FrontEnd { get; init; }

    /// <summary>The GetStreamingEvents connection reading it now: a newer connection takes it over.</summary>
    public object? Reader { get; private set; }

    /// <summary>Folder ids watched, or null for SubscribeToAllFolders.</summary>
    public HashSet<string>? Folders { get; init; }

    public required HashSet<string> EventTypes { get; init; }

    public bool Streaming { get; init; }

    /// <summary>Pull subscriptions expire after this long without GetEvents.</summary>
    public TimeSpan Timeout { get; init; }

    public DateTimeOffset LastActivity { get; set; }

    /// <summary>Open GetStreamingEvents connections reading this subscription.</summary>
    public int Connections;

    /// <summary>How long a streaming subscription survives without a connection (Exchange drops idle ones too).</summary>
    public static readonly TimeSpan StreamingIdleLifetime = TimeSpan.FromMinutes(30);

    public bool IsExpired(DateTimeOffset now) =>
        Streaming
            ? Volatile.Read(ref Connections) == 0 && now - LastActivity > StreamingIdleLifetime
            : now - LastActivity > Timeout;

    public const int MaxQueued = 10_000;

    public string Watermark(long sequence) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Id + ":" + sequence));

    public long? SequenceOf(string watermark)
    {
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(watermark));
            var colon = text.LastIndexOf(':');
            return colon > 0 && text[..colon] == Id && long.TryParse(text[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var s) && s <= CurrentSequence
                ? s
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public long CurrentSequence
    {
        get { lock (_lock) { return _sequence; } }
    }

    /// <summary>Completes when events are added after this call.</summary>
    public Task Signal
    {
        get { lock (_lock) { return _signal.Task; } }
    }

    /// <summary>Queues an event; <paramref name="build"/> receives the event's watermark.</summary>
    public void Add(Func<string, XElement> build)
    {
        TaskCompletionSource fire;
        lock (_lock)
        {
            _sequence++;
            _queue.Add((_sequence, build(Watermark(_sequence))));
            if (_queue.Count > MaxQueued)
            {
                _queue.RemoveAt(0);
            }

            fire = _signal;
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fire.TrySetResult();
    }

    /// <summary>Drops events up to <paramref name="acknowledged"/> and returns up to <paramref name="max"/> after it.</summary>
    public (List<XElement> Events, bool More) Read(long acknowledged, int max)
    {
        lock (_lock)
        {
            _queue.RemoveAll(e => e.Sequence <= acknowledged);
            var events = _queue.Take(max).Select(e => new XElement(e.Event)).ToList();
            return (events, _queue.Count > max);
        }
    }

    /// <summary>
    /// Streaming: the queued events not yet sent to the current reader, and the last one's sequence. Sent events stay
    /// queued until the reader confirms them (<see cref="Acknowledge"/>); a new reader gets every unconfirmed one again.
    /// </summary>
    public (List<XElement> Events, long Last) PeekUnsent()
    {
        lock (_lock)
        {
            var unsent = _queue.Where(e => e.Sequence > _sent).ToList();
            return (unsent.Select(e => new XElement(e.Event)).ToList(), unsent.Count == 0 ? 0 : unsent[^1].Sequence);
        }
    }

    public void MarkSent(object reader, long sequence)
    {
        lock (_lock)
        {
            if (ReferenceEquals(Reader, reader) && sequence > _sent)
            {
                _sent = sequence;
            }
        }
    }

    /// <summary>
    /// Drops events up to <paramref name="sequence"/>. A connection calls it only once a later write on it succeeded (or its
    /// clean close went out), so an event handed to a connection that was already gone stays queued for the next one.
    /// </summary>
    public void Acknowledge(object reader, long sequence)
    {
        lock (_lock)
        {
            // A reader that lost the subscription confirms nothing: its successor re-sends what it had not confirmed.
            if (ReferenceEquals(Reader, reader))
            {
                _queue.RemoveAll(e => e.Sequence <= sequence);
            }
        }
    }

    /// <summary>Makes <paramref name="reader"/> the connection reading this subscription and wakes the one it replaces.</summary>
    public void Claim(object reader)
    {
        TaskCompletionSource fire;
        lock (_lock)
        {
            Reader = reader;
            _sent = 0;
            fire = _signal;
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        fire.TrySetResult();
    }

    /// <summary>A connection that ends gives the subscription up unless a newer one took it.</summary>
    public void Release(object reader)
    {
        lock (_lock)
        {
            if (ReferenceEquals(Reader, reader))
            {
                Reader = null;
            }
        }
    }
}
