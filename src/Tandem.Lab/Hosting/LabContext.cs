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

    /// <summary>Notifies EWS and Graph subscribers of committed changes. Call under the store lock.</summary>
    public void Publish(List<StoreEvent> events)
    {
        Subscriptions.Publish(events, Store);
        Webhooks.Publish(events, Store);
    }

    /// <summary>Set once the listeners are bound.</summary>
    public FrontEnds FrontEnds { get; set; } = new([]);

    /// <summary>Open GetStreamingEvents connections per budget (HangingConnectionLimit).</summary>
    public StreamingBudgets Budgets { get; } = new();

    public required Microsoft.Extensions.Logging.ILogger Logger { get; init; }

    /// <summary>After a mutation: write dirty state to the database and publish notifications. Call under the store lock.</summary>
    public List<StoreEvent> Commit()
    {
        if (Database is null)
        {
            Store.Dirty.Clear();
        }
        else
        {
            Database.Flush(Store);
        }

        return Store.TakeEvents();
    }
}
