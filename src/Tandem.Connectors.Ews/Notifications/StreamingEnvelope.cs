using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Notifications;

/// <summary>What one envelope of a GetStreamingEvents stream says.</summary>
internal sealed record StreamingEnvelope(bool HasEvents, bool Closed, bool SubscriptionLost, string? ErrorCode)
{
    private static readonly HashSet<string> LostCodes =
    [
        "ErrorInvalidSubscription", "ErrorSubscriptionNotFound", "ErrorExpiredSubscription", "ErrorInvalidWatermark",
        "ErrorReadEventsFailed", "ErrorMissedNotificationEvents", "ErrorSubscriptionUnsubscribed",
    ];

    /// <summary>
    /// Reads an envelope. Notification and SubscriptionId children are matched by local name: Exchange
    /// sends m:Notification where the schema says t: (ews-notes.md trap 3), so both are accepted.
    /// </summary>
    public static StreamingEnvelope Parse(string xml)
    {
        var doc = XDocument.Parse(xml);
        var body = doc.Root?.Element(Ns.Soap + "Body");
        if (body?.Element(Ns.Soap + "Fault") is { } fault)
        {
            var code = fault.Element("detail")?.Element(Ns.Errors + "ResponseCode")?.Value ?? fault.Element("faultcode")?.Value ?? "SoapFault";
            return new StreamingEnvelope(false, true, LostCodes.Contains(code), code);
        }
        var hasEvents = false;
        var closed = false;
        var lost = false;
        string? error = null;
        foreach (var message in body?.Descendants(Ns.M + "GetStreamingEventsResponseMessage") ?? [])
        {
            var parsed = ResponseMessage.Parse(message);
            if (!parsed.IsSuccess)
            {
                error = parsed.ResponseCode;
                if (LostCodes.Contains(parsed.ResponseCode)) lost = true;
                else closed = true;
            }
            var notifications = message.Elements().FirstOrDefault(e => e.Name.LocalName == "Notifications");
            foreach (var notification in notifications?.Elements().Where(e => e.Name.LocalName == "Notification") ?? [])
            {
                if (notification.Elements().Any(e => e.Name.LocalName.EndsWith("Event", StringComparison.Ordinal) && e.Name.LocalName != "StatusEvent"))
                {
                    hasEvents = true;
                }
            }
            var errorIds = message.Elements().FirstOrDefault(e => e.Name.LocalName == "ErrorSubscriptionIds");
            if (errorIds?.Elements().Any(e => e.Name.LocalName == "SubscriptionId") == true) lost = true;
            if (message.Elements().FirstOrDefault(e => e.Name.LocalName == "ConnectionStatus")?.Value == "Closed") closed = true;
        }
        return new StreamingEnvelope(hasEvents, closed, lost, error);
    }
}
