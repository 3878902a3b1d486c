using System.Globalization;
using System.Xml.Linq;

namespace Tandem.Lab.Store;

/// <summary>
/// The identity of an extended (MAPI) property as Exchange resolves it: a property tag, or a property set (a distinguished
/// set name means its well-known GUID) plus a name or a numeric id. PropertyType is not part of the identity.
/// </summary>
internal static class ExtendedKey
{
    private static readonly Dictionary<string, string> DistinguishedSets = new(StringComparer.Ordinal)
    {
        ["Meeting"] = "6ed8da90-450b-101b-98da-00aa003f1305",
        ["Appointment"] = "00062002-0000-0000-c000-000000000046",
        ["Common"] = "00062008-0000-0000-c000-000000000046",
        ["PublicStrings"] = "00020329-0000-0000-c000-000000000046",
        ["Address"] = "00062004-0000-0000-c000-000000000046",
        ["InternetHeaders"] = "00020386-0000-0000-c000-000000000046",
        ["CalendarAssistant"] = "11000e07-b51b-40d6-af21-caa85edab1d0",
        ["UnifiedMessaging"] = "4442858e-a9e3-4e80-b900-317a210cc15b",
        ["Task"] = "00062003-0000-0000-c000-000000000046",
        ["Sharing"] = "00062040-0000-0000-c000-000000000046",
    };

    public const string MeetingSet = "6ed8da90-450b-101b-98da-00aa003f1305";

    /// <summary>The key of a t:ExtendedFieldURI element, or null when its attributes are not a legal combination.</summary>
    public static string? Of(XElement uri)
    {
        var tag = (string?)uri.Attribute("PropertyTag");
        if (tag is not null)
        {
            var value = tag.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
                ? int.TryParse(tag.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var h) ? h : -1
                : int.TryParse(tag, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d) ? d : -1;
            return value < 0 ? null : "tag:" + value.ToString("x4", CultureInfo.InvariantCulture);
        }

        var set = (string?)uri.Attribute("PropertySetId") is { } guid && Guid.TryParse(guid, out var g)
            ? g.ToString("D")
            : (string?)uri.Attribute("DistinguishedPropertySetId") is { } name && DistinguishedSets.TryGetValue(name, out var known)
                ? known
                : null;
        if (set is null)
        {
            return null;
        }

        if ((string?)uri.Attribute("PropertyName") is { } propertyName)
        {
            return $"set:{set}|name:{propertyName}";
        }

        if ((string?)uri.Attribute("PropertyId") is { } id && int.TryParse(id, CultureInfo.InvariantCulture, out var n))
        {
            return $"set:{set}|id:{n}";
        }

        return null;
    }

    public static string Tag(int tag) => "tag:" + tag.ToString("x4", CultureInfo.InvariantCulture);

    public static string Named(string set, int id) => $"set:{set}|id:{id}";
}
