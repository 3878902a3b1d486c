namespace Tandem.Service.Runtime;

/// <summary>
/// A group's propagation latencies over its recent cycles (from a change detected — the first notification of a burst,
/// or the start of a poll — to the end of the cycle that wrote its last member): the last one and the 95th percentile
/// of the last <see cref="Capacity"/>, for the panel and the API. One runner writes it; reads take a copy.
/// </summary>
internal sealed class LatencyWindow
{
    public const int Capacity = 100;

    private readonly TimeSpan[] _values = new TimeSpan[Capacity];
    private readonly Lock _lock = new();
    private int _count;
    private int _next;

    public void Add(TimeSpan latency)
    {
        lock (_lock)
        {
            _values[_next] = latency < TimeSpan.Zero ? TimeSpan.Zero : latency;
            _next = (_next + 1) % Capacity;
            if (_count < Capacity) _count++;
        }
    }

    public TimeSpan? Last
    {
        get
        {
            lock (_lock) return _count == 0 ? null : _values[(_next + Capacity - 1) % Capacity];
        }
    }

    /// <summary>Nearest-rank 95th percentile: the smallest value that at least 95% of the kept values do not exceed.</summary>
    public TimeSpan? P95
    {
        get
        {
            TimeSpan[] kept;
            lock (_lock) kept = _values[.._count];
            if (kept.Length == 0) return null;
            Array.Sort(kept);
            var rank = (int)Math.Ceiling(0.95 * kept.Length);
            return kept[rank - 1];
        }
    }
}
