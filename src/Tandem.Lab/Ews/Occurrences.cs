using System.Globalization;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// Occurrences of a recurring master, addressed as EWS does: OccurrenceItemId (RecurringMasterId + 1-based
/// InstanceIndex in the unmodified pattern) or the occurrence's own ItemId. Deleting one adds a DeletedOccurrence to the
/// master; updating one makes it an exception listed in the master's ModifiedOccurrences. Exceptions are kept inside
/// the master (a private element that is never rendered), so they persist and sync with it.
/// </summary>
internal static class Occurrences
{
    private static readonly XNamespace Lab = "urn:tandem-lab";
    private const string StateKey = "LabOccurrences";
    private static readonly HashSet<string> SeriesOnly = new(StringComparer.Ordinal)
    {
        "Recurrence", "ModifiedOccurrences", "DeletedOccurrences", "FirstOccurrence", "LastOccurrence", StateKey,
    };

    /// <summary>Properties Exchange computes for a series; a client cannot set them.</summary>
    public static bool IsReadOnly(string name) => name is "ModifiedOccurrences" or "DeletedOccurrences" or "FirstOccurrence" or "LastOccurrence";

    public static string Id(string masterId, int index)
    {
        var bytes = Convert.FromBase64String(masterId);
        bytes[2] = 0x25;
        return Convert.ToBase64String([.. bytes, .. BitConverter.GetBytes(index)]);
    }

    public static bool TryParse(string id, out string masterId, out int index)
    {
        masterId = string.Empty;
        index = 0;
        if (LabIds.Decode(id) is not { Length: 23 or LabIds.IdLength + 4 } bytes || bytes[0] != 0x00 || bytes[1] != 0x03 || bytes[2] != 0x25)
        {
            return false;
        }

        index = BitConverter.ToInt32(bytes, bytes.Length - 4);
        bytes[2] = 0x24;
        masterId = Convert.ToBase64String(bytes, 0, bytes.Length - 4);
        return true;
    }

    /// <summary>The original start of instance <paramref name="index"/>, or the EWS error for a bad or deleted one.</summary>
    public static DateTimeOffset OriginalStart(LabItem master, int index)
    {
        if (master.ElementName != "CalendarItem" || !master.Props.TryGetValue("Recurrence", out var recurrence) || Start(master) is not { } start)
        {
            throw EwsException.ItemNotFound();
        }

        var original = index < 1 ? null : RecurrenceExpander.Starts(recurrence, start, ZoneDefinitions.Of(master)).Skip(index - 1).Select(s => (DateTimeOffset?)s).FirstOrDefault();
        if (original is null)
        {
            throw new EwsException("ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange", "Occurrence index is out of recurrence range.");
        }

        if (IsDeleted(master, original.Value))
        {
            throw new EwsException("ErrorCalendarOccurrenceIsDeletedFromRecurrence", "Occurrence with this index was previously deleted from the recurrence.");
        }

        return original.Value;
    }

    public static bool IsDeleted(LabItem master, DateTimeOffset original) =>
        master.Props.TryGetValue("DeletedOccurrences", out var deleted)
        && deleted.Elements().Any(d => Parse(d.Element(Ns.T + "Start")?.Value) == original);

    /// <summary>The instances of a series as (index, original start), in order; empty for a single item.</summary>
    public static IEnumerable<(int Index, DateTimeOffset OriginalStart)> Instances(LabItem master) =>
        master.ElementName == "CalendarItem" && master.Props.TryGetValue("Recurrence", out var recurrence) && Start(master) is { } start
            ? RecurrenceExpander.Starts(recurrence, start, ZoneDefinitions.Of(master)).Select((s, i) => (i + 1, s))
            : [];

    /// <summary>A transient calendar item for one occurrence (pattern times, then the exception's own values).</summary>
    public static LabItem View(LabItem master, int index) => View(master, index, OriginalStart(master, index));

    public static LabItem View(LabItem master, int index, DateTimeOffset original)
    {
        var exception = State(master)?.Elements(Lab + "O").FirstOrDefault(o => (int)o.Attribute("Index")! == index);
        var view = new LabItem
        {
            Id = Id(master.Id, index),
            FolderId = master.FolderId,
            ElementName = "CalendarItem",
            ChangeNumber = exception is null ? master.ChangeNumber : (long)exception.Attribute("Cn")!,
            CreatedChangeNumber = master.CreatedChangeNumber,
            Created = master.Created,
            Modified = master.Modified,
        };
        foreach (var (name, element) in master.Props.Where(p => !SeriesOnly.Contains(p.Key)))
        {
            view.Props[name] = new XElement(element);
        }

        foreach (var (key, element) in master.Extended)
        {
            view.Extended[key] = element;
        }

        var duration = Parse(master.Text("End")) - Start(master) ?? TimeSpan.Zero;
        view.Props["Start"] = new XElement(Ns.T + "Start", ItemRenderer.Time(original));
        view.Props["End"] = new XElement(Ns.T + "End", ItemRenderer.Time(original + duration));
        foreach (var child in exception?.Elements() ?? [])
        {
            if (child.Name == Lab + "Removed")
            {
                view.Props.Remove((string)child.Attribute("Name")!);
            }
            else if (child.Name == Lab + "X")
            {
                var key = (string)child.Attribute("Key")!;
                if (child.Elements().FirstOrDefault() is { } property) view.Extended[key] = new XElement(property);
                else view.Extended.Remove(key);
            }
            else
            {
                view.Props[child.Name.LocalName] = new XElement(child);
            }
        }

        view.Props["OriginalStart"] = new XElement(Ns.T + "OriginalStart", ItemRenderer.Time(original));
        view.Props["IsRecurring"] = new XElement(Ns.T + "IsRecurring", "true");
        view.Props["CalendarItemType"] = new XElement(Ns.T + "CalendarItemType", exception is null ? "Occurrence" : "Exception");
        return view;
    }

