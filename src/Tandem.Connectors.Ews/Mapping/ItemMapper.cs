using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>Dispatches between the canonical item kinds and their EWS elements, fields and shapes.</summary>
internal static class ItemMapper
{
    private static readonly HashSet<string> Dictionaries = ["EmailAddresses", "PhysicalAddresses", "PhoneNumbers", "ImAddresses"];

    public static string ElementName(ItemKind kind) => kind switch
    {
        ItemKind.Contact => "Contact",
        ItemKind.Event => "CalendarItem",
        ItemKind.Task => "Task",
        _ => "Message",
    };

    public static string FolderClass(ItemKind kind) => kind switch
    {
        ItemKind.Contact => "IPF.Contact",
        ItemKind.Event => "IPF.Appointment",
        ItemKind.Task => "IPF.Task",
        ItemKind.Message => "IPF.Note",
        _ => "IPF.StickyNote",
    };

    public static string FolderElement(ItemKind kind) => kind switch
    {
        ItemKind.Contact => "ContactsFolder",
        ItemKind.Event => "CalendarFolder",
        ItemKind.Task => "TasksFolder",
        _ => "Folder",
    };

    /// <summary>The item's fields in schema order, Tandem's stamp among the extended properties.</summary>
    public static List<ItemField> ToFields(CanonicalItem item, ItemStamp? stamp)
    {
        var fields = (item switch
        {
            Contact c => ContactMapper.ToFields(c),
            Event e => EventMapper.ToFields(e),
            TaskItem t => TaskMapper.ToFields(t),
            Note n => NoteMapper.ToFields(n),
            Message m => MessageMapper.ToFields(m),
            _ => throw new ArgumentOutOfRangeException(nameof(item), item.GetType().Name, "unknown item type"),
        }).ToList();
        if (stamp is not null)
        {
            // Extended properties sit after the ItemType fields and before the type's own (schema order).
            var at = fields.FindIndex(f => !f.IsExtended && !IsItemTypeField(f));
            if (at < 0) at = fields.Count;
            fields.InsertRange(at,
            [
                ItemField.Extended(Props.StampGroup, stamp.GroupId),
                ItemField.Extended(Props.StampLogicalId, stamp.LogicalId),
                ItemField.Extended(Props.StampIntent, stamp.IntentKey),
            ]);
        }
        return fields;
    }

    /// <summary>The element CreateItem sends: present values in order, dictionary entries merged into one container.</summary>
    public static XElement ToCreateElement(CanonicalItem item, ItemStamp? stamp)
    {
        var element = X.T(ElementName(item.Kind));
        foreach (var field in ToFields(item, stamp))
        {
            if (field.Value is null) continue;
            if (field.Path.Name.LocalName == "FieldURI" && (string?)field.Path.Attribute("FieldURI") == "calendar:UID" && field.Value.Value.Length == 0) continue;
            var last = element.Elements().LastOrDefault();
            if (last is not null && last.Name == field.Value.Name && Dictionaries.Contains(last.Name.LocalName))
            {
                MergeEntry(last, field.Value.Elements().Single());
            }
            else
            {
                element.Add(new XElement(field.Value));
            }
        }
        return element;
    }

    /// <summary>UpdateItem's t:Updates: every field set or deleted, so the item ends up exactly as the model says.</summary>
    public static XElement ToUpdates(CanonicalItem item, ItemStamp? stamp)
    {
        var name = ElementName(item.Kind);
        var updates = X.T("Updates");
        foreach (var field in ToFields(item, stamp))
        {
            // The UID identifies a meeting series and the item class what the item is: Exchange does not let
            // either change in place, and neither changes in an update.
            if ((string?)field.Path.Attribute("FieldURI") is "calendar:UID" or "item:ItemClass") continue;
            updates.Add(field.Value is null
                ? X.T("DeleteItemField", new XElement(field.Path))
                : X.T("SetItemField", new XElement(field.Path), X.T(name, new XElement(field.Value))));
        }
        return updates;
    }

