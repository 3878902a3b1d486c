namespace Tandem.Service.Runtime;

/// <summary>
/// When a burst of change signals becomes a cycle: once the folder has been quiet for <see cref="Quiet"/>, but never
/// later than <see cref="Cap"/> after the burst's first signal, so that a steady stream of changes still flows.
/// Pure: the caller passes the clock's time.
/// </summary>
internal sealed class Debounce(TimeSpan quiet, TimeSpan cap)
{
    private DateTimeOffset? _first;
    private DateTimeOffset _last;

    public TimeSpan Quiet { get; } = quiet;

    public TimeSpan Cap { get; } = cap;

    /// <summary>When the burst's first signal came (the start of its propagation latency); null when nothing waits.</summary>
    public DateTimeOffset? FirstSignal => _first;

    public void Signal(DateTimeOffset now)
    {
        _first ??= now;
        _last = now > _last ? now : _last;
    }

    /// <summary>When the waiting burst should run; null when there is none.</summary>
    public DateTimeOffset? Due => _first is { } first ? Min(_last + Quiet, first + Cap) : null;

    /// <summary>A cycle starts: signals from now on belong to the next burst (the cycle may have read before them).</summary>
    public void Reset() => _first = null;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
