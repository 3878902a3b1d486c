using System.Globalization;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// Evaluates a FindItem restriction (SearchExpression) against an item: And, Or, Not, Exists, IsEqualTo, IsNotEqualTo,
/// IsGreaterThan(OrEqualTo), IsLessThan(OrEqualTo), Contains — on fields, indexed fields and extended properties.
/// Values compare as times, numbers or booleans when both sides parse as such, otherwise as case-insensitive text.
/// </summary>
internal static class Restriction
{
    /// <summary>
    /// Properties Exchange cannot restrict on (ErrorUnsupportedPathForQuery): whole containers, streams and the
    /// series properties it computes.
    /// </summary>
    private static readonly HashSet<string> Unsearchable = new(StringComparer.Ordinal)
    {
        "MimeContent", "Attachments", "Recurrence", "ModifiedOccurrences", "DeletedOccurrences", "FirstOccurrence", "LastOccurrence",
        "EmailAddresses", "PhysicalAddresses", "PhoneNumbers", "ImAddresses", "CompleteName", "EffectiveRights", "ResponseObjects",
        "TextBody", "UniqueBody", "Photo",
    };

    /// <summary>Properties of type xs:dateTime: a constant that is not a time is ErrorInvalidValueForProperty.</summary>
    private static readonly HashSet<string> Times = new(StringComparer.Ordinal)
    {
        "Start", "End", "DateTimeCreated", "DateTimeReceived", "DateTimeSent", "LastModifiedTime", "ReminderDueBy", "DueDate",
        "StartDate", "CompleteDate", "Birthday", "WeddingAnniversary", "OriginalStart", "AppointmentReplyTime",
    };

    public static bool Matches(XElement expression, LabItem item, LabStore store) => Matches(expression, p => Values(p, item, store));

