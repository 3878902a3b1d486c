using System.Xml.Linq;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Notifications;

/// <summary>Builders for streaming notifications (Subscribe streaming, GetStreamingEvents, Unsubscribe).</summary>
internal static class StreamingRequests
{
    public static XElement Subscribe(FolderAddress folder) => X.M("Subscribe",
        X.M("StreamingSubscriptionRequest",
            X.T("FolderIds", folder.ToXml()),
            X.T("EventTypes",
                X.T("EventType", "CopiedEvent"),
                X.T("EventType", "CreatedEvent"),
                X.T("EventType", "DeletedEvent"),
                X.T("EventType", "ModifiedEvent"),
                X.T("EventType", "MovedEvent"))));

    /// <param name="minutes">ConnectionTimeout, 1..30 minutes (schema limit).</param>
    public static XElement GetStreamingEvents(IEnumerable<string> subscriptionIds, int minutes) => X.M("GetStreamingEvents",
        X.M("SubscriptionIds", subscriptionIds.Select(id => X.T("SubscriptionId", id))),
        X.M("ConnectionTimeout", Math.Clamp(minutes, 1, 30)));

    public static XElement Unsubscribe(string subscriptionId) => X.M("Unsubscribe", X.M("SubscriptionId", subscriptionId));
}
