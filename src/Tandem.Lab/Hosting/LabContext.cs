using Tandem.Lab.Notify;
using Tandem.Lab.Hosting;
using Tandem.Lab.Store;

namespace Tandem.Lab;

/// <summary>Everything a request handler needs: the store, faults, subscriptions, options and the optional database.</summary>
internal sealed class LabContext
{
    public required LabStore Store { get; init; }

    public required LabFaults Faults { get; init; }

    public required LabOptions Options { get; init; }

    public LabDatabase? Database { get; init; }

    public SubscriptionManager Subscriptions { get; } = new();

    /// <summary>Graph change-notification subscriptions (webhooks), fed by the same store events as EWS's.</summary>
    public Graph.GraphWebhooks Webhooks => _webhooks ??= new Graph.GraphWebhooks(Store.Time);

    private Graph.GraphWebhooks? _webhooks;

    /// <summary>
    /// Notifies EWS and Graph subscribers of committed changes. Call holding the locks of the owners the events are about
    /// (the notifications read those folders' and items' current ChangeKeys).
    /// </summary>
    public void Publish(List<StoreEvent> events)
    {
        Subscriptions.Publish(events, Store);
        Webhooks.Publish(events, Store);
    }

    /// <summary>Set once the listeners are bound.</summary>
    public FrontEnds FrontEnds { get; set; } = new([]);

    /// <summary>EWS requests in flight per target mailbox, and the peak.</summary>
    public MailboxLoad Load { get; } = new();

    /// <summary>Open GetStreamingEvents connections per budget (HangingConnectionLimit).</summary>
    public StreamingBudgets Budgets { get; } = new();

    public required Microsoft.Extensions.Logging.ILogger Logger { get; init; }

    /// <summary>
    /// After a mutation: writes what the owners <paramref name="locks"/> holds changed to the database and returns their
    /// events for <see cref="Publish"/>. Call with those locks held.
    /// </summary>
    public List<StoreEvent> Commit(StoreLocks locks)
    {
        if (Database is null)
        {
            foreach (var journal in Store.Journals(locks.Owners))
            {
                journal.Dirty.Clear();
            }
        }
        else
        {
            Database.Flush(Store, locks.Owners);
        }

        return Store.TakeEvents(locks.Owners);
    }

    /// <summary>Commits and publishes what the held owners changed.</summary>
    public void CommitAndPublish(StoreLocks locks)
    {
        var events = Commit(locks);
        if (events.Count > 0)
        {
            Publish(events);
        }
    }
}