    /// <summary>Evaluates a restriction over any holder of properties (an item, a folder) given how to read a property.</summary>
    public static bool Matches(XElement expression, Func<PropertyPath, List<string>> values)
    {
        var name = expression.Name.LocalName;
        switch (name)
        {
            case "And":
                return expression.Elements().All(e => Matches(e, values));
            case "Or":
                return expression.Elements().Any(e => Matches(e, values));
            case "Not":
                return !Matches(expression.Elements().First(), values);
            case "Exists":
                return values(Searchable(expression.Elements().First())).Count > 0;
            case "Contains":
                return Contains(expression, values);
            case "IsEqualTo" or "IsNotEqualTo" or "IsGreaterThan" or "IsGreaterThanOrEqualTo" or "IsLessThan" or "IsLessThanOrEqualTo":
                var path = Searchable(expression.Elements().First());
                var operand = expression.Element(Ns.T + "FieldURIOrConstant")!.Elements().First();
                var right = operand.Name == Ns.T + "Constant"
                    ? [(string?)operand.Attribute("Value") ?? string.Empty]
                    : values(Searchable(operand));
                if (path.Kind == PathKind.Field && Times.Contains(path.Element) && operand.Name == Ns.T + "Constant"
                    && !DateTimeOffset.TryParse(right[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                {
                    throw new EwsException("ErrorInvalidValueForProperty", $"'{right[0]}' is not a valid value for {path.Element}.");
                }

                var left = values(path);
                if (name == "IsNotEqualTo")
                {
                    return !left.Any(l => right.Any(r => Compare(l, r) == 0));
                }

                return left.Any(l => right.Any(r => Compare(l, r) is var c && name switch
                {
                    "IsEqualTo" => c == 0,
                    "IsGreaterThan" => c > 0,
                    "IsGreaterThanOrEqualTo" => c >= 0,
                    "IsLessThan" => c < 0,
                    _ => c <= 0,
                }));
            default:
                throw new EwsException("ErrorUnsupportedQueryFilter", $"The restriction {name} is not supported.");
        }
    }

    /// <summary>
    /// Refuses a restriction Exchange refuses before looking at any item: a path it cannot search, a constant that is
    /// not a value of the property's type.
    /// </summary>
    public static void Validate(XElement expression)
    {
        foreach (var path in expression.DescendantsAndSelf().Where(e => e.Name.LocalName is "FieldURI" or "IndexedFieldURI" or "ExtendedFieldURI"))
        {
            var parsed = Searchable(path);
            if (parsed.Kind == PathKind.Field && Times.Contains(parsed.Element)
                && path.Parent?.Element(Ns.T + "FieldURIOrConstant")?.Element(Ns.T + "Constant")?.Attribute("Value")?.Value is { } constant
                && !DateTimeOffset.TryParse(constant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
            {
                throw new EwsException("ErrorInvalidValueForProperty", $"'{constant}' is not a valid value for {parsed.Element}.");
            }
        }
    }

    private static PropertyPath Searchable(XElement pathElement)
    {
        var path = PropertyPath.Parse(pathElement);
        return path.Kind == PathKind.Field && Unsearchable.Contains(path.Element)
            ? throw new EwsException("ErrorUnsupportedPathForQuery", $"The property {path.Element} cannot be used in a restriction.")
            : path;
    }

    private static bool Contains(XElement expression, Func<PropertyPath, List<string>> read)
    {
        var values = read(Searchable(expression.Elements().First()));
        var constant = (string?)expression.Element(Ns.T + "Constant")?.Attribute("Value") ?? string.Empty;
        var mode = (string?)expression.Attribute("ContainmentMode") ?? "Substring";
        var comparison = ((string?)expression.Attribute("ContainmentComparison") ?? "Exact").Contains("IgnoreCase", StringComparison.Ordinal)
            ? StringComparison.OrdinalIgnoreCase
            : StringComparison.Ordinal;
        return values.Any(v => mode switch
        {
            "FullString" => string.Equals(v, constant, comparison),
            "Prefixed" => v.StartsWith(constant, comparison),
            "PrefixOnWords" => v.Split(' ').Any(w => w.StartsWith(constant, comparison)),
            _ => v.Contains(constant, comparison),
        });
    }

    /// <summary>The values of a property of the item (several for arrays such as Categories or multi-valued properties).</summary>
    public static List<string> Values(PropertyPath path, LabItem item, LabStore store)
    {
        switch (path.Kind)
        {
            case PathKind.Extended when item.Extended.TryGetValue(path.ExtendedKey!, out var stored):
                // Read the stored element in place: a restriction over a large folder must not copy every property.
                return stored.Elements().Where(e => e.Name.LocalName is "Value" or "Values")
                    .SelectMany(v => v.Name.LocalName == "Values" ? v.Elements() : [v]).Select(v => v.Value).ToList();
            case PathKind.Extended:
                return ItemRenderer.ExtendedValue(item, path.ExtendedKey!, store)?.SelectMany(v => v.Name.LocalName == "Values" ? v.Elements() : [v])
                    .Select(v => v.Value).ToList() ?? [];
            case PathKind.Indexed:
                if (!item.Props.TryGetValue(path.Element, out var container))
                {
                    return [];
                }

                return container.Elements(Ns.T + "Entry").Where(e => (string?)e.Attribute("Key") == path.Index)
                    .Select(e => path.SubField is null ? e.Value : e.Element(Ns.T + path.SubField)?.Value)
                    .OfType<string>().ToList();
            default:
                var element = item.Props.GetValueOrDefault(path.Element) ?? ItemRenderer.Computed(item, path.Element, store);
                if (element is null)
                {
                    return [];
                }

                return element.HasElements ? element.Elements().Select(e => e.Value).ToList() : [element.Value];
        }
    }

    public static int Compare(string left, string right)
    {
        if (left.Contains('T', StringComparison.Ordinal) && right.Contains('T', StringComparison.Ordinal)
            && DateTimeOffset.TryParse(left, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var lt)
            && DateTimeOffset.TryParse(right, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var rt))
        {
            return lt.CompareTo(rt);
        }

        if (decimal.TryParse(left, NumberStyles.Number, CultureInfo.InvariantCulture, out var ln)
            && decimal.TryParse(right, NumberStyles.Number, CultureInfo.InvariantCulture, out var rn))
        {
            return ln.CompareTo(rn);
        }

        if (bool.TryParse(left, out var lb) && bool.TryParse(right, out var rb))
        {
            return lb.CompareTo(rb);
        }

        return string.Compare(left, right, StringComparison.OrdinalIgnoreCase);
    }
}
