using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>Splits an item element sent by a client into the stored property bag (values in canonical form) and its extended properties.</summary>
internal static class ItemBag
{
    /// <summary>Elements the server owns; a client's value for them is not stored.</summary>
    private static readonly HashSet<string> ServerOwned = new(StringComparer.Ordinal)
    {
        "ItemId", "ParentFolderId", "DateTimeReceived", "Size", "HasAttachments", "DateTimeCreated", "LastModifiedTime",
        "LastModifiedName", "ResponseObjects", "EffectiveRights", "CompleteName", "IsRecurring", "CalendarItemType",
        "ConversationId", "InstanceKey", "MimeContent", "Attachments",
    };

    public static (List<XElement> Props, List<(string Key, XElement Property)> Extended) Split(XElement item)
    {
        var props = new List<XElement>();
        var extended = new List<(string, XElement)>();
        foreach (var child in TypedValues.Canonical(item).Elements())
        {
            var name = child.Name.LocalName;
            if (name == "ExtendedProperty")
            {
                extended.Add((KeyOf(child), Detached(child)));
            }
            else if (Occurrences.IsReadOnly(name))
            {
                throw UpdateItemOperation.ReadOnly();
            }
            else if (!ServerOwned.Contains(name))
            {
                props.Add(Detached(child));
            }
        }

        return (props, extended);
    }

    public static string KeyOf(XElement extendedProperty) =>
        ExtendedKey.Of(extendedProperty.Element(Ns.T + "ExtendedFieldURI")!)
        ?? throw new EwsException("ErrorInvalidExtendedProperty", "The extended property attribute combination is invalid.");

    /// <summary>A copy without the request's namespace declarations, so stored XML does not carry them around.</summary>
    public static XElement Detached(XElement e)
    {
        var copy = new XElement(e);
        foreach (var d in copy.DescendantsAndSelf())
        {
            d.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
        }

        return copy;
    }
}
