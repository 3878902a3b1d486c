using Tandem.Core.Items;

namespace Tandem.Core.Recurrence;

/// <summary>
/// Generates the wall-clock starts of an RRULE (RFC 5545 §3.3.10) for the BY-parts the item model holds.
/// Works on local wall times only; zones, UNTIL conversion and exceptions are the callers' business, so
/// this stays a pure calendar computation that can be checked against an independent implementation.
/// </summary>
internal static class RuleIterator
{
    /// <summary>
    /// A rule whose BY-parts can never match (BYMONTHDAY=31 with BYMONTH=2) would otherwise loop forever;
    /// this many empty periods in a row end the series.
    /// </summary>
    private const int MaxEmptyPeriods = 2000;

    /// <param name="rule">The rule.</param>
    /// <param name="start">DTSTART as a wall time; per RFC 5545 it is always the first occurrence and counts toward COUNT.</param>
    /// <param name="pastUntil">True when a wall time lies after the rule's UNTIL.</param>
    public static IEnumerable<DateTime> Generate(RecurrenceRule rule, DateTime start, Func<DateTime, bool>? pastUntil = null)
    {
        var interval = Math.Max(1, rule.Interval);
        var produced = 0;
        yield return start;
        produced++;
        if (rule.Count is { } c && produced >= c) yield break;

        var empty = 0;
        var buffer = new List<DateTime>(31);
        for (long period = 0; ; period++)
        {
            buffer.Clear();
            if (!FillPeriod(rule, start, period * interval, buffer)) yield break; // ran off the calendar
            ApplySetPos(rule, buffer);
            var any = false;
            foreach (var day in buffer)
            {
                var candidate = day + start.TimeOfDay;
                if (candidate <= start) continue;
                any = true;
                if (pastUntil is not null && pastUntil(candidate)) yield break;
                yield return candidate;
                produced++;
                if (rule.Count is { } count && produced >= count) yield break;
            }
            empty = any ? 0 : empty + 1;
            if (empty > MaxEmptyPeriods) yield break;
        }
    }

    /// <summary>Adds the candidate dates (midnight) of one period, sorted; false when the period is beyond year 9998.</summary>
    private static bool FillPeriod(RecurrenceRule rule, DateTime start, long offset, List<DateTime> days)
    {
        switch (rule.Frequency)
        {
            case Frequency.Daily:
            {
                if (offset > 3_600_000) return false;
                var day = start.Date.AddDays(offset);
                if (day.Year > 9998) return false;
                if (MatchesMonth(rule, day) && MatchesMonthDay(rule, day) && MatchesWeekday(rule, day)) days.Add(day);
                return true;
            }
            case Frequency.Weekly:
            {
                if (offset > 500_000) return false;
                var back = ((int)start.DayOfWeek - (int)rule.WeekStart + 7) % 7;
                var weekStart = start.Date.AddDays(-back).AddDays(offset * 7);
                if (weekStart.Year > 9998) return false;
                for (var i = 0; i < 7; i++)
                {
                    var day = weekStart.AddDays(i);
                    var dayMatches = rule.ByDay.IsEmpty ? day.DayOfWeek == start.DayOfWeek : MatchesWeekday(rule, day);
                    if (dayMatches && MatchesMonth(rule, day) && MatchesMonthDay(rule, day)) days.Add(day);
                }
                return true;
            }
            case Frequency.Monthly:
            {
                var monthIndex = start.Year * 12L + start.Month - 1 + offset;
                var year = (int)(monthIndex / 12);
                if (year > 9998) return false;
                var month = (int)(monthIndex % 12) + 1;
                if (!rule.ByMonth.IsEmpty && !rule.ByMonth.Contains(month)) return true;
                AddMonthDays(rule, start, year, month, days);
                return true;
            }
            case Frequency.Yearly:
            {
                var yearLong = start.Year + offset;
                if (yearLong > 9998) return false;
                AddYearDays(rule, start, (int)yearLong, days);
                return true;
            }
            default:
                return false;
        }
    }

    private static void AddMonthDays(RecurrenceRule rule, DateTime start, int year, int month, List<DateTime> days)
    {
        var dim = DateTime.DaysInMonth(year, month);
        if (rule.ByMonthDay.IsEmpty && rule.ByDay.IsEmpty)
        {
            // RFC 5545: a start day the month lacks (the 31st in April) produces no occurrence that month.
            if (start.Day <= dim) days.Add(new DateTime(year, month, start.Day));
            return;
        }
        for (var d = 1; d <= dim; d++)
        {
            var day = new DateTime(year, month, d);
            if (!rule.ByMonthDay.IsEmpty && !MatchesMonthDay(rule, day)) continue;
            if (!rule.ByDay.IsEmpty && !MatchesWeekdayInSpan(rule.ByDay, day, d, dim)) continue;
            days.Add(day);
        }
    }

