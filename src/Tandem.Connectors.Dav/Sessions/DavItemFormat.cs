using System.Text;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Formats.ICalendar;
using Tandem.Formats.VCard;

namespace Tandem.Connectors.Dav.Sessions;

/// <summary>A resource body ↔ one canonical item: vCard for address books, iCalendar (one UID per resource) for calendars.</summary>
internal sealed class DavItemFormat(ItemKind kind, VCardVersion vcardVersion, TimeProvider time)
{
    public ItemKind Kind => kind;

    public string ContentType => kind == ItemKind.Contact ? "text/vcard" : "text/calendar";

    public string Extension => kind == ItemKind.Contact ? ".vcf" : ".ics";

    /// <summary>The item (stamp apart) or why the resource cannot be used: the engine quarantines it and goes on.</summary>
    public (CanonicalItem? Item, ItemStamp? Stamp, string? Error) Read(string name, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        List<(CanonicalItem? Item, string? Error)> results;
        try
        {
            results = kind == ItemKind.Contact
                ? VCardCodec.ReadEach(bytes, name).Select(r => ((CanonicalItem?)r.Value, r.Error?.Message)).ToList()
                : ICalendarCodec.ReadEach(bytes, name).Select(r => (r.Value, r.Error?.Message)).ToList();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return (null, null, $"{name}:1: {e.Message}");
        }
        if (results.FirstOrDefault(r => r.Item is null) is { Error: { } error }) return (null, null, error);
        // a calendar resource holds one component type; a task list's VEVENT, say, is not this folder's business
        var own = results.Where(r => r.Item!.Kind == kind).ToList();
        if (own.Count == 0) return (null, null, $"{name}:1: the resource holds no {kind}");
        if (own.Count > 1) return (null, null, $"{name}:1: the resource holds {own.Count} items with different UIDs; CalDAV allows one per resource");
        var (item, stamp) = DavStamp.Extract(own[0].Item!);
        return (item, stamp, null);
    }

    /// <summary>
    /// The body to PUT: the item with our stamp, and with the extra properties of <paramref name="server"/> (the copy
    /// being replaced) that the item does not carry itself, so what another client wrote there survives the update.
    /// </summary>
    public (string Body, CanonicalItem Written) Write(CanonicalItem item, ItemStamp stamp, CanonicalItem? server)
    {
        if (item.Kind != kind) throw new ArgumentException($"cannot write a {item.Kind} into a {kind} collection");
        // CalDAV and CardDAV (RFC 6352 §6.3.2.3) require a UID. An item from a store without one keeps the server copy's,
        // or gets a fresh one: a repeated create is caught by its resource name, and Cyrus refuses one UID in two of a
        // user's calendars, which a UID derived from the logical id would give a group with two such members.
        if (string.IsNullOrWhiteSpace(item.Uid)) item = item with { Uid = server?.Uid ?? $"tandem-{Guid.NewGuid():N}" };
        var own = item.Extras.Where(e => !DavStamp.Is(e)).ToList();
        var names = own.Select(e => e.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var kept = server?.Extras.Where(e => !DavStamp.Is(e) && !names.Contains(e.Name)) ?? [];
        var written = item with { Extras = own.Concat(kept).ToValueList() };
        var stamped = written with { Extras = written.Extras.Append(DavStamp.Property(stamp)).ToValueList() };
        var body = kind == ItemKind.Contact ? VCardCodec.Write((Contact)stamped, vcardVersion) : ICalendarCodec.Write(stamped, time);
        return (body, written);
    }
}
