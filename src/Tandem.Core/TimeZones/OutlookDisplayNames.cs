using System.Globalization;

namespace Tandem.Core.TimeZones;

/// <summary>
/// Outlook writes a zone's display name as TZID ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm,
/// Vienna"; Outlook 2003: "(GMT+01.00) Amsterdam / Berlin / …"). Most name cities that are IANA zone names;
/// the few that name regions are listed here. The stated offset guards against namesakes (La Paz, Bolivia
/// in "(UTC-07:00) Chihuahua, La Paz, Mazatlan").
/// </summary>
internal static class OutlookDisplayNames
{
    private static readonly Dictionary<string, string> Regions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Eastern Time (US & Canada)"] = "America/New_York",
        ["Eastern Time (US and Canada)"] = "America/New_York",
        ["Central Time (US & Canada)"] = "America/Chicago",
        ["Central Time (US and Canada)"] = "America/Chicago",
        ["Mountain Time (US & Canada)"] = "America/Denver",
        ["Mountain Time (US and Canada)"] = "America/Denver",
        ["Pacific Time (US & Canada)"] = "America/Los_Angeles",
        ["Pacific Time (US and Canada)"] = "America/Los_Angeles",
        ["Pacific Time (US & Canada); Tijuana"] = "America/Los_Angeles",
        ["Atlantic Time (Canada)"] = "America/Halifax",
        ["Alaska"] = "America/Anchorage",
        ["Hawaii"] = "Pacific/Honolulu",
        ["Arizona"] = "America/Phoenix",
        ["Newfoundland"] = "America/St_Johns",
        ["Saskatchewan"] = "America/Regina",
        ["Indiana (East)"] = "America/Indiana/Indianapolis",
        ["Central America"] = "America/Guatemala",
        ["Brasilia"] = "America/Sao_Paulo",
        ["Greenland"] = "America/Nuuk",
        ["Mid-Atlantic"] = "Atlantic/South_Georgia",
        ["Cabo Verde Is."] = "Atlantic/Cape_Verde",
        ["Cape Verde Is."] = "Atlantic/Cape_Verde",
        ["International Date Line West"] = "Etc/GMT+12",
        ["Coordinated Universal Time"] = "UTC",
        ["Universal Coordinated Time"] = "UTC",
        ["Greenwich Mean Time"] = "Europe/London",
        ["Monrovia, Reykjavik"] = "Atlantic/Reykjavik",
        ["West Central Africa"] = "Africa/Lagos",
        ["Osaka, Sapporo, Tokyo"] = "Asia/Tokyo",
        ["Beijing, Chongqing, Hong Kong, Urumqi"] = "Asia/Shanghai",
        ["Chennai, Kolkata, Mumbai, New Delhi"] = "Asia/Kolkata",
        ["Canberra, Melbourne, Sydney"] = "Australia/Sydney",
    };

    /// <summary>An IANA id for an Outlook display name, or null when <paramref name="tzid"/> is not one.</summary>
    public static string? Resolve(string tzid)
    {
        if (!TryParse(tzid, out var offset, out var label)) return null;
        if (label.Length == 0) return offset is { } o ? FixedOffsets.ToIanaId(o) : null;
        if (Regions.TryGetValue(label, out var region)) return region;
        foreach (var part in label.Split([',', '/', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Regions.TryGetValue(part, out region)) return region;
            var city = SystemZones.FindByCity(part);
            if (city is null || SystemZones.Find(city) is not { } zone) continue;
            if (offset is { } expected && !HasOffset(zone, expected)) continue;
            return SystemZones.Canonical(city);
        }
        return null;
    }

    /// <summary>Splits "(UTC+01:00) Amsterdam, Berlin" into +01:00 and "Amsterdam, Berlin"; "(UTC) Dublin" has offset zero.</summary>
    internal static bool TryParse(string tzid, out TimeSpan? offset, out string label)
    {
        offset = null;
        label = "";
        var s = tzid.Trim();
        if (s.Length < 5 || s[0] != '(') return false;
        var close = s.IndexOf(')', StringComparison.Ordinal);
        if (close < 0) return false;
        var head = s[1..close].Trim();
        if (!head.StartsWith("UTC", StringComparison.OrdinalIgnoreCase) && !head.StartsWith("GMT", StringComparison.OrdinalIgnoreCase)) return false;
        var sign = head[3..].Trim();
        label = s[(close + 1)..].Trim();
        if (sign.Length == 0)
        {
            offset = TimeSpan.Zero;
            return true;
        }
        if (!FixedOffsets.TryParseOffset(sign.Replace('.', ':'), out var parsed)) return false;
        offset = parsed;
        return true;
    }

    /// <summary>Display names state the standard offset; southern zones observe it in July, northern ones in January.</summary>
    private static bool HasOffset(TimeZoneInfo zone, TimeSpan expected)
    {
        var year = 2025;
        return zone.GetUtcOffset(new DateTime(year, 1, 15, 12, 0, 0, DateTimeKind.Utc)) == expected
            || zone.GetUtcOffset(new DateTime(year, 7, 15, 12, 0, 0, DateTimeKind.Utc)) == expected
            || zone.BaseUtcOffset == expected;
    }

    internal static string Describe(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hh\\:mm", CultureInfo.InvariantCulture);
}
