using Tandem.Core.Connectors;

namespace Tandem.Connectors.Ews.Protocol;

/// <summary>
/// The per-server concurrency cap of a <see cref="ServerGate"/>: a counting semaphore whose size is this node's share of
/// the configured limit, read on every entry, so that it shrinks when nodes join and grows (waking waiters) when they leave.
/// Requests already in flight are never cut off: after a shrink, new ones wait until the count is under the new size.
/// </summary>
internal sealed class ServerSlots
{
    private readonly int _limit;
    private readonly LimitShare? _share;
    private readonly Lock _lock = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private int _inUse;

    public ServerSlots(int limit, LimitShare? share)
    {
        _limit = limit;
        _share = share;
        if (share is not null) share.Changed += Pulse;
    }

    public int InUse
    {
        get { lock (_lock) return _inUse; }
    }

    private int Size => _share?.Of(_limit) ?? _limit;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (_lock)
        {
            if (_inUse < Size && _waiters.Count == 0)
            {
                _inUse++;
                return;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }
        using (cancellationToken.Register(() =>
        {
            lock (_lock)
            {
                // a slot handed over just before the cancellation is given on to the next waiter
                if (node.List is not null) _waiters.Remove(node);
                else return;
            }
            waiter.TrySetCanceled(cancellationToken);
        }))
        {
            await waiter.Task.ConfigureAwait(false);
        }
    }

    public void Release()
    {
        lock (_lock) _inUse--;
        Pulse();
    }

    /// <summary>Hands free slots to the waiters, first come first served.</summary>
    private void Pulse()
    {
        var ready = new List<TaskCompletionSource>();
        lock (_lock)
        {
            while (_waiters.First is { } first && _inUse < Size)
            {
                _waiters.RemoveFirst();
                _inUse++;
                ready.Add(first.Value);
            }
        }
        foreach (var waiter in ready) waiter.SetResult();
    }
}
