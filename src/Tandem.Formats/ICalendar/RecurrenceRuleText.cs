using System.Globalization;
using System.Text;
using Tandem.Core.Items;

namespace Tandem.Formats.ICalendar;

/// <summary>
/// RRULE values (RFC 5545 §3.3.10) ↔ <see cref="RecurrenceRule"/>. Only the parts the model holds are
/// accepted: a rule with BYHOUR, BYWEEKNO, an hourly frequency… is reported as unsupported so that the
/// caller keeps it verbatim instead of silently simplifying someone's series.
/// </summary>
internal static class RecurrenceRuleText
{
    private static readonly string[] DayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

    /// <summary>Parses a rule; <paramref name="until"/> gets the raw UNTIL (the caller knows the zone context).</summary>
    /// <param name="ignoreTimeParts">VTIMEZONE rules from Lotus Notes repeat DTSTART's time as BYHOUR/BYMINUTE; those add nothing there.</param>
    public static bool TryParse(string value, out RecurrenceRule rule, out ICalTime? until, out string? error, bool ignoreTimeParts = false)
    {
        rule = new RecurrenceRule();
        until = null;
        error = null;
        Frequency? frequency = null;
        foreach (var part in value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                error = $"malformed RRULE part '{part}'";
                return false;
            }
            var key = part[..eq].ToUpperInvariant();
            var v = part[(eq + 1)..];
            switch (key)
            {
                case "FREQ":
                    frequency = v.ToUpperInvariant() switch
                    {
                        "DAILY" => Frequency.Daily,
                        "WEEKLY" => Frequency.Weekly,
                        "MONTHLY" => Frequency.Monthly,
                        "YEARLY" => Frequency.Yearly,
                        _ => null,
                    };
                    if (frequency is null)
                    {
                        error = $"unsupported FREQ={v}";
                        return false;
                    }
                    break;
                case "INTERVAL":
                    if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var interval) || interval < 1)
                    {
                        error = $"bad INTERVAL={v}";
                        return false;
                    }
                    rule = rule with { Interval = interval };
                    break;
                case "COUNT":
                    if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
                    {
                        error = $"bad COUNT={v}";
                        return false;
                    }
                    rule = rule with { Count = count };
                    break;
                case "UNTIL":
                    if (!ICalTimeText.TryParse(v, out var u))
                    {
                        error = $"bad UNTIL={v}";
                        return false;
                    }
                    until = u;
                    break;
                case "BYDAY":
                    var days = new List<WeekdayNum>();
                    foreach (var d in v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!TryParseWeekday(d, out var wd))
                        {
                            error = $"bad BYDAY value {d}";
                            return false;
                        }
                        days.Add(wd);
                    }
                    rule = rule with { ByDay = days.ToValueList() };
                    break;
                case "BYMONTHDAY":
                    if (!TryParseInts(v, -31, 31, out var monthDays))
                    {
                        error = $"bad BYMONTHDAY={v}";
                        return false;
                    }
                    rule = rule with { ByMonthDay = monthDays };
                    break;
                case "BYMONTH":
                    if (!TryParseInts(v, 1, 12, out var months))
                    {
                        error = $"bad BYMONTH={v}";
                        return false;
                    }
                    rule = rule with { ByMonth = months };
                    break;
                case "BYSETPOS":
                    if (!TryParseInts(v, -366, 366, out var positions))
                    {
                        error = $"bad BYSETPOS={v}";
                        return false;
                    }
                    rule = rule with { BySetPos = positions };
                    break;
                case "WKST":
                    var idx = Array.IndexOf(DayCodes, v.ToUpperInvariant());
                    if (idx < 0)
                    {
                        error = $"bad WKST={v}";
                        return false;
                    }
                    rule = rule with { WeekStart = (DayOfWeek)idx };
                    break;
                case "BYHOUR" or "BYMINUTE" or "BYSECOND" when ignoreTimeParts:
                    break;
                default:
                    error = $"unsupported RRULE part {key}";
                    return false;
            }
        }
        if (frequency is null)
        {
            error = "RRULE without FREQ";
            return false;
        }
        rule = rule with { Frequency = frequency.Value };
        return true;
    }

    /// <summary>Formats a rule; <paramref name="until"/> is the UNTIL value already formatted by the caller.</summary>
    public static string Format(RecurrenceRule rule, string? until)
    {
        var sb = new StringBuilder("FREQ=");
        sb.Append(rule.Frequency switch
        {
            Frequency.Daily => "DAILY",
            Frequency.Weekly => "WEEKLY",
            Frequency.Monthly => "MONTHLY",
            _ => "YEARLY",
        });
        if (rule.Interval > 1) sb.Append(";INTERVAL=").Append(rule.Interval.ToString(CultureInfo.InvariantCulture));
        if (rule.Count is { } count) sb.Append(";COUNT=").Append(count.ToString(CultureInfo.InvariantCulture));
        if (until is not null) sb.Append(";UNTIL=").Append(until);
        if (!rule.ByDay.IsEmpty) sb.Append(";BYDAY=").AppendJoin(',', rule.ByDay.Select(FormatWeekday));
        if (!rule.ByMonthDay.IsEmpty) sb.Append(";BYMONTHDAY=").AppendJoin(',', rule.ByMonthDay.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        if (!rule.ByMonth.IsEmpty) sb.Append(";BYMONTH=").AppendJoin(',', rule.ByMonth.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        if (!rule.BySetPos.IsEmpty) sb.Append(";BYSETPOS=").AppendJoin(',', rule.BySetPos.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        if (rule.WeekStart != DayOfWeek.Monday) sb.Append(";WKST=").Append(DayCodes[(int)rule.WeekStart]);
        return sb.ToString();
    }

    private static string FormatWeekday(WeekdayNum wd) =>
        (wd.Ordinal == 0 ? "" : wd.Ordinal.ToString(CultureInfo.InvariantCulture)) + DayCodes[(int)wd.Day];

    private static bool TryParseWeekday(string text, out WeekdayNum weekday)
    {
        weekday = new WeekdayNum(DayOfWeek.Monday);
        if (text.Length < 2) return false;
        var idx = Array.IndexOf(DayCodes, text[^2..].ToUpperInvariant());
        if (idx < 0) return false;
        var ordinal = 0;
        var prefix = text[..^2];
        if (prefix.Length > 0 && (!int.TryParse(prefix, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ordinal) || ordinal is 0 or < -53 or > 53))
            return false;
        weekday = new WeekdayNum((DayOfWeek)idx, ordinal);
        return true;
    }

    private static bool TryParseInts(string text, int min, int max, out ValueList<int> values)
    {
        var list = new List<int>();
        values = ValueList<int>.Empty;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min || n > max || n == 0) return false;
            list.Add(n);
        }
        if (list.Count == 0) return false;
        values = list.ToValueList();
        return true;
    }
}
