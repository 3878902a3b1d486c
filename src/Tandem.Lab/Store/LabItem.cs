using System.Xml.Linq;

namespace Tandem.Lab.Store;

/// <summary>
/// One stored item: the XML elements the client sent, kept as a property bag keyed by element name (the local part of
/// the field URI: item:Subject → Subject, contacts:EmailAddress → the EmailAddresses container), extended properties
/// keyed by their canonical identity, plus what the server owns (ids, change numbers, times).
/// </summary>
internal sealed class LabItem
{
    public required string Id { get; set; }

    public required string FolderId { get; set; }

    /// <summary>The item element name: Contact, CalendarItem, Task, Message, Item, PostItem…</summary>
    public required string ElementName { get; init; }

    public Dictionary<string, XElement> Props { get; } = new(StringComparer.Ordinal);

    /// <summary>Extended properties (whole t:ExtendedProperty elements) by <see cref="ExtendedKey"/>.</summary>
    public Dictionary<string, XElement> Extended { get; } = new(StringComparer.Ordinal);

    /// <summary>Change number of the last write of each property (keys as in Props, "x:"+key for extended).</summary>
    public Dictionary<string, long> PropertyChangeNumbers { get; } = new(StringComparer.Ordinal);

    public long ChangeNumber { get; set; }

    public long CreatedChangeNumber { get; set; }

    public DateTimeOffset Created { get; set; }

    public DateTimeOffset Modified { get; set; }

    public string ChangeKey => LabIds.ChangeKey(LabIds.ChangeKeyType(ElementName), ChangeNumber);

    public string? Text(string name) => Props.TryGetValue(name, out var e) ? e.Value : null;
}
