using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using Tandem.Lab.Soap;

namespace Tandem.Lab.Ews;

/// <summary>
/// Exchange parses every property a client writes into its type and keeps the value, not the client's spelling; what
/// comes back is the value rendered canonically. The lab does the same: each simple value of an item element is parsed
/// as the schema type of its element (found by validating the element against its item type) and rewritten in the
/// canonical form Exchange answers with — xs:boolean as true/false, xs:dateTime in UTC with Z — and string properties
/// Exchange caps are cut to their limit.
/// </summary>
internal static class TypedValues
{
    /// <summary>String properties Exchange keeps to a maximum length (PR_SUBJECT and its kin: 255 characters).</summary>
    private static readonly Dictionary<string, int> StringLimits = new(StringComparer.Ordinal)
    {
        ["Subject"] = 255,
    };

    /// <summary>
    /// A canonical copy of an item element (CreateItem's item, or the item of a SetItemField), or of another element
    /// of a given schema type (an attachment: FileAttachmentType).
    /// </summary>
    public static XElement Canonical(XElement item, string? schemaType = null)
    {
        var copy = new XElement(item);
        var schema = EwsSchema.Instance;
        if (schema.Set.GlobalTypes[new XmlQualifiedName(schemaType ?? ItemTypes.SchemaType(item.Name.LocalName), Ns.T.NamespaceName)] is not XmlSchemaType type)
        {
            return copy;
        }

        // Validation errors are not this method's concern (the request already passed the schema); it only wants the
        // type each element was validated as.
        new XDocument(copy).Root!.Validate(type, schema.Set, (_, _) => { }, addSchemaInfo: true);
        var root = copy.Document!.Root!;
        root.Remove();
        foreach (var element in root.Descendants().Where(e => !e.HasElements).ToList())
        {
            var code = element.GetSchemaInfo()?.SchemaType?.Datatype?.TypeCode;
            if (InZoneDefinition(element))
            {
                // A zone's transition dates are wall times of that zone, not instants: Exchange gives them back without a
                // zone. Its durations (Bias, TimeOffset) are rendered canonically like every other value.
                if (code == XmlTypeCode.Duration && CanonicalDuration(element.Value) is { } duration) element.Value = duration;
                continue;
            }

            if (code is { } c && Canonical(element.Value, c) is { } value)
            {
                element.Value = value;
            }
        }

        foreach (var zone in root.Elements().Where(e => e.Name.LocalName is "StartTimeZone" or "EndTimeZone" && ZoneDefinitions.HasRules(e)))
        {
            foreach (var bias in zone.Descendants(Ns.T + "Period").Attributes("Bias"))
            {
                bias.Value = CanonicalDuration(bias.Value) ?? bias.Value;
            }

            ZoneDefinitions.Build(zone);
        }

        foreach (var (name, limit) in StringLimits)
        {
            if (root.Element(Ns.T + name) is { } limited && limited.Value.Length > limit)
            {
                limited.Value = limited.Value[..limit];
            }
        }

        StripSchemaInfo(root);
        return root;
    }

    private static bool InZoneDefinition(XElement element) =>
        element.Ancestors().Any(a => a.Name.LocalName is "StartTimeZone" or "EndTimeZone" or "TimeZoneDefinition");

    private static string? CanonicalDuration(string value)
    {
        try
        {
            return XmlConvert.ToString(XmlConvert.ToTimeSpan(value.Trim()));
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>The canonical spelling of a value of a simple type, or null to keep it as written.</summary>
    public static string? Canonical(string value, XmlTypeCode code)
    {
        try
        {
            return code switch
            {
                XmlTypeCode.Boolean => XmlConvert.ToBoolean(value.Trim()) ? "true" : "false",
                XmlTypeCode.DateTime => ItemRenderer.Time(ParseDateTime(value)),
                _ => null,
            };
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>An xs:dateTime; one without a zone is read as UTC, as Exchange does without a time zone context.</summary>
    public static DateTimeOffset ParseDateTime(string value) =>
        DateTimeOffset.Parse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>
    /// A recurrence range date as Exchange writes it: the date with the offset of the series' time zone on that day
    /// (2016-01-01+01:00). Dates are stored as sent; the zone is the item's StartTimeZone, UTC when it has none.
    /// </summary>
    public static string RecurrenceDate(string stored, TimeZoneInfo zone)
    {
        var text = stored.Trim();
        if (text.Length < 10 || !DateOnly.TryParseExact(text[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return stored;
        }

        var offset = zone.GetUtcOffset(date.ToDateTime(new TimeOnly(12, 0)));
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            + (offset == TimeSpan.Zero ? "Z" : sign + offset.Duration().ToString(@"hh\:mm", CultureInfo.InvariantCulture));
    }

    private static void StripSchemaInfo(XElement root)
    {
        foreach (var e in root.DescendantsAndSelf())
        {
            e.RemoveAnnotations<IXmlSchemaInfo>();
            foreach (var a in e.Attributes())
            {
                a.RemoveAnnotations<IXmlSchemaInfo>();
            }
        }
    }
}
