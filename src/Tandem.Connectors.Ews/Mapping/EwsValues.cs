using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>Value conversions shared by the item mappers (EWS text ↔ .NET values).</summary>
internal static class EwsValues
{
    public static string Utc(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Utc(DateTime utc) => Utc(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTimeOffset? ParseInstant(string? text) =>
        string.IsNullOrEmpty(text) ? null : XmlConvert.ToDateTimeOffset(text);

    public static DateOnly? ParseDate(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (text.Length == 10) return DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        // Outlook stores dates as local midnight in UTC, so the UTC value can sit on the evening before:
        // rounding to the nearest day reads it back as the day that was meant.
        var instant = XmlConvert.ToDateTimeOffset(text).UtcDateTime.AddHours(12);
        return DateOnly.FromDateTime(instant);
    }

    public static string DateAsDateTime(DateOnly date) => Date(date) + "T00:00:00Z";

    public static XElement? TextBody(string? text) =>
        string.IsNullOrEmpty(text) ? null : X.T("Body", new XAttribute("BodyType", "Text"), text);

    public static XElement? Categories(ValueList<string> categories) =>
        categories.IsEmpty ? null : X.T("Categories", categories.Select(c => X.T("String", c)));

    public static ValueList<string> ReadCategories(XElement item) =>
        item.TChild("Categories")?.Elements(Ns.T + "String").Select(e => e.Value).ToValueList() ?? ValueList<string>.Empty;

    public static string? ReadBody(XElement item, out bool isHtml)
    {
        var body = item.TChild("Body");
        isHtml = string.Equals((string?)body?.Attribute("BodyType"), "HTML", StringComparison.OrdinalIgnoreCase);
        return body?.Value;
    }

    public static T ParseEnum<T>(string? text, T fallback) where T : struct, Enum =>
        text is not null && Enum.TryParse<T>(text, ignoreCase: true, out var value) ? value : fallback;

    public static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