    /// <summary>What GetItem asks for beyond AllProperties: bodies, zones, occurrences and every extended property the mappers read.</summary>
    public static XElement ItemShape(ItemKind kind)
    {
        if (kind == ItemKind.Message)
        {
            // a message is its MIME text; the body in another form would only be read and thrown away
            return X.M("ItemShape", X.T("BaseShape", "AllProperties"), X.T("IncludeMimeContent", "true"),
                X.T("AdditionalProperties", PropsFor(kind).Select(p => p.Path())));
        }
        var additional = X.T("AdditionalProperties", X.T("FieldURI", new XAttribute("FieldURI", "item:Body")));
        // the attachment list (without content) names a contact's photo attachment and its size
        if (kind == ItemKind.Contact) additional.Add(X.T("FieldURI", new XAttribute("FieldURI", "item:Attachments")));
        if (kind == ItemKind.Event)
        {
            foreach (var uri in new[] { "calendar:UID", "calendar:StartTimeZone", "calendar:EndTimeZone", "calendar:Recurrence", "calendar:ModifiedOccurrences", "calendar:DeletedOccurrences" })
            {
                additional.Add(X.T("FieldURI", new XAttribute("FieldURI", uri)));
            }
        }
        foreach (var prop in PropsFor(kind)) additional.Add(prop.Path());
        return X.M("ItemShape", X.T("BaseShape", "AllProperties"), X.T("BodyType", "Best"), additional);
    }

    public static IEnumerable<ExtendedProp> PropsFor(ItemKind kind)
    {
        foreach (var p in Props.Stamp) yield return p;
        switch (kind)
        {
            case ItemKind.Contact:
                yield return Props.DisplayNamePrefix;
                yield return Props.YomiFirstName;
                yield return Props.YomiLastName;
                yield return Props.YomiCompanyName;
                yield return Props.BusinessPoBox;
                yield return Props.HomePoBox;
                yield return Props.OtherPoBox;
                break;
            case ItemKind.Event:
                yield return Props.CleanGlobalObjectId;
                yield return Props.Organizer;
                yield return Props.TextBody;
                yield return Props.Floating;
                break;
            case ItemKind.Note:
                yield return Props.NoteColor;
                break;
        }
    }

    /// <summary>Reads an item element into a remote item; a malformed item becomes a ParseError, not an exception.</summary>
    public static RemoteItem FromXml(ItemKind kind, XElement x, out IReadOnlyList<XElement> occurrences)
    {
        occurrences = [];
        var itemId = x.TChild("ItemId");
        var id = (string?)itemId?.Attribute("Id") ?? string.Empty;
        var changeKey = (string?)itemId?.Attribute("ChangeKey") ?? string.Empty;
        var modified = EwsValues.ParseInstant(x.Text("LastModifiedTime"));
        var stamp = ReadStamp(x);
        try
        {
            CanonicalItem item;
            switch (kind)
            {
                case ItemKind.Contact:
                    item = ContactMapper.FromXml(x);
                    break;
                case ItemKind.Event:
                    item = EventMapper.FromXml(x, out occurrences);
                    break;
                case ItemKind.Task:
                    item = TaskMapper.FromXml(x);
                    break;
                case ItemKind.Message:
                    item = MessageMapper.FromXml(x);
                    break;
                default:
                    item = NoteMapper.FromXml(x);
                    break;
            }
            return new RemoteItem(id, changeKey, item, stamp, modified);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or TimeZoneNotFoundException or OverflowException or InvalidTimeZoneException)
        {
            return new RemoteItem(id, changeKey, null, stamp, modified, $"EWS item {id}: {ex.Message}");
        }
    }

    public static ItemStamp? ReadStamp(XElement x)
    {
        var group = Props.StampGroup.ReadFrom(x);
        var logical = Props.StampLogicalId.ReadFrom(x);
        return group is null || logical is null ? null : new ItemStamp(group, logical, Props.StampIntent.ReadFrom(x) ?? string.Empty);
    }

    /// <summary>Whether the element is an item of the kind the folder is synced as (a contacts folder may hold distribution lists).</summary>
    public static bool IsOfKind(ItemKind kind, XElement x)
    {
        var itemClass = x.Text("ItemClass");
        return kind switch
        {
            ItemKind.Contact => x.Name.LocalName == "Contact",
            ItemKind.Event => x.Name.LocalName == "CalendarItem",
            ItemKind.Task => x.Name.LocalName == "Task",
            ItemKind.Message => MessageMapper.IsMessage(x),
            _ => itemClass is null ? x.Name.LocalName is "Message" or "Item" : itemClass.StartsWith(NoteMapper.ItemClass, StringComparison.OrdinalIgnoreCase),
        };
    }

    private static bool IsItemTypeField(ItemField field) =>
        field.Path.Name.LocalName == "FieldURI" && ((string?)field.Path.Attribute("FieldURI"))?.StartsWith("item:", StringComparison.Ordinal) == true;

    private static void MergeEntry(XElement container, XElement entry)
    {
        var key = (string?)entry.Attribute("Key");
        var existing = container.Elements(Ns.T + "Entry").FirstOrDefault(e => (string?)e.Attribute("Key") == key);
        if (existing is null || !entry.HasElements)
        {
            container.Add(new XElement(entry));
            return;
        }
        existing.Add(entry.Elements().Select(e => new XElement(e)));
    }
}
