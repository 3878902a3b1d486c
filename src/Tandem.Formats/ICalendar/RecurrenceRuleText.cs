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
    public static bool TryParse(ReadOnlySpan<char> value, out RecurrenceRule rule, out ICalTime? until, out string? error, bool ignoreTimeParts = false)
    {
        // On spans, the rule made once at the end: a calendar has a rule for every series, and splitting each into
        // strings (and copying the record for every part) cost more than the rest of reading the event.
        rule = new RecurrenceRule();
        until = null;
        error = null;
        Frequency? frequency = null;
        int interval = 1;
        int? count = null;
        ValueList<WeekdayNum> byDay = ValueList<WeekdayNum>.Empty;
        ValueList<int> byMonthDay = ValueList<int>.Empty, byMonth = ValueList<int>.Empty, bySetPos = ValueList<int>.Empty;
        var weekStart = DayOfWeek.Monday;
        var text = value;
        foreach (var range in text.Split(';'))
        {
            var part = text[range].Trim();
            if (part.IsEmpty) continue;
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                error = $"malformed RRULE part '{part}'";
                return false;
            }
            var key = part[..eq].Trim();
            var v = part[(eq + 1)..].Trim();
            if (Is(key, "FREQ"))
            {
                frequency = Is(v, "DAILY") ? Frequency.Daily : Is(v, "WEEKLY") ? Frequency.Weekly : Is(v, "MONTHLY") ? Frequency.Monthly : Is(v, "YEARLY") ? Frequency.Yearly : null;
                if (frequency is null)
                {
                    error = $"unsupported FREQ={v}";
                    return false;
                }
            }
            else if (Is(key, "INTERVAL"))
            {
                if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out interval) || interval < 1)
                {
                    error = $"bad INTERVAL={v}";
                    return false;
                }
            }
            else if (Is(key, "COUNT"))
            {
                if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var c) || c < 1)
                {
                    error = $"bad COUNT={v}";
                    return false;
                }
                count = c;
            }
            else if (Is(key, "UNTIL"))
            {
                if (!ICalTimeText.TryParse(v, out var u))
                {
                    error = $"bad UNTIL={v}";
                    return false;
                }
                until = u;
            }
            else if (Is(key, "BYDAY"))
            {
                var days = new List<WeekdayNum>(2);
                foreach (var d in v.Split(','))
                {
                    var day = v[d].Trim();
                    if (day.IsEmpty) continue;
                    if (!TryParseWeekday(day, out var wd))
                    {
                        error = $"bad BYDAY value {day}";
                        return false;
                    }
                    days.Add(wd);
                }
                byDay = days.ToValueList();
            }
            else if (Is(key, "BYMONTHDAY"))
            {
                if (!TryParseInts(v, -31, 31, out byMonthDay))
                {
                    error = $"bad BYMONTHDAY={v}";
                    return false;
                }
            }
            else if (Is(key, "BYMONTH"))
            {
                if (!TryParseInts(v, 1, 12, out byMonth))
                {
                    error = $"bad BYMONTH={v}";
                    return false;
                }
            }
            else if (Is(key, "BYSETPOS"))
            {
                if (!TryParseInts(v, -366, 366, out bySetPos))
                {
                    error = $"bad BYSETPOS={v}";
                    return false;
                }
            }
            else if (Is(key, "WKST"))
            {
                var idx = DayIndex(v);
                if (idx < 0)
                {
                    error = $"bad WKST={v}";
                    return false;
                }
                weekStart = (DayOfWeek)idx;
            }
            else if (!(ignoreTimeParts && (Is(key, "BYHOUR") || Is(key, "BYMINUTE") || Is(key, "BYSECOND"))))
            {
                error = $"unsupported RRULE part {key.ToString().ToUpperInvariant()}";
                return false;
            }
        }
        if (frequency is null)
        {
            error = "RRULE without FREQ";
            return false;
        }
        rule = new RecurrenceRule
        {
            Frequency = frequency.Value,
            Interval = interval,
            Count = count,
            ByDay = byDay,
            ByMonthDay = byMonthDay,
            ByMonth = byMonth,
            BySetPos = bySetPos,
            WeekStart = weekStart,
        };
        return true;
    }

    private static bool Is(ReadOnlySpan<char> text, string name) => text.Equals(name, StringComparison.OrdinalIgnoreCase);

    private static int DayIndex(ReadOnlySpan<char> code)
    {
        for (var i = 0; i < DayCodes.Length; i++)
        {
            if (Is(code, DayCodes[i])) return i;
        }
        return -1;
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

    private static bool TryParseWeekday(ReadOnlySpan<char> text, out WeekdayNum weekday)
    {
        weekday = new WeekdayNum(DayOfWeek.Monday);
        if (text.Length < 2) return false;
        var idx = DayIndex(text[^2..]);
        if (idx < 0) return false;
        var ordinal = 0;
        var prefix = text[..^2];
        if (prefix.Length > 0 && (!int.TryParse(prefix, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out ordinal) || ordinal is 0 or < -53 or > 53))
            return false;
        weekday = new WeekdayNum((DayOfWeek)idx, ordinal);
        return true;
    }

    private static bool TryParseInts(ReadOnlySpan<char> text, int min, int max, out ValueList<int> values)
    {
        var list = new List<int>(2);
        values = ValueList<int>.Empty;
        foreach (var range in text.Split(','))
        {
            var part = text[range].Trim();
            if (part.IsEmpty) continue;
            if (!int.TryParse(part, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min || n > max || n == 0) return false;
            list.Add(n);
        }
        if (list.Count == 0) return false;
        values = list.ToValueList();
        return true;
    }
}
