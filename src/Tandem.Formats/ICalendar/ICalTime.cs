namespace Tandem.Formats.ICalendar;

/// <summary>
/// A DATE or DATE-TIME as written: the wall value, whether it was a DATE, whether it was UTC, and any
/// offset glued to it ("…T090000-0800", invalid but produced in the wild, already applied to make it UTC).
/// </summary>
internal readonly record struct ICalTime(DateTime Value, bool IsDate, bool IsUtc);

/// <summary>Parses and formats the DATE / DATE-TIME forms of RFC 5545 §3.3.4–5 without allocating.</summary>
internal static class ICalTimeText
{
    public static bool TryParse(ReadOnlySpan<char> s, out ICalTime time)
    {
        time = default;
        s = s.Trim();
        if (s.Length < 8 || !TryDigits(s, 0, 4, out var year) || !TryDigits(s, 4, 2, out var month) || !TryDigits(s, 6, 2, out var day)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        if (s.Length == 8)
        {
            time = new ICalTime(new DateTime(year, month, day), true, false);
            return true;
        }
        if (s[8] != 'T' && s[8] != 't') return false;
        if (s.Length < 13 || !TryDigits(s, 9, 2, out var hour) || !TryDigits(s, 11, 2, out var minute)) return false;
        var second = 0;
        var at = 13;
        if (s.Length >= 15 && char.IsAsciiDigit(s[13]))
        {
            if (!TryDigits(s, 13, 2, out second)) return false;
            at = 15;
        }
        if (hour > 23 || minute > 59 || second > 60) return false;
        if (second == 60) second = 59; // a leap second cannot be represented; keep the minute
        var value = new DateTime(year, month, day, hour, minute, second);
        var rest = s[at..];
        if (rest.IsEmpty)
        {
            time = new ICalTime(value, false, false);
            return true;
        }
        if (rest is "Z" or "z")
        {
            time = new ICalTime(value, false, true);
            return true;
        }
        if (TryOffset(rest, out var offset))
        {
            time = new ICalTime(value - offset, false, true);
            return true;
        }
        return false;
    }

    /// <summary>"+0100", "-08:00", "+010000" (TZOFFSETFROM/TO allow seconds).</summary>
    public static bool TryOffset(ReadOnlySpan<char> s, out TimeSpan offset)
    {
        offset = default;
        s = s.Trim();
        if (s.Length < 3 || (s[0] != '+' && s[0] != '-')) return false;
        Span<char> digits = stackalloc char[6];
        var n = 0;
        for (var i = 1; i < s.Length; i++)
        {
            if (s[i] == ':') continue;
            if (!char.IsAsciiDigit(s[i]) || n == 6) return false;
            digits[n++] = s[i];
        }
        if (n is not (2 or 4 or 6)) return false;
        var hours = (digits[0] - '0') * 10 + digits[1] - '0';
        var minutes = n >= 4 ? (digits[2] - '0') * 10 + digits[3] - '0' : 0;
        var seconds = n == 6 ? (digits[4] - '0') * 10 + digits[5] - '0' : 0;
        if (hours > 23 || minutes > 59 || seconds > 59) return false;
        offset = new TimeSpan(hours, minutes, seconds);
        if (s[0] == '-') offset = -offset;
        return true;
    }

    public static string FormatDate(DateTime value) => string.Create(8, value, static (span, v) =>
    {
        Write(span, 0, v.Year, 4);
        Write(span, 4, v.Month, 2);
        Write(span, 6, v.Day, 2);
    });

    public static string FormatDateTime(DateTime value, bool utc) => string.Create(utc ? 16 : 15, value, (span, v) =>
    {
        Write(span, 0, v.Year, 4);
        Write(span, 4, v.Month, 2);
        Write(span, 6, v.Day, 2);
        span[8] = 'T';
        Write(span, 9, v.Hour, 2);
        Write(span, 11, v.Minute, 2);
        Write(span, 13, v.Second, 2);
        if (span.Length == 16) span[15] = 'Z';
    });

    public static string FormatOffset(TimeSpan offset)
    {
        var sign = offset < TimeSpan.Zero ? '-' : '+';
        var d = offset.Duration();
        var text = sign + d.Hours.ToString("00", System.Globalization.CultureInfo.InvariantCulture) + d.Minutes.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        return d.Seconds == 0 ? text : text + d.Seconds.ToString("00", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void Write(Span<char> span, int at, int value, int width)
    {
        for (var i = width - 1; i >= 0; i--)
        {
            span[at + i] = (char)('0' + value % 10);
            value /= 10;
        }
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int at, int count, out int value)
    {
        value = 0;
        if (at + count > s.Length) return false;
        for (var i = at; i < at + count; i++)
        {
            var c = s[i];
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
