using System.Globalization;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// A Graph single-value extended property id ("String {guid} Name X", "Integer {guid} Id 0x8022", "String 0x3A45") as the
/// store's <see cref="ExtendedKey"/> and as the t:ExtendedProperty element EWS shows: one MAPI property, seen by both faces.
/// </summary>
internal sealed record ExtendedPropertyId(string Type, string Key, XElement Uri)
{
    public static ExtendedPropertyId? Parse(string id)
    {
        var parts = id.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 2 && TryHex(parts[1], out var tag))
        {
            // A full proptag (0x3A45001F) names the type in its low word; the key is the id part.
            var idPart = parts[1].Length > 6 ? tag >> 16 : tag;
            var uri = new XElement(Ns.T + "ExtendedFieldURI", new XAttribute("PropertyTag", "0x" + idPart.ToString("X4", CultureInfo.InvariantCulture)), new XAttribute("PropertyType", parts[0]));
            return new ExtendedPropertyId(parts[0], ExtendedKey.Tag(idPart), uri);
        }

        if (parts.Length == 4 && Guid.TryParse(parts[1].Trim('{', '}'), out var set))
        {
            var uri = new XElement(Ns.T + "ExtendedFieldURI", new XAttribute("PropertySetId", set.ToString("D")));
            if (string.Equals(parts[2], "Name", StringComparison.OrdinalIgnoreCase))
            {
                uri.Add(new XAttribute("PropertyName", parts[3]));
            }
            else if (string.Equals(parts[2], "Id", StringComparison.OrdinalIgnoreCase) && TryHex(parts[3], out var n))
            {
                uri.Add(new XAttribute("PropertyId", n.ToString(CultureInfo.InvariantCulture)));
            }
            else
            {
                return null;
            }

            uri.Add(new XAttribute("PropertyType", parts[0]));
            return ExtendedKey.Of(uri) is { } key ? new ExtendedPropertyId(parts[0], key, uri) : null;
        }

        return null;
    }

    public XElement ToElement(string value) => new(Ns.T + "ExtendedProperty", new XElement(Uri), new XElement(Ns.T + "Value", value));

    public static string? ValueOf(XElement property) => property.Element(Ns.T + "Value")?.Value;

    private static bool TryHex(string text, out int value)
    {
        value = 0;
        return text.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            && int.TryParse(text.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out value);
    }
}
