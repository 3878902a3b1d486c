using System.Globalization;
using System.Xml.Linq;
using Tandem.Lab.Ews;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Notify;

/// <summary>Subscribe (pull and streaming), GetEvents and Unsubscribe. GetStreamingEvents is in <see cref="StreamingConnection"/>.</summary>
internal static class NotificationOperations
{
    public const int MaxEventsPerGetEvents = 50;

    public static IEnumerable<XElement> Subscribe(EwsCall call)
    {
        XElement message;
        try
        {
            var request = call.Operation.Elements().First();
            if (request.Name.LocalName == "PushSubscriptionRequest")
            {
                throw new EwsException("ErrorInvalidSubscriptionRequest", "Push subscriptions are not available in the lab; use pull or streaming.");
            }

            var streaming = request.Name.LocalName == "StreamingSubscriptionRequest";
            var all = (string?)request.Attribute("SubscribeToAllFolders") == "true";
            HashSet<string>? folders = null;
            if (!all)
            {
                var resolved = request.Element(Ns.T + "FolderIds")?.Elements().Select(call.ResolveFolder).ToList()
                    ?? throw new EwsException("ErrorInvalidSubscriptionRequest", "FolderIds are required unless SubscribeToAllFolders is set.");
                if (resolved.Any(f => f.IsPublic) && resolved.Count > 1)
                {
                    // Exchange: a subscription covers a single public folder or folders of a single mailbox.
                    throw new EwsException("ErrorInvalidSubscriptionRequest", "Creating a subscription for a single public folder or a single mailbox in a single request is required.");
                }

                if (streaming && resolved.Any(f => f.IsPublic) && (call.Header("X-AnchorMailbox") is null || call.Header("X-PublicFolderMailbox") is null))
                {
                    // Public-folder content is served by the public-folder mailbox that holds it: a streaming subscription,
                    // held by that server for as long as its connections last, needs the request routed there
                    // (X-AnchorMailbox and X-PublicFolderMailbox, both required by the routing docs). Pull requests are short
                    // and the lab lets them through unrouted.
                    throw new EwsException("ErrorInvalidSubscriptionRequest", "A public folder subscription must be routed to its public folder mailbox (X-AnchorMailbox and X-PublicFolderMailbox).");
                }

                folders = resolved.Select(f => f.Id).ToHashSet(StringComparer.Ordinal);
            }

            var limit = call.Lab.Options.MaxSubscriptionsPerMailbox;
            if (call.Lab.Subscriptions.CountFor(call.Budget, call.Now) >= limit)
            {
                throw new EwsException("ErrorExceededSubscriptionCount", $"You have exceeded the maximum number of subscriptions ({limit}) for this mailbox.");
            }

            var timeout = int.TryParse(request.Element(Ns.T + "Timeout")?.Value, CultureInfo.InvariantCulture, out var minutes) ? minutes : 30;
            var subscription = call.Lab.Subscriptions.Add(new Subscription
            {
                Id = Convert.ToBase64String(Guid.NewGuid().ToByteArray().Concat(new byte[] { 0x10, 0x00 }).ToArray()),
                Owner = call.Principal.Address,
                Creator = call.Caller.Address,
                Budget = call.Budget,
                FrontEnd = call.FrontEnd,
                Folders = folders,
                EventTypes = request.Element(Ns.T + "EventTypes")!.Elements().Select(e => e.Value.Trim()).ToHashSet(StringComparer.Ordinal),
                Streaming = streaming,
                Timeout = TimeSpan.FromMinutes(timeout),
                LastActivity = call.Now,
            });
            message = SoapWriter.Success("Subscribe",
                new XElement(Ns.M + "SubscriptionId", subscription.Id),
                streaming ? null : new XElement(Ns.M + "Watermark", subscription.Watermark(0)));
        }
        catch (EwsException ex)
        {
            message = SoapWriter.Error("Subscribe", ex);
        }

        return [message];
    }

    public static IEnumerable<XElement> GetEvents(EwsCall call)
    {
        XElement message;
        try
        {
            var subscription = Active(call, call.Child("SubscriptionId")!.Value.Trim());
            if (subscription.Streaming)
            {
                throw new EwsException("ErrorInvalidSubscription", "The subscription is a streaming subscription; use GetStreamingEvents.");
            }

            var previous = call.Child("Watermark")!.Value.Trim();
            var acknowledged = subscription.SequenceOf(previous)
                ?? throw new EwsException("ErrorInvalidWatermark", "The watermark used for creating this subscription was not recognized.");
            subscription.LastActivity = call.Now;
            var (events, more) = subscription.Read(acknowledged, MaxEventsPerGetEvents);
            if (events.Count == 0)
            {
                events.Add(new XElement(Ns.T + "StatusEvent", new XElement(Ns.T + "Watermark", subscription.Watermark(acknowledged))));
            }

            message = SoapWriter.Success("GetEvents", new XElement(Ns.M + "Notification",
                new XElement(Ns.T + "SubscriptionId", subscription.Id),
                new XElement(Ns.T + "PreviousWatermark", previous),
                new XElement(Ns.T + "MoreEvents", more ? "true" : "false"),
                events));
        }
        catch (EwsException ex)
        {
            message = SoapWriter.Error("GetEvents", ex);
        }

        return [message];
    }

    public static IEnumerable<XElement> Unsubscribe(EwsCall call)
    {
        var id = call.Child("SubscriptionId")!.Value.Trim();
        try
        {
            Active(call, id);
        }
        catch (EwsException ex)
        {
            return [SoapWriter.Error("Unsubscribe", ex)];
        }

        call.Lab.Subscriptions.Remove(id);
        return [SoapWriter.Success("Unsubscribe")];
    }

    public static Subscription Active(EwsCall call, string id)
    {
        if (!IsWellFormed(id))
        {
            throw Malformed();
        }

        var subscription = call.Lab.Subscriptions.Find(id);
        if (subscription is null || !string.Equals(subscription.Creator, call.Caller.Address, StringComparison.OrdinalIgnoreCase))
        {
            throw NotFound();
        }

        if (subscription.IsExpired(call.Now))
        {
            call.Lab.Subscriptions.Remove(id);
            throw NotFound();
        }

        return subscription;
    }

    public static EwsException NotFound() => new("ErrorSubscriptionNotFound", "Subscription not found.");

    public static EwsException Malformed() => new("ErrorInvalidSubscription", "The subscription id is invalid.");

    /// <summary>Subscription ids are base64; anything else is not an id at all (ErrorInvalidSubscription, not "not found").</summary>
    public static bool IsWellFormed(string id)
    {
        Span<byte> bytes = stackalloc byte[256];
        return id.Length is > 0 and <= 340 && Convert.TryFromBase64String(id, bytes, out var n) && n > 0;
    }
}
