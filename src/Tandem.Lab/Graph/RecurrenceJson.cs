using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Tandem.Lab.Soap;

namespace Tandem.Lab.Graph;

/// <summary>
/// Graph's patternedRecurrence ↔ the t:Recurrence the store keeps (as EWS clients send it): the same six patterns and
/// three ranges under other names, so a series written over one face recurs identically over the other.
/// </summary>
internal static class RecurrenceJson
{
    private static readonly string[] Indexes = ["First", "Second", "Third", "Fourth", "Last"];

    public static JsonObject? Render(XElement? recurrence, string? zoneId)
    {
        if (recurrence?.Elements().ToList() is not [var pattern, var range, ..])
        {
            return null;
        }

        string? V(XElement e, string name) => e.Element(Ns.T + name)?.Value;
        int Int(XElement e, string name, int fallback) => int.TryParse(V(e, name), CultureInfo.InvariantCulture, out var n) ? n : fallback;
        var p = new JsonObject
        {
            ["type"] = pattern.Name.LocalName switch
            {
                "DailyRecurrence" => "daily",
                "WeeklyRecurrence" => "weekly",
                "RelativeMonthlyRecurrence" => "relativeMonthly",
                "AbsoluteMonthlyRecurrence" => "absoluteMonthly",
                "RelativeYearlyRecurrence" => "relativeYearly",
                _ => "absoluteYearly",
            },
            ["interval"] = Int(pattern, "Interval", 1),
            ["month"] = V(pattern, "Month") is { } m ? DateTime.ParseExact(m, "MMMM", CultureInfo.InvariantCulture).Month : 0,
            ["dayOfMonth"] = Int(pattern, "DayOfMonth", 0),
            ["daysOfWeek"] = new JsonArray((V(pattern, "DaysOfWeek") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(d => (JsonNode?)Camel(d)).ToArray()),
            ["firstDayOfWeek"] = Camel(V(pattern, "FirstDayOfWeek") ?? "Sunday"),
            ["index"] = Camel(V(pattern, "DayOfWeekIndex") ?? "First"),
        };
        var r = new JsonObject
        {
            ["type"] = range.Name.LocalName switch { "EndDateRecurrence" => "endDate", "NumberedRecurrence" => "numbered", _ => "noEnd" },
            ["startDate"] = V(range, "StartDate")?[..10],
            ["endDate"] = V(range, "EndDate")?[..10] ?? "0001-01-01",
            ["recurrenceTimeZone"] = zoneId,
            ["numberOfOccurrences"] = Int(range, "NumberOfOccurrences", 0),
        };
        return new JsonObject { ["pattern"] = p, ["range"] = r };
    }

    /// <summary>The t:Recurrence for a patternedRecurrence; throws FormatException naming what is wrong.</summary>
    public static XElement Parse(JsonObject recurrence)
    {
        var p = recurrence["pattern"] as JsonObject ?? throw new FormatException("recurrence.pattern is required.");
        var r = recurrence["range"] as JsonObject ?? throw new FormatException("recurrence.range is required.");
        static XElement T(string name, params object?[] content) => new(Ns.T + name, content);
        var interval = (int?)p["interval"] is > 0 and var i ? i : 1;
        var days = string.Join(' ', (p["daysOfWeek"] as JsonArray ?? []).Select(d => Pascal((string?)d ?? "")));
        var index = Pascal((string?)p["index"] ?? "first");
        var month = (int?)p["month"] is { } m and >= 1 and <= 12 ? CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(m) : null;
        var type = (string?)p["type"];
        XElement pattern = type switch
        {
            "daily" => T("DailyRecurrence", T("Interval", interval)),
            "weekly" => T("WeeklyRecurrence", T("Interval", interval), T("DaysOfWeek", days), T("FirstDayOfWeek", Pascal((string?)p["firstDayOfWeek"] ?? "sunday"))),
            "relativeMonthly" => T("RelativeMonthlyRecurrence", T("Interval", interval), T("DaysOfWeek", days), T("DayOfWeekIndex", index)),
            "absoluteMonthly" => T("AbsoluteMonthlyRecurrence", T("Interval", interval), T("DayOfMonth", (int?)p["dayOfMonth"] ?? 1)),
            "relativeYearly" => T("RelativeYearlyRecurrence", T("DaysOfWeek", days), T("DayOfWeekIndex", index), T("Month", month ?? throw new FormatException("recurrence.pattern.month is required."))),
            "absoluteYearly" => T("AbsoluteYearlyRecurrence", T("DayOfMonth", (int?)p["dayOfMonth"] ?? 1), T("Month", month ?? throw new FormatException("recurrence.pattern.month is required."))),
            _ => throw new FormatException($"recurrence.pattern.type '{type}' is not a recurrence pattern type."),
        };
        if (!Indexes.Contains(index) && type is "relativeMonthly" or "relativeYearly")
        {
            throw new FormatException($"recurrence.pattern.index '{p["index"]}' is not a week index.");
        }

        var start = (string?)r["startDate"] ?? throw new FormatException("recurrence.range.startDate is required.");
        XElement range = (string?)r["type"] switch
        {
            "endDate" => T("EndDateRecurrence", T("StartDate", start), T("EndDate", (string?)r["endDate"] ?? throw new FormatException("recurrence.range.endDate is required."))),
            "numbered" => T("NumberedRecurrence", T("StartDate", start), T("NumberOfOccurrences", (int?)r["numberOfOccurrences"] ?? throw new FormatException("recurrence.range.numberOfOccurrences is required."))),
            _ => T("NoEndRecurrence", T("StartDate", start)),
        };
        return new XElement(Ns.T + "Recurrence", pattern, range);
    }

    private static string Camel(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];

    private static string Pascal(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
