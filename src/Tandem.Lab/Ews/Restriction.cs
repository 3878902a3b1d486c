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
    public static bool Matches(XElement expression, LabItem item, LabStore store)
    {
        var name = expression.Name.LocalName;
        switch (name)
        {
            case "And":
                return expression.Elements().All(e => Matches(e, item, store));
            case "Or":
                return expression.Elements().Any(e => Matches(e, item, store));
            case "Not":
                return !Matches(expression.Elements().First(), item, store);
            case "Exists":
                return Values(PropertyPath.Parse(expression.Elements().First()), item, store).Count > 0;
            case "Contains":
                return Contains(expression, item, store);
            case "IsEqualTo" or "IsNotEqualTo" or "IsGreaterThan" or "IsGreaterThanOrEqualTo" or "IsLessThan" or "IsLessThanOrEqualTo":
                var path = PropertyPath.Parse(expression.Elements().First());
                var operand = expression.Element(Ns.T + "FieldURIOrConstant")!.Elements().First();
                var right = operand.Name == Ns.T + "Constant"
                    ? [(string?)operand.Attribute("Value") ?? string.Empty]
                    : Values(PropertyPath.Parse(operand), item, store);
                var left = Values(path, item, store);
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

    private static bool Contains(XElement expression, LabItem item, LabStore store)
    {
        var values = Values(PropertyPath.Parse(expression.Elements().First()), item, store);
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
