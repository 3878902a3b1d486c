using System.Collections.Concurrent;
using Tandem.Core.Connectors;

namespace Tandem.Connectors.Ews.Protocol;

/// <summary>
/// The shared door to one Exchange server. Exchange's throttling budget belongs to the account on the
/// server, not to one request, so when any request hears ErrorServerBusy every request to that server
/// waits out the BackOffMilliseconds (ews-notes.md §3). It also caps concurrency per server and per
/// mailbox, because EWSMaxConcurrency and ConcurrentSyncCalls are charged per target mailbox. With several nodes the
/// per-server cap is this node's <see cref="LimitShare"/> of it, so that the nodes together keep to it; the per-mailbox cap
/// is this node's alone for a mailbox only its groups use, and taken slot by slot across the cluster for a mailbox that
/// groups on other nodes use too (<see cref="LimitShare.TakeMailboxSlotAsync"/>).
/// </summary>
internal sealed class ServerGate
{
    private readonly TimeProvider _time;
    private readonly ServerSlots _server;
    private readonly int _perMailbox;
    private readonly LimitShare? _share;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private DateTimeOffset _blockedUntil = DateTimeOffset.MinValue;

    public ServerGate(TimeProvider time, int perServer, int perMailbox, LimitShare? share = null)
    {
        _time = time;
        _server = new ServerSlots(Math.Max(1, perServer), share);
        _perMailbox = Math.Max(1, perMailbox);
        _share = share;
    }

    /// <summary>Requests to the server in flight now (this node).</summary>
    public int InFlight => _server.InUse;

    public DateTimeOffset BlockedUntil
    {
        get { lock (_lock) return _blockedUntil; }
    }

    /// <summary>Every request to the server waits until now + <paramref name="delay"/> (never shortens an earlier back-off).</summary>
    public void BackOff(TimeSpan delay)
    {
        var until = _time.GetUtcNow() + delay;
        lock (_lock)
        {
            if (until > _blockedUntil) _blockedUntil = until;
        }
    }

    public async Task<IDisposable> EnterAsync(string? mailbox, CancellationToken cancellationToken)
    {
        var box = _mailboxes.GetOrAdd(mailbox ?? string.Empty, _ => new SemaphoreSlim(_perMailbox));
        await box.WaitAsync(cancellationToken).ConfigureAwait(false);
        IAsyncDisposable? clusterSlot = null;
        try
        {
            // the mailbox's cluster-wide slot before the server's: a request waiting for a busy mailbox holds no server slot
            if (_share is not null) clusterSlot = await _share.TakeMailboxSlotAsync(mailbox, _perMailbox, cancellationToken).ConfigureAwait(false);
            await _server.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (clusterSlot is not null) await clusterSlot.DisposeAsync().ConfigureAwait(false);
            box.Release();
            throw;
        }
        var lease = new Lease(this, box, clusterSlot);
        try
        {
            await WaitOutBackOffAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
        return lease;
    }

    /// <summary>Waits until no back-off is pending; loops because another request may extend it meanwhile.</summary>
    public async Task WaitOutBackOffAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = BlockedUntil - _time.GetUtcNow();
            if (wait <= TimeSpan.Zero) return;
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class Lease(ServerGate gate, SemaphoreSlim box, IAsyncDisposable? clusterSlot) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            gate._server.Release();
            box.Release();
            // given back in the background: until the database has it back the slot only looks busy a moment longer
            if (clusterSlot is not null) _ = ReleaseAsync(clusterSlot);
        }

        private static async Task ReleaseAsync(IAsyncDisposable slot)
        {
            try
            {
                await slot.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // a slot whose session broke went free with it
            }
        }
    }
}

/// <summary>One gate per server authority, shared by every connector of the process (of a node: its share of the limits).</summary>
internal sealed class ServerGateRegistry(LimitShare? share = null)
{
    public static readonly ServerGateRegistry Shared = new();

    private readonly ConcurrentDictionary<string, ServerGate> _gates = new(StringComparer.OrdinalIgnoreCase);

    public ServerGate For(Uri server, TimeProvider time, int perServer, int perMailbox) =>
        _gates.GetOrAdd(server.GetLeftPart(UriPartial.Authority), _ => new ServerGate(time, perServer, perMailbox, share));
}
