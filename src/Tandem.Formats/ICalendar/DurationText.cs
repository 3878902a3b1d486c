using System.Globalization;
using System.Text;

namespace Tandem.Formats.ICalendar;

/// <summary>RFC 5545 §3.3.6 durations: [+/-]P[nW] or [+/-]P[nD][T[nH][nM][nS]].</summary>
internal static class DurationText
{
    public static bool TryParse(ReadOnlySpan<char> s, out TimeSpan duration)
    {
        duration = default;
        s = s.Trim();
        var negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }
        if (s.Length < 2 || (s[0] != 'P' && s[0] != 'p')) return false;
        long seconds = 0;
        var inTime = false;
        var any = false;
        long number = -1;
        for (var i = 1; i < s.Length; i++)
        {
            var c = char.ToUpperInvariant(s[i]);
            if (char.IsAsciiDigit(c))
            {
                number = (number < 0 ? 0 : number) * 10 + (c - '0');
                if (number > 100_000_000) return false;
                continue;
            }
            if (c == 'T')
            {
                if (inTime || number >= 0) return false;
                inTime = true;
                continue;
            }
            if (number < 0) return false;
            long unit = (c, inTime) switch
            {
                ('W', false) => 7 * 86400,
                ('D', false) => 86400,
                ('H', true) => 3600,
                ('M', true) => 60,
                ('S', true) => 1,
                _ => 0,
            };
            if (unit == 0) return false;
            seconds += number * unit;
            number = -1;
            any = true;
        }
        if (!any || number >= 0) return false;
        duration = TimeSpan.FromSeconds(negative ? -seconds : seconds);
        return true;
    }

    public static string Format(TimeSpan duration)
    {
        var sb = new StringBuilder(12);
        if (duration < TimeSpan.Zero) sb.Append('-');
        var d = duration.Duration();
        sb.Append('P');
        if (d.Days > 0) sb.Append(d.Days.ToString(CultureInfo.InvariantCulture)).Append('D');
        if (d.Hours > 0 || d.Minutes > 0 || d.Seconds > 0 || d.Days == 0)
        {
            sb.Append('T');
            if (d.Hours > 0) sb.Append(d.Hours.ToString(CultureInfo.InvariantCulture)).Append('H');
            if (d.Minutes > 0 || (d.Hours == 0 && d.Seconds == 0)) sb.Append(d.Minutes.ToString(CultureInfo.InvariantCulture)).Append('M');
            if (d.Seconds > 0) sb.Append(d.Seconds.ToString(CultureInfo.InvariantCulture)).Append('S');
        }
        return sb.ToString();
    }
}