    /// <summary>Keeps the changed properties of an occurrence as an exception of the master.</summary>
    public static void SaveException(LabStore store, LabItem master, int index, LabItem view, IReadOnlyCollection<string> changed)
    {
        var state = State(master) ?? new XElement(Lab + StateKey);
        var exception = state.Elements(Lab + "O").FirstOrDefault(o => (int)o.Attribute("Index")! == index);
        if (exception is null)
        {
            exception = new XElement(Lab + "O", new XAttribute("Index", index), new XAttribute("Cn", 0));
            state.Add(exception);
        }

        // An exception is a message of its own (MS-OXOCAL): its extended properties are its own too.
        foreach (var key in changed.Where(c => c.StartsWith("x:", StringComparison.Ordinal)).Select(c => c[2..]))
        {
            exception.Elements(Lab + "X").Where(e => (string?)e.Attribute("Key") == key).Remove();
            exception.Add(new XElement(Lab + "X", new XAttribute("Key", key), view.Extended.TryGetValue(key, out var property) ? new XElement(property) : null));
        }

        foreach (var name in changed.Where(c => !c.StartsWith("x:", StringComparison.Ordinal)))
        {
            exception.Elements().Where(e => e.Name.LocalName == name || (string?)e.Attribute("Name") == name).Remove();
            exception.Add(view.Props.TryGetValue(name, out var value) ? new XElement(value) : new XElement(Lab + "Removed", new XAttribute("Name", name)));
        }

        master.Props[StateKey] = state;
        store.Touch(master, ["ModifiedOccurrences"]);
        exception.SetAttributeValue("Cn", master.ChangeNumber);
        RebuildModified(master);
    }

    public static void Delete(LabStore store, LabItem master, int index)
    {
        var original = OriginalStart(master, index);
        if (State(master) is { } state)
        {
            state.Elements(Lab + "O").Where(o => (int)o.Attribute("Index")! == index).Remove();
        }

        if (!master.Props.TryGetValue("DeletedOccurrences", out var deleted))
        {
            deleted = new XElement(Ns.T + "DeletedOccurrences");
            master.Props["DeletedOccurrences"] = deleted;
        }

        deleted.Add(new XElement(Ns.T + "DeletedOccurrence", new XElement(Ns.T + "Start", ItemRenderer.Time(original))));
        var ordered = deleted.Elements().OrderBy(d => Parse(d.Element(Ns.T + "Start")?.Value)).ToList();
        deleted.RemoveNodes();
        deleted.Add(ordered);
        RebuildModified(master);
        store.Touch(master, ["DeletedOccurrences", "ModifiedOccurrences"]);
    }

    private static void RebuildModified(LabItem master)
    {
        var exceptions = State(master)?.Elements(Lab + "O").OrderBy(o => (int)o.Attribute("Index")!).ToList() ?? [];
        if (exceptions.Count == 0)
        {
            master.Props.Remove("ModifiedOccurrences");
            return;
        }

        master.Props["ModifiedOccurrences"] = new XElement(Ns.T + "ModifiedOccurrences", exceptions.Select(o =>
        {
            var index = (int)o.Attribute("Index")!;
            var view = View(master, index);
            return new XElement(Ns.T + "Occurrence",
                new XElement(Ns.T + "ItemId", new XAttribute("Id", view.Id), new XAttribute("ChangeKey", LabIds.ChangeKey(15, (long)o.Attribute("Cn")!))),
                new XElement(view.Props["Start"]),
                new XElement(view.Props["End"]),
                new XElement(view.Props["OriginalStart"]));
        }));
    }

    private static XElement? State(LabItem master) => master.Props.GetValueOrDefault(StateKey);

    private static DateTimeOffset? Start(LabItem master) => Parse(master.Text("Start"));

    public static string? ZoneId(LabItem master) =>
        (string?)master.Props.GetValueOrDefault("StartTimeZone")?.Attribute("Id")
        ?? (string?)master.Props.GetValueOrDefault("MeetingTimeZone")?.Attribute("TimeZoneName");

    private static DateTimeOffset? Parse(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
}
