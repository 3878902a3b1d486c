using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>A MAPI property addressed through t:ExtendedFieldURI (named in a set, or by tag).</summary>
internal sealed record ExtendedProp(string Type, string? PropertySetId = null, string? DistinguishedSet = null, string? Name = null, int? Id = null, string? Tag = null)
{
    public XElement Path()
    {
        var e = X.T("ExtendedFieldURI");
        if (DistinguishedSet is not null) e.Add(new XAttribute("DistinguishedPropertySetId", DistinguishedSet));
        if (PropertySetId is not null) e.Add(new XAttribute("PropertySetId", PropertySetId));
        if (Tag is not null) e.Add(new XAttribute("PropertyTag", Tag));
        if (Name is not null) e.Add(new XAttribute("PropertyName", Name));
        if (Id is not null) e.Add(new XAttribute("PropertyId", Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        e.Add(new XAttribute("PropertyType", Type));
        return e;
    }

    /// <summary>Whether a returned t:ExtendedFieldURI names this property (servers may echo tags in hex or decimal).</summary>
    public bool Matches(XElement uri)
    {
        if (Name is not null && (string?)uri.Attribute("PropertyName") != Name) return false;
        if (Id is not null && ParseInt((string?)uri.Attribute("PropertyId")) != Id) return false;
        if (Tag is not null && ParseInt((string?)uri.Attribute("PropertyTag")) != ParseInt(Tag)) return false;
        if (PropertySetId is not null && !string.Equals((string?)uri.Attribute("PropertySetId"), PropertySetId, StringComparison.OrdinalIgnoreCase)) return false;
        if (DistinguishedSet is not null && (string?)uri.Attribute("DistinguishedPropertySetId") != DistinguishedSet) return false;
        return true;
    }

    public string? ReadFrom(XElement item) =>
        item.Elements(Ns.T + "ExtendedProperty")
            .FirstOrDefault(p => p.Element(Ns.T + "ExtendedFieldURI") is { } uri && Matches(uri))
            ?.Element(Ns.T + "Value")?.Value;

    private static int? ParseInt(string? text)
    {
        if (text is null) return null;
        if (text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return int.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture, out var h) ? h : null;
        }
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}

/// <summary>The extended properties Tandem reads and writes.</summary>
internal static class Props
{
    /// <summary>Tandem's own property set: its stamps can never collide with another product's named properties.</summary>
    public const string TandemSet = "8b0d6e52-4c8a-4f1e-9d36-1a7c5e2f90b4";

    public static readonly ExtendedProp StampGroup = new("String", PropertySetId: TandemSet, Name: "TandemGroup");
    public static readonly ExtendedProp StampLogicalId = new("String", PropertySetId: TandemSet, Name: "TandemLogicalId");
    public static readonly ExtendedProp StampIntent = new("String", PropertySetId: TandemSet, Name: "TandemIntent");

    // Calendar data Exchange has no writable element for (EventExtras says why each exists).
    public static readonly ExtendedProp Organizer = new("String", PropertySetId: TandemSet, Name: "TandemOrganizer");
    public static readonly ExtendedProp TextBody = new("String", PropertySetId: TandemSet, Name: "TandemTextBody");
    public static readonly ExtendedProp Floating = new("String", PropertySetId: TandemSet, Name: "TandemFloating");

    /// <summary>PidLidCleanGlobalObjectId: the meeting identity that survives orphaned instances (ews-notes.md §4).</summary>
    public static readonly ExtendedProp CleanGlobalObjectId = new("Binary", DistinguishedSet: "Meeting", Id: 35);

    /// <summary>PidLidNoteColor in PSETID_Note.</summary>
    public static readonly ExtendedProp NoteColor = new("Integer", PropertySetId: "0006200E-0000-0000-C000-000000000046", Id: 0x8B00);

    // Contact fields EWS has no writable element for; Outlook keeps them in these properties.
    public static readonly ExtendedProp DisplayNamePrefix = new("String", Tag: "0x3A45");
    public static readonly ExtendedProp YomiFirstName = new("String", DistinguishedSet: "Address", Id: 0x802C);
    public static readonly ExtendedProp YomiLastName = new("String", DistinguishedSet: "Address", Id: 0x802D);
    public static readonly ExtendedProp YomiCompanyName = new("String", DistinguishedSet: "Address", Id: 0x802E);
    public static readonly ExtendedProp BusinessPoBox = new("String", Tag: "0x3A2B");
    public static readonly ExtendedProp HomePoBox = new("String", Tag: "0x3A5E");
    public static readonly ExtendedProp OtherPoBox = new("String", Tag: "0x3A64");

    /// <summary>PidTagMessageFlags: settable only when a message is created, which is when Tandem sets it.</summary>
    public static readonly ExtendedProp MessageFlags = new("Integer", Tag: "0x0E07");

    public static readonly ExtendedProp[] Stamp = [StampGroup, StampLogicalId, StampIntent];
}
