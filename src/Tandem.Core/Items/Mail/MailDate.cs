using System.Globalization;

namespace Tandem.Core.Items.Mail;

/// <summary>
/// The date-time of RFC 5322 §3.3, with the obsolete forms of §4.3 that real mail still carries: two-digit years,
/// named zones (GMT, EST, …), comments, a missing day of week or seconds.
/// </summary>
public static class MailDate
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        var tokens = Tokens(StripComments(text));
        var i = 0;
        if (i < tokens.Count && tokens[i].Length >= 3 && char.IsLetter(tokens[i][0]) && !IsMonth(tokens[i])) i++;
        if (i + 3 > tokens.Count) return false;
        if (!int.TryParse(tokens[i], NumberStyles.None, CultureInfo.InvariantCulture, out var day)) return false;
        var month = Array.IndexOf(Months, tokens[i + 1].Length >= 3 ? tokens[i + 1][..3].ToLowerInvariant() : "") + 1;
        if (month == 0) return false;
        if (!int.TryParse(tokens[i + 2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return false;
        year = tokens[i + 2].Length switch
        {
            2 => year < 50 ? 2000 + year : 1900 + year,
            3 => 1900 + year,
            _ => year,
        };
        if (i + 3 >= tokens.Count || !TryTime(tokens[i + 3], out var time)) return false;
        var offset = i + 4 < tokens.Count ? Zone(tokens[i + 4]) : TimeSpan.Zero;
        if (offset is null) return false;
        try
        {
            value = new DateTimeOffset(year, month, day, 0, 0, 0, offset.Value).Add(time);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static bool IsMonth(string token) => token.Length >= 3 && Array.IndexOf(Months, token[..3].ToLowerInvariant()) >= 0;

    private static bool TryTime(string token, out TimeSpan time)
    {
        time = default;
        var parts = token.Split(':');
        if (parts.Length is < 2 or > 3) return false;
        var numbers = new int[3];
        for (var p = 0; p < parts.Length; p++)
        {
            if (!int.TryParse(parts[p], NumberStyles.None, CultureInfo.InvariantCulture, out numbers[p])) return false;
        }
        if (numbers[0] > 23 || numbers[1] > 59 || numbers[2] > 60) return false;
        // a leap second is read as the last second of its minute
        time = new TimeSpan(numbers[0], numbers[1], Math.Min(numbers[2], 59));
        return true;
    }

    /// <summary>A numeric or named zone; an unknown name means "no zone information" (-0000), read as UTC (§4.3).</summary>
    private static TimeSpan? Zone(string token)
    {
        if (token.Length == 5 && token[0] is '+' or '-' && int.TryParse(token.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm))
        {
            var span = new TimeSpan(hhmm / 100, hhmm % 100, 0);
            if (hhmm % 100 > 59 || span > TimeSpan.FromHours(14)) return null;
            return token[0] == '-' ? -span : span;
        }
        return token.ToUpperInvariant() switch
        {
            "EDT" => TimeSpan.FromHours(-4),
            "EST" or "CDT" => TimeSpan.FromHours(-5),
            "CST" or "MDT" => TimeSpan.FromHours(-6),
            "MST" or "PDT" => TimeSpan.FromHours(-7),
            "PST" => TimeSpan.FromHours(-8),
            _ => TimeSpan.Zero,
        };
    }

    private static List<string> Tokens(string text) =>
        text.Split([' ', '\t', '\r', '\n', ','], StringSplitOptions.RemoveEmptyEntries).ToList();

    private static string StripComments(string text)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        var depth = 0;
        foreach (var ch in text)
        {
            if (ch == '(') depth++;
            else if (ch == ')' && depth > 0) depth--;
            else if (depth == 0) sb.Append(ch);
        }
        return sb.ToString();
    }
}
