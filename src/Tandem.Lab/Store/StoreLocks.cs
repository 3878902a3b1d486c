namespace Tandem.Lab.Store;

/// <summary>
/// The owner locks one request holds. A request acts for one mailbox (its principal) and may reach public folders; the
/// order is always mailbox first, public folders second, so the public lock can be taken when a request first touches a
/// public folder without risking a deadlock. A second mailbox is never entered while holding one: work for another
/// mailbox (delivery to a recipient's Inbox) runs after this request's locks are released.
/// </summary>
internal sealed class StoreLocks : IDisposable
{
    private readonly OwnerLocks _locks;
    private readonly List<(string Owner, Lock Lock)> _held = [];

    private StoreLocks(OwnerLocks locks)
    {
        _locks = locks;
    }

    /// <summary>Takes <paramref name="owner"/>'s lock (a mailbox address or <see cref="LabFolder.PublicOwner"/>), or none when null.</summary>
    public static StoreLocks For(LabStore store, string? owner)
    {
        var scope = new StoreLocks(store.Locks);
        if (owner is not null)
        {
            scope.Enter(owner);
        }

        return scope;
    }

    /// <summary>The owners held, in the order they were taken.</summary>
    public IEnumerable<string> Owners => _held.Select(h => h.Owner);

    public void Enter(string owner)
    {
        if (_held.Any(h => string.Equals(h.Owner, owner, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        if (owner != LabFolder.PublicOwner && _held.Count > 0)
        {
            // Mailbox after public, or a second mailbox: two requests doing the opposite could deadlock.
            throw new InvalidOperationException($"The lab may not lock mailbox '{owner}' while holding '{_held[0].Owner}'.");
        }

        var taken = _locks.Of(owner);
        taken.Enter();
        _held.Add((owner, taken));
    }

    public void Dispose()
    {
        for (var i = _held.Count - 1; i >= 0; i--)
        {
            _held[i].Lock.Exit();
        }

        _held.Clear();
    }
}
