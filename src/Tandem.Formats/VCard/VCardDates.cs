using System.Globalization;

namespace Tandem.Formats.VCard;

/// <summary>
/// BDAY/ANNIVERSARY values. A date without a year (4.0 "--0415", Apple's X-APPLE-OMIT-YEAR) is kept as year
/// 1604, the placeholder Apple uses, so it survives a round trip through every version.
/// </summary>
internal static class VCardDates
{
    public const int NoYear = 1604;

    public static bool TryParse(string value, out DateOnly date)
    {
        date = default;
        var s = value.Trim();
        var t = s.IndexOf('T');
        if (t > 0) s = s[..t];
        if (s.StartsWith("--", StringComparison.Ordinal))
        {
            var md = s[2..].Replace("-", "", StringComparison.Ordinal);
            return md.Length == 4 && TryBuild(NoYear, md[..2], md[2..], out date);
        }
        var digits = s.Replace("-", "", StringComparison.Ordinal);
        if (digits.Length != 8 || (s.Length != 8 && s.Length != 10)) return false;
        if (s.Length == 10 && (s[4] != '-' || s[7] != '-')) return false;
        return int.TryParse(digits.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year)
            && TryBuild(year, digits[4..6], digits[6..], out date);
    }

    public static string Format(DateOnly date, VCardVersion version) => version switch
    {
        VCardVersion.V40 when date.Year == NoYear => date.ToString("--MMdd", CultureInfo.InvariantCulture),
        VCardVersion.V40 or VCardVersion.V21 => date.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
        _ => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static bool TryBuild(int year, string month, string day, out DateOnly date)
    {
        date = default;
        if (year < 1 || !int.TryParse(month, NumberStyles.None, CultureInfo.InvariantCulture, out var m)
            || !int.TryParse(day, NumberStyles.None, CultureInfo.InvariantCulture, out var d)) return false;
        if (m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(year, m)) return false;
        date = new DateOnly(year, m, d);
        return true;
    }
}
