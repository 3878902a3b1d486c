using System.Collections.Concurrent;

namespace Tandem.Lab.Store;

/// <summary>
/// One lock per mailbox store and one for the public-folder store, as an Exchange server serves different mailboxes in
/// parallel. Everything a folder holds (its items, change log, children) belongs to its owner's lock; what spans owners
/// (the id maps, change numbers, the directory of mailboxes) is kept in concurrent structures instead.
/// </summary>
internal sealed class OwnerLocks
{
    private readonly ConcurrentDictionary<string, Lock> _locks = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Set once the lab serves requests: from then on a change to an owner's data without its lock is a bug.</summary>
    public bool Enforced { get; set; }

    public Lock Of(string owner) => _locks.GetOrAdd(owner, static _ => new Lock());

    public bool IsHeld(string owner) => _locks.TryGetValue(owner, out var held) && held.IsHeldByCurrentThread;

    /// <summary>Throws when a change is made to <paramref name="owner"/>'s data by a thread that does not hold its lock.</summary>
    public void Demand(string owner)
    {
        if (Enforced && !IsHeld(owner))
        {
            throw new InvalidOperationException($"The lab changed the store of '{owner}' without holding its lock.");
        }
    }
}
