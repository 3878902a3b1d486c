using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// Response objects in CreateItem (AcceptItem, DeclineItem, CancelCalendarItem…) are actions on the item they
/// reference, never items of their own: accepting or tentatively accepting records the response on the meeting,
/// declining, cancelling and removing take the meeting out of the calendar. The lab sends nothing; the ones it does not
/// process (replies, forwards…) are refused rather than stored.
/// </summary>
internal static class ResponseObjects
{
    private static readonly HashSet<string> Names = new(StringComparer.Ordinal)
    {
        "AcceptItem", "TentativelyAcceptItem", "DeclineItem", "CancelCalendarItem", "RemoveItem", "ReplyToItem", "ReplyAllToItem",
        "ForwardItem", "PostReplyItem", "SuppressReadReceipt", "AcceptSharingInvitation",
    };

    public static bool IsResponseObject(string element) => Names.Contains(element);

    public static XElement Process(EwsCall call, XElement response)
    {
        var kind = response.Name.LocalName;
        var reference = response.Element(Ns.T + "ReferenceItemId")
            ?? throw new EwsException("ErrorInvalidOperation", "The response object has no ReferenceItemId.");
        var (target, occurrence) = call.ResolveTarget(new XElement(Ns.T + "ItemId", reference.Attributes()));
        if (occurrence is not null || kind is not ("AcceptItem" or "TentativelyAcceptItem" or "DeclineItem" or "CancelCalendarItem" or "RemoveItem"))
        {
            throw new EwsException("ErrorInvalidOperation", $"The lab does not process {kind} here; nothing was created.");
        }

        if (target.ElementName != "CalendarItem")
        {
            throw new EwsException("ErrorInvalidOperation", $"{kind} applies to a meeting; the referenced item is a {target.ElementName}.");
        }

        if (kind is "AcceptItem" or "TentativelyAcceptItem")
        {
            target.Props["MyResponseType"] = new XElement(Ns.T + "MyResponseType", kind == "AcceptItem" ? "Accept" : "Tentative");
            call.Store.Touch(target, ["MyResponseType"]);
        }
        else
        {
            call.Store.DeleteItem(target);
        }

        return SoapWriter.Success("CreateItem", new XElement(Ns.M + "Items"));
    }
}
