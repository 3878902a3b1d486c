using System.Globalization;

namespace Tandem.Formats.VCard;

/// <summary>
/// BDAY/ANNIVERSARY values. A date without a year (4.0 "--0415", Apple's X-APPLE-OMIT-YEAR) is kept as year
/// 1604, the placeholder Apple uses, so it survives a round trip through every version.
/// </summary>
internal static class VCardDates
{
    public const int NoYear = 1604;

    public static bool TryParse(ReadOnlySpan<char> value, out DateOnly date)
    {
        date = default;
        var s = value.Trim();
        var t = s.IndexOf('T');
        if (t > 0) s = s[..t];
        // Only eight digits can make a date, so a longer text needs no copy to be refused.
        Span<char> digits = stackalloc char[9];
        if (s.StartsWith("--", StringComparison.Ordinal))
        {
            var md = WithoutDashes(s[2..], digits);
            return md.Length == 4 && TryBuild(NoYear, md[..2], md[2..], out date);
        }
        var ymd = WithoutDashes(s, digits);
        if (ymd.Length != 8 || (s.Length != 8 && s.Length != 10)) return false;
        if (s.Length == 10 && (s[4] != '-' || s[7] != '-')) return false;
        return int.TryParse(ymd[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && TryBuild(year, ymd[4..6], ymd[6..], out date);
    }

    public static string Format(DateOnly date, VCardVersion version) => version switch
    {
        VCardVersion.V40 when date.Year == NoYear => date.ToString("--MMdd", CultureInfo.InvariantCulture),
        VCardVersion.V40 or VCardVersion.V21 => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        _ => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    // The text less its dashes, or a span longer than eight when there are more characters than a date has.
    private static ReadOnlySpan<char> WithoutDashes(ReadOnlySpan<char> s, Span<char> buffer)
    {
        var n = 0;
        foreach (var c in s)
        {
            if (c == '-') continue;
            if (n == buffer.Length) return buffer;
            buffer[n++] = c;
        }
        return buffer[..n];
    }

    private static bool TryBuild(int year, ReadOnlySpan<char> month, ReadOnlySpan<char> day, out DateOnly date)
    {
        date = default;
        if (year < 1 || !int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var d)) return false;
        if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(year, m)) return false;
        date = new DateOnly(year, m, d);
        return true;
    }
}
