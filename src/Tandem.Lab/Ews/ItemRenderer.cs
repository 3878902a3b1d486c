using System.Globalization;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// Writes a stored item in a requested shape: the stored elements as they were sent, the server-computed properties
/// (ids, times, ItemClass, CompleteName…), requested extended properties, all in the order of the schema's sequence.
/// </summary>
internal static class ItemRenderer
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static XElement IdOnly(LabItem item) =>
        new(Ns.T + item.ElementName, new XElement(Ns.T + "ItemId", new XAttribute("Id", item.Id), new XAttribute("ChangeKey", item.ChangeKey)));

    public static XElement Render(LabItem item, ResponseShape shape, LabStore store)
    {
        var parts = new List<XElement> { new(Ns.T + "ItemId", new XAttribute("Id", item.Id), new XAttribute("ChangeKey", item.ChangeKey)) };
        var added = new HashSet<string>(StringComparer.Ordinal) { "ItemId" };
        if (!shape.IdsOnly)
        {
            foreach (var (name, element) in item.Props)
            {
                // MIME text is returned only when asked for (IncludeMimeContent or item:MimeContent), never with AllProperties
                if (name != MessageMime.Element && added.Add(name))
                {
                    parts.Add(Stored(item, element));
                }
            }

            foreach (var name in ComputedNames(item))
            {
                if (!added.Contains(name) && Computed(item, name, store) is { } c)
                {
                    added.Add(name);
                    parts.Add(c);
                }
            }
        }

        if (shape.IncludeMimeContent && added.Add("MimeContent"))
        {
            parts.Add(MimeRenderer.Render(item));
        }

        var extended = new List<XElement>();
        foreach (var path in shape.Additional)
        {
            switch (path.Kind)
            {
                case PathKind.Field when added.Add(path.Element):
                    if (item.Props.TryGetValue(path.Element, out var stored))
                    {
                        parts.Add(Stored(item, stored));
                    }
                    else if (Computed(item, path.Element, store) is { } c)
                    {
                        parts.Add(c);
                    }

                    break;
                case PathKind.Indexed when !added.Contains(path.Element) && item.Props.TryGetValue(path.Element, out var container):
                    var existing = parts.FirstOrDefault(p => p.Name.LocalName == path.Element);
                    var entries = container.Elements(Ns.T + "Entry").Where(e => (string?)e.Attribute("Key") == path.Index).ToList();
                    if (entries.Count > 0)
                    {
                        if (existing is null)
                        {
                            existing = new XElement(container.Name);
                            parts.Add(existing);
                        }

                        foreach (var entry in entries.Where(e => !existing.Elements().Any(x => (string?)x.Attribute("Key") == (string?)e.Attribute("Key"))))
                        {
                            existing.Add(new XElement(entry));
                        }
                    }

                    break;
                case PathKind.Extended:
                    if (ExtendedValue(item, path.ExtendedKey!, store) is { } value)
                    {
                        extended.Add(new XElement(Ns.T + "ExtendedProperty", new XElement(path.Source), value));
                    }

                    break;
            }
        }

        var order = EwsSchema.Instance.ElementOrder(ItemTypes.SchemaType(item.ElementName));
        var extendedIndex = order.GetValueOrDefault("ExtendedProperty", int.MaxValue);
        var sorted = parts.Where(p => order.ContainsKey(p.Name.LocalName))
            .Select(p => (Index: order[p.Name.LocalName], Element: p))
            .Concat(extended.Select(e => (Index: extendedIndex, Element: e)))
            .OrderBy(p => p.Index)
            .Select(p => p.Element);
        return new XElement(Ns.T + item.ElementName, sorted);
    }

    /// <summary>
    /// A stored property as Exchange renders it: recurrence range dates carry the offset of the series' time zone
    /// (2016-01-01+01:00); everything else was canonicalised when it was written.
    /// </summary>
    private static XElement Stored(LabItem item, XElement stored)
    {
        if (stored.Name.LocalName == "Attachments")
        {
            return new XElement(stored.Name, stored.Elements().Select(a => AttachmentOperations.Shown(a, withContent: false)));
        }

        var copy = new XElement(stored);
        if (copy.Name.LocalName == "Recurrence")
        {
            var zone = ZoneDefinitions.Of(item);
            foreach (var date in copy.Descendants().Where(d => d.Name.LocalName is "StartDate" or "EndDate"))
            {
                date.Value = TypedValues.RecurrenceDate(date.Value, zone);
            }
        }

        return copy;
    }

    /// <summary>The t:Value / t:Values of an extended property: stored, or one the server derives.</summary>
    public static IEnumerable<XElement>? ExtendedValue(LabItem item, string key, LabStore store)
    {
        if (item.Extended.TryGetValue(key, out var stored))
        {
            return stored.Elements().Where(e => e.Name != Ns.T + "ExtendedFieldURI").Select(e => new XElement(e)).ToList();
        }

        if (MapiProperties.Value(item, key, store) is { } mapi)
        {
            return [new XElement(Ns.T + "Value", mapi)];
        }

        if (key == ExtendedKey.Tag(0x3008))
        {
            return [new XElement(Ns.T + "Value", Time(item.Modified))];
        }

        if (item.ElementName == "CalendarItem" && item.Text("UID") is { } uid
            && (key == ExtendedKey.Named(ExtendedKey.MeetingSet, 35) || key == ExtendedKey.Named(ExtendedKey.MeetingSet, 3)))
        {
            var clean = key.EndsWith("|id:35", StringComparison.Ordinal);
            return [new XElement(Ns.T + "Value", Convert.ToBase64String(GlobalObjectId.FromUid(uid, clean)))];
        }

        return null;
    }

    private static IEnumerable<string> ComputedNames(LabItem item)
    {
        string[] common = ["ParentFolderId", "ItemClass", "DateTimeReceived", "Size", "HasAttachments", "DateTimeCreated", "LastModifiedTime"];
        return item.ElementName switch
        {
            "Contact" => [.. common, "DisplayName", "CompleteName", "HasPicture"],
            "CalendarItem" => [.. common, "IsRecurring", "CalendarItemType", "IsAllDayEvent", "LegacyFreeBusyStatus", "FirstOccurrence", "LastOccurrence"],
            "Task" => [.. common, "IsRecurring"],
            "Message" => [.. common, "IsRead"],
            _ => common,
        };
    }

    /// <summary>A server-computed property, or null when this item has no value for it.</summary>
    public static XElement? Computed(LabItem item, string name, LabStore store)
    {
        XElement T(string n, object? v) => new(Ns.T + n, v);
        switch (name)
        {
            case "ParentFolderId":
                var folder = store.Folder(item.FolderId)!;
                return new XElement(Ns.T + "ParentFolderId", new XAttribute("Id", folder.Id), new XAttribute("ChangeKey", folder.ChangeKey));
            case "ItemClass":
                return T(name, item.Text("ItemClass") ?? ItemTypes.DefaultItemClass(item.ElementName));
            case "DateTimeReceived":
            case "DateTimeCreated":
                return T(name, Time(item.Created));
            case "LastModifiedTime":
                return T(name, Time(item.Modified));
            case "Size":
                return T(name, Size(item));
            case "MimeContent":
                return MimeRenderer.Render(item);
            case "HasAttachments":
                return T(name, item.Props.ContainsKey("Attachments") ? "true" : "false");
            case "HasPicture" when item.ElementName == "Contact":
                return T(name, AttachmentOperations.HasContactPhoto(item) ? "true" : "false");
            case "IsRead":
                return T(name, "false");
            case "DisplayName" when item.ElementName == "Contact":
                return T(name, ContactDisplayName(item));
            case "CompleteName" when item.ElementName == "Contact":
                return T("CompleteName", new object?[]
                {
                    Opt("Title", item.Text("Title")),
                    Opt("FirstName", item.Text("GivenName")),
                    Opt("MiddleName", item.Text("MiddleName")),
                    Opt("LastName", item.Text("Surname")),
                    Opt("Suffix", item.Text("Generation")),
                    Opt("Initials", item.Text("Initials")),
                    Opt("FullName", ContactDisplayName(item)),
                    Opt("Nickname", item.Text("Nickname")),
                });
            case "IsRecurring" when item.ElementName == "CalendarItem":
                // Exchange sets IsRecurring on the instances of a series (occurrences and exceptions, whose views carry
                // it), not on the RecurringMaster.
                return T(name, "false");
            case "IsRecurring" when item.ElementName == "Task":
                return T(name, item.Props.ContainsKey("Recurrence") ? "true" : "false");
            case "FirstOccurrence" or "LastOccurrence" when item.ElementName == "CalendarItem" && item.Props.ContainsKey("Recurrence"):
                return OccurrenceInfo(item, name);
            case "TextBody" when item.Props.TryGetValue("Body", out var body):
                return new XElement(Ns.T + name, new XAttribute("BodyType", "Text"), (string?)body.Attribute("BodyType") == "HTML" ? HtmlText.ToText(body.Value) : body.Value);
            case "CalendarItemType" when item.ElementName == "CalendarItem":
                return T(name, item.Props.ContainsKey("Recurrence") ? "RecurringMaster" : "Single");
            case "IsAllDayEvent" when item.ElementName == "CalendarItem":
                return T(name, "false");
            case "LegacyFreeBusyStatus" when item.ElementName == "CalendarItem":
                return T(name, "Busy");
            default:
                return null;
        }
    }

    /// <summary>The first or last instance of a series that still exists (deleted occurrences skipped), as OccurrenceInfoType.</summary>
    private static XElement? OccurrenceInfo(LabItem master, string name)
    {
        var live = Occurrences.Instances(master).Where(i => !Occurrences.IsDeleted(master, i.OriginalStart));
        var found = name == "FirstOccurrence" ? live.Take(1).ToList() : live.TakeLast(1).ToList();
        if (found.Count == 0)
        {
            return null;
        }

        var view = Occurrences.View(master, found[0].Index, found[0].OriginalStart);
        return new XElement(Ns.T + name,
            new XElement(Ns.T + "ItemId", new XAttribute("Id", view.Id), new XAttribute("ChangeKey", view.ChangeKey)),
            new XElement(view.Props["Start"]),
            new XElement(view.Props["End"]),
            new XElement(view.Props["OriginalStart"]));
    }

    /// <summary>
    /// The FileAs Exchange stores when a contact is saved without one ("Surname, GivenName"). It is a stored property
    /// from then on: deleting it leaves the contact without FileAs, it is not derived again on read.
    /// </summary>
    public static string DerivedFileAs(LabItem contact) =>
        string.Join(", ", new[] { contact.Text("Surname"), contact.Text("GivenName") }.Where(s => !string.IsNullOrEmpty(s))) is { Length: > 0 } f
            ? f
            : ContactDisplayName(contact);

    /// <summary>PR_MESSAGE_SIZE of an item: an estimate from its stored values (a folder's size is the sum).</summary>
    public static int Size(LabItem item) => 256 + item.Props.Values.Sum(p => p.Value.Length) + (item.Extended.Count * 64);

    private static XElement? Opt(string name, string? value) => string.IsNullOrEmpty(value) ? null : new XElement(Ns.T + name, value);

    private static string ContactDisplayName(LabItem item) =>
        item.Text("DisplayName")
        ?? (string.Join(" ", new[] { item.Text("GivenName"), item.Text("MiddleName"), item.Text("Surname") }.Where(s => !string.IsNullOrEmpty(s))) is { Length: > 0 } n
            ? n
            : item.Text("CompanyName") ?? item.Text("Subject") ?? string.Empty);
}
