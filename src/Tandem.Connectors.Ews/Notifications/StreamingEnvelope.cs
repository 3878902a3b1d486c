using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Notifications;

/// <summary>
/// What one envelope of a GetStreamingEvents stream says: which subscriptions had events, which ids the server names in
/// ErrorSubscriptionIds and with which code, and whether the connection is closed.
/// </summary>
internal sealed record StreamingEnvelope(bool HasEvents, bool Closed, bool SubscriptionLost, string? ErrorCode)
{
    /// <summary>Codes after which a subscription must be created again (ews-notes.md §3; MissedNotificationEvents: subscribe again without the old watermark).</summary>
    public static readonly HashSet<string> LostCodes =
    [
        "ErrorInvalidSubscription", "ErrorSubscriptionNotFound", "ErrorExpiredSubscription", "ErrorInvalidWatermark",
        "ErrorReadEventsFailed", "ErrorMissedNotificationEvents", "ErrorSubscriptionUnsubscribed", "ErrorProxyRequestNotAllowed",
    ];

    /// <summary>A newer connection of ours reads these ids now: nothing is lost.</summary>
    public const string TakenOver = "ErrorNewEventStreamConnectionOpened";

    /// <summary>Subscriptions that had events in this envelope.</summary>
    public IReadOnlyList<string> EventIds { get; init; } = [];

    /// <summary>The ids named under ErrorSubscriptionIds (the error is <see cref="ErrorCode"/>).</summary>
    public IReadOnlyList<string> ErrorIds { get; init; } = [];

    public bool IsFault { get; init; }

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
            var code = fault.Element("detail")?.Element(Ns.Errors + "ResponseCode")?.Value ?? fault.Element("faultcode")?.Value.Split(':').Last() ?? "SoapFault";
            return new StreamingEnvelope(false, true, LostCodes.Contains(code), code) { IsFault = true };
        }
        var closed = false;
        var lost = false;
        string? error = null;
        var eventIds = new List<string>();
        var errorIds = new List<string>();
        foreach (var message in body?.Descendants(Ns.M + "GetStreamingEventsResponseMessage") ?? [])
        {
            var parsed = ResponseMessage.Parse(message);
            if (!parsed.IsSuccess)
            {
                error = parsed.ResponseCode;
                if (LostCodes.Contains(parsed.ResponseCode)) lost = true;
            }
            var notifications = message.Elements().FirstOrDefault(e => e.Name.LocalName == "Notifications");
            foreach (var notification in notifications?.Elements().Where(e => e.Name.LocalName == "Notification") ?? [])
            {
                if (notification.Elements().Any(e => e.Name.LocalName.EndsWith("Event", StringComparison.Ordinal) && e.Name.LocalName != "StatusEvent")
                    && notification.Elements().FirstOrDefault(e => e.Name.LocalName == "SubscriptionId")?.Value.Trim() is { Length: > 0 } id)
                {
                    eventIds.Add(id);
                }
            }
            var ids = message.Elements().FirstOrDefault(e => e.Name.LocalName == "ErrorSubscriptionIds");
            errorIds.AddRange(ids?.Elements().Where(e => e.Name.LocalName == "SubscriptionId").Select(e => e.Value.Trim()) ?? []);
            var status = message.Elements().FirstOrDefault(e => e.Name.LocalName == "ConnectionStatus")?.Value;
            // An error without a status ends the connection too (Exchange closes after a request-level error).
            if (status == "Closed" || (!parsed.IsSuccess && status is null)) closed = true;
        }
        if (errorIds.Count > 0 && error != TakenOver) lost = true;
        return new StreamingEnvelope(eventIds.Count > 0, closed, lost, error) { EventIds = eventIds, ErrorIds = errorIds };
    }
}
