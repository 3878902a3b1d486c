using System.Globalization;

namespace Tandem.Core.TimeZones;

/// <summary>Zones that are only an offset: "GMT+01:00", "UTC-5", "+0530".</summary>
internal static class FixedOffsets
{
    /// <summary>Parses "+01:00", "-0500", "+5", "+05:30" (sign required).</summary>
    public static bool TryParseOffset(string text, out TimeSpan offset)
    {
        offset = default;
        var s = text.Trim();
        if (s.Length < 2 || (s[0] != '+' && s[0] != '-')) return false;
        var negative = s[0] == '-';
        var digits = s[1..].Replace(":", "", StringComparison.Ordinal).Trim();
        if (digits.Length is 0 or > 4 || !digits.All(char.IsAsciiDigit)) return false;
        int hours, minutes = 0;
        if (digits.Length <= 2)
        {
            hours = int.Parse(digits, CultureInfo.InvariantCulture);
        }
        else
        {
            var split = digits.Length - 2;
            hours = int.Parse(digits[..split], CultureInfo.InvariantCulture);
            minutes = int.Parse(digits[split..], CultureInfo.InvariantCulture);
        }
        if (hours > 14 || minutes > 59) return false;
        offset = new TimeSpan(hours, minutes, 0);
        if (negative) offset = -offset;
        return true;
    }

    /// <summary>"GMT+01:00" / "UTC-05" → the offset; null otherwise.</summary>
    public static TimeSpan? FromName(string tzid)
    {
        var s = tzid.Trim();
        if (s.Length <= 3) return null;
        if (!s.StartsWith("GMT", StringComparison.OrdinalIgnoreCase) && !s.StartsWith("UTC", StringComparison.OrdinalIgnoreCase)) return null;
        return TryParseOffset(s[3..], out var offset) ? offset : null;
    }

    /// <summary>Whole-hour offsets have IANA names (note the inverted sign of Etc/GMT±n); others get null.</summary>
    public static string? ToIanaId(TimeSpan offset)
    {
        if (offset == TimeSpan.Zero) return "UTC";
        if (offset.Minutes != 0) return null;
        var hours = -offset.Hours;
        var id = "Etc/GMT" + (hours > 0 ? "+" : "-") + Math.Abs(hours).ToString(CultureInfo.InvariantCulture);
        return SystemZones.Find(id) is null ? null : id;
    }
}