    private static void AddYearDays(RecurrenceRule rule, DateTime start, int year, List<DateTime> days)
    {
        if (!rule.ByMonth.IsEmpty)
        {
            foreach (var month in rule.ByMonth.Where(m => m is >= 1 and <= 12).Distinct().Order())
            {
                if (rule.ByMonthDay.IsEmpty && rule.ByDay.IsEmpty)
                {
                    if (start.Day <= DateTime.DaysInMonth(year, month)) days.Add(new DateTime(year, month, start.Day));
                }
                else
                {
                    AddMonthDays(rule with { ByMonth = ValueList<int>.Empty }, start, year, month, days);
                }
            }
            return;
        }
        if (!rule.ByMonthDay.IsEmpty)
        {
            for (var month = 1; month <= 12; month++)
            {
                var dim = DateTime.DaysInMonth(year, month);
                for (var d = 1; d <= dim; d++)
                {
                    var day = new DateTime(year, month, d);
                    if (!MatchesMonthDay(rule, day)) continue;
                    if (!rule.ByDay.IsEmpty && !MatchesWeekday(rule, day)) continue;
                    days.Add(day);
                }
            }
            return;
        }
        if (!rule.ByDay.IsEmpty)
        {
            // Without BYMONTH an ordinal counts within the whole year (20MO = the 20th Monday of the year).
            var diy = DateTime.IsLeapYear(year) ? 366 : 365;
            var first = new DateTime(year, 1, 1);
            for (var i = 0; i < diy; i++)
            {
                var day = first.AddDays(i);
                if (MatchesWeekdayInSpan(rule.ByDay, day, i + 1, diy)) days.Add(day);
            }
            return;
        }
        if (start.Day <= DateTime.DaysInMonth(year, start.Month)) days.Add(new DateTime(year, start.Month, start.Day));
    }

    private static bool MatchesMonth(RecurrenceRule rule, DateTime day) => rule.ByMonth.IsEmpty || rule.ByMonth.Contains(day.Month);

    private static bool MatchesMonthDay(RecurrenceRule rule, DateTime day)
    {
        if (rule.ByMonthDay.IsEmpty) return true;
        var dim = DateTime.DaysInMonth(day.Year, day.Month);
        foreach (var md in rule.ByMonthDay)
        {
            if (md > 0 && md == day.Day) return true;
            if (md < 0 && dim + 1 + md == day.Day) return true;
        }
        return false;
    }

    /// <summary>Weekday match ignoring ordinals (DAILY/WEEKLY, and the BYMONTHDAY intersection).</summary>
    private static bool MatchesWeekday(RecurrenceRule rule, DateTime day)
    {
        if (rule.ByDay.IsEmpty) return true;
        foreach (var wd in rule.ByDay)
        {
            if (wd.Day == day.DayOfWeek) return true;
        }
        return false;
    }

    /// <summary>Weekday match with ordinals counted inside a span (a month or a year) of <paramref name="spanLength"/> days.</summary>
    private static bool MatchesWeekdayInSpan(ValueList<WeekdayNum> byDay, DateTime day, int indexInSpan, int spanLength)
    {
        foreach (var wd in byDay)
        {
            if (wd.Day != day.DayOfWeek) continue;
            if (wd.Ordinal == 0) return true;
            if (wd.Ordinal > 0 && (indexInSpan - 1) / 7 + 1 == wd.Ordinal) return true;
            if (wd.Ordinal < 0 && (spanLength - indexInSpan) / 7 + 1 == -wd.Ordinal) return true;
        }
        return false;
    }

    private static void ApplySetPos(RecurrenceRule rule, List<DateTime> days)
    {
        if (rule.BySetPos.IsEmpty || days.Count == 0) return;
        var picked = new SortedSet<DateTime>();
        foreach (var pos in rule.BySetPos)
        {
            var index = pos > 0 ? pos - 1 : days.Count + pos;
            if (pos != 0 && index >= 0 && index < days.Count) picked.Add(days[index]);
        }
        days.Clear();
        days.AddRange(picked);
    }
}
