using System.Collections.Concurrent;

namespace Tandem.Lab.Hosting;

/// <summary>
/// EWS requests in flight per target mailbox (the principal: the impersonated mailbox, which Exchange charges
/// EWSMaxConcurrency to), from the parsed request to the written response, and the highest count seen. Lets a test check
/// that several clients together keep to a per-mailbox limit.
/// </summary>
internal sealed class MailboxLoad
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.OrdinalIgnoreCase);

    public IDisposable Enter(string address)
    {
        var counter = _counters.GetOrAdd(address, static _ => new Counter());
        lock (counter)
        {
            counter.Now++;
            counter.Peak = Math.Max(counter.Peak, counter.Now);
        }

        return new Exit(counter);
    }

    public int Peak(string address)
    {
        if (!_counters.TryGetValue(address, out var counter))
        {
            return 0;
        }

        lock (counter)
        {
            return counter.Peak;
        }
    }

    /// <summary>Starts the highest count again from the requests in flight now (a test measures one phase only).</summary>
    public void ResetPeak(string address)
    {
        var counter = _counters.GetOrAdd(address, static _ => new Counter());
        lock (counter)
        {
            counter.Peak = counter.Now;
        }
    }

    private sealed class Counter
    {
        public int Now;
        public int Peak;
    }

    private sealed class Exit(Counter counter) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                lock (counter)
                {
                    counter.Now--;
                }
            }
        }
    }
}
