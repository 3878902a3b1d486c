using System.Collections.Concurrent;

namespace Tandem.Lab;

/// <summary>
/// A slow mailbox: every EWS request for it spends the set time inside the operation, holding that mailbox as a slow
/// mailbox database would. Requests for other mailboxes are not held up by it (they have their own locks); that is what
/// it is for: showing a slow mailbox does not stall the server.
/// </summary>
public sealed partial class LabFaults
{
    private readonly ConcurrentDictionary<string, TimeSpan> _mailboxLatency = new(StringComparer.OrdinalIgnoreCase);
    private int _heldByLatency;

    /// <summary>Makes each EWS request for <paramref name="address"/> take <paramref name="latency"/> (zero clears it).</summary>
    public void SetMailboxLatency(string address, TimeSpan latency)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        if (latency <= TimeSpan.Zero)
        {
            _mailboxLatency.TryRemove(address.Trim(), out _);
        }
        else
        {
            _mailboxLatency[address.Trim()] = latency;
        }
    }

    /// <summary>Requests being held by <see cref="SetMailboxLatency"/> right now (they hold their mailbox's lock).</summary>
    public int HeldByMailboxLatency => Volatile.Read(ref _heldByLatency);

    /// <summary>Called holding the mailbox's lock. Wall-clock time: it stands for the server's own work, not the lab's clock.</summary>
    internal void WaitOutMailboxLatency(string address)
    {
        if (_mailboxLatency.IsEmpty || !_mailboxLatency.TryGetValue(address, out var latency))
        {
            return;
        }

        Interlocked.Increment(ref _heldByLatency);
        try
        {
            Thread.Sleep(latency);
        }
        finally
        {
            Interlocked.Decrement(ref _heldByLatency);
        }
    }
}
