using System.Collections.Frozen;

namespace Tandem.Core.Connectors;

/// <summary>
/// This process's share of limits that a server sets for the whole organisation, when several <c>tandem serve</c> nodes
/// talk to it at once.
/// <list type="bullet">
/// <item>Per server (EWS: concurrent requests per server): each of the live nodes takes an equal part, rounded down and at
/// least one, so that together they stay within the limit. One node (the default) takes the whole limit.</item>
/// <item>Per mailbox (Exchange charges EWSMaxConcurrency to the target mailbox): a mailbox whose groups run on one node is
/// that node's alone, and it keeps the whole limit locally. A mailbox that is a member of groups leased to several nodes
/// (a company-wide source folder feeding groups on every node) is <see cref="IsShared">shared</see>: each request to it
/// first takes one of its slots in the cluster (<see cref="ClusterSlots"/>: one database lock per slot), so the nodes
/// together never exceed the limit.</item>
/// </list>
/// The cluster's lease keeper sets <see cref="Nodes"/> and the shared mailboxes every round; connectors read them before
/// every request.
/// </summary>
public sealed class LimitShare
{
    private int _nodes = 1;
    private FrozenSet<string> _shared = FrozenSet<string>.Empty;

    /// <summary>Raised when the number of live nodes changed (a node left: waiting requests may go ahead).</summary>
    public event Action? Changed;

    public int Nodes
    {
        get => Volatile.Read(ref _nodes);
        set
        {
            if (Interlocked.Exchange(ref _nodes, Math.Max(1, value)) != Math.Max(1, value)) Changed?.Invoke();
        }
    }

    /// <summary>
    /// Takes one of <c>slots</c> slots of a key (a mailbox) across the cluster, waiting until one is free; disposing gives
    /// it back. Null: no cluster (one node), every mailbox is this node's own.
    /// </summary>
    public Func<string, int, CancellationToken, Task<IAsyncDisposable>>? ClusterSlots { get; init; }

    /// <summary>This node's part of <paramref name="limit"/>.</summary>
    public int Of(int limit) => Math.Max(1, limit / Nodes);

    /// <summary>Sets the mailboxes (addresses, any case) that groups on more than one node use.</summary>
    public void ShareMailboxes(IEnumerable<string> mailboxes) =>
        Volatile.Write(ref _shared, mailboxes.ToFrozenSet(StringComparer.OrdinalIgnoreCase));

    /// <summary>True when requests to <paramref name="mailbox"/> must take a cluster-wide slot.</summary>
    public bool IsShared(string? mailbox) => mailbox is not null && ClusterSlots is not null && Volatile.Read(ref _shared).Contains(mailbox);

    /// <summary>
    /// A cluster-wide slot of <paramref name="mailbox"/> out of <paramref name="limit"/> when it is shared; null (nothing to
    /// take) when it is this node's own.
    /// </summary>
    public async Task<IAsyncDisposable?> TakeMailboxSlotAsync(string? mailbox, int limit, CancellationToken cancellationToken) =>
        IsShared(mailbox) && ClusterSlots is { } slots
            ? await slots("mailbox:" + mailbox!.ToLowerInvariant(), Math.Max(1, limit), cancellationToken).ConfigureAwait(false)
            : null;
}
