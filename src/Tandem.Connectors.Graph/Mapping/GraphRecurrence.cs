using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Tandem.Core.Items;

namespace Tandem.Connectors.Graph.Mapping;

/// <summary>
/// RecurrenceRule ↔ Graph's patternedRecurrence, which has exactly Outlook's patterns (as EWS's t:Recurrence does): a
/// rule is written in the one form it maps to and read back in that form, so what Tandem wrote reads back equal.
/// </summary>
internal static class GraphRecurrence
{
    private static readonly WeekIndex[] Indexes = [WeekIndex.First, WeekIndex.Second, WeekIndex.Third, WeekIndex.Fourth];

    /// <param name="start">The series start as a local date: the range's start and the default day and month.</param>
    /// <param name="zone">The Windows zone the series recurs in.</param>
    public static PatternedRecurrence ToGraph(RecurrenceRule rule, DateOnly start, string zone)
    {
        var ordinalDay = rule.ByDay.FirstOrDefault(d => d.Ordinal != 0);
        var setPos = rule.BySetPos.Count > 0 ? rule.BySetPos[0] : 0;
        var relative = ordinalDay ?? (setPos != 0 && rule.ByDay.Count > 0 ? new WeekdayNum(rule.ByDay[0].Day, setPos) : null);
        var pattern = new RecurrencePattern { Interval = rule.Interval, FirstDayOfWeek = Day(rule.WeekStart) };
        switch (rule.Frequency)
        {
            case Frequency.Daily when rule.ByDay.Count == 0:
                pattern.Type = RecurrencePatternType.Daily;
                break;
            case Frequency.Daily:
            case Frequency.Weekly:
                pattern.Type = RecurrencePatternType.Weekly;
                pattern.DaysOfWeek = (rule.ByDay.Count > 0 ? rule.ByDay.Select(d => d.Day).Distinct() : [start.DayOfWeek]).Select(d => (DayOfWeekObject?)Day(d)).ToList();
                break;
            case Frequency.Monthly when relative is not null:
                pattern.Type = RecurrencePatternType.RelativeMonthly;
                pattern.DaysOfWeek = [Day(relative.Day)];
                pattern.Index = Index(relative.Ordinal);
                break;
            case Frequency.Monthly:
                pattern.Type = RecurrencePatternType.AbsoluteMonthly;
                pattern.DayOfMonth = rule.ByMonthDay.Count > 0 ? rule.ByMonthDay[0] : start.Day;
                break;
            case Frequency.Yearly when relative is not null:
                pattern.Type = RecurrencePatternType.RelativeYearly;
                pattern.DaysOfWeek = [Day(relative.Day)];
                pattern.Index = Index(relative.Ordinal);
                pattern.Month = rule.ByMonth.Count > 0 ? rule.ByMonth[0] : start.Month;
                break;
            default:
                pattern.Type = RecurrencePatternType.AbsoluteYearly;
                pattern.DayOfMonth = rule.ByMonthDay.Count > 0 ? rule.ByMonthDay[0] : start.Day;
                pattern.Month = rule.ByMonth.Count > 0 ? rule.ByMonth[0] : start.Month;
                break;
        }

        var range = new RecurrenceRange { StartDate = new Date(start.ToDateTime(TimeOnly.MinValue)), RecurrenceTimeZone = zone };
        if (rule.Count is { } count)
        {
            range.Type = RecurrenceRangeType.Numbered;
            range.NumberOfOccurrences = count;
        }
        else if (rule.Until is { } until)
        {
            range.Type = RecurrenceRangeType.EndDate;
            range.EndDate = new Date(until.Value.Date);
        }
        else
        {
            range.Type = RecurrenceRangeType.NoEnd;
        }

        return new PatternedRecurrence { Pattern = pattern, Range = range };
    }

    /// <param name="untilTime">Builds the model's Until from the range's end date (the caller knows the zone).</param>
    public static RecurrenceRule? FromGraph(PatternedRecurrence? recurrence, Func<DateOnly, ItemTime> untilTime)
    {
        if (recurrence?.Pattern is not { Type: { } type } p) return null;
        var interval = p.Interval is > 0 ? p.Interval.Value : 1;
        var days = (p.DaysOfWeek ?? []).OfType<DayOfWeekObject>().Select(Day).ToList();
        var relative = new WeekdayNum(days.FirstOrDefault(), Ordinal(p.Index));
        RecurrenceRule? rule = type switch
        {
            RecurrencePatternType.Daily => new RecurrenceRule { Frequency = Frequency.Daily, Interval = interval },
            RecurrencePatternType.Weekly => new RecurrenceRule
            {
                Frequency = Frequency.Weekly,
                Interval = interval,
                ByDay = days.Select(d => new WeekdayNum(d)).ToValueList(),
                WeekStart = p.FirstDayOfWeek is { } first ? Day(first) : DayOfWeek.Monday,
            },
            RecurrencePatternType.RelativeMonthly => new RecurrenceRule { Frequency = Frequency.Monthly, Interval = interval, ByDay = ValueList<WeekdayNum>.Of(relative) },
            RecurrencePatternType.AbsoluteMonthly => new RecurrenceRule { Frequency = Frequency.Monthly, Interval = interval, ByMonthDay = ValueList<int>.Of(p.DayOfMonth ?? 1) },
            RecurrencePatternType.RelativeYearly => new RecurrenceRule { Frequency = Frequency.Yearly, ByDay = ValueList<WeekdayNum>.Of(relative), ByMonth = ValueList<int>.Of(p.Month ?? 1) },
            RecurrencePatternType.AbsoluteYearly => new RecurrenceRule { Frequency = Frequency.Yearly, ByMonthDay = ValueList<int>.Of(p.DayOfMonth ?? 1), ByMonth = ValueList<int>.Of(p.Month ?? 1) },
            _ => null,
        };
        if (rule is null) return null;
        var range = recurrence.Range;
        return range?.Type switch
        {
            RecurrenceRangeType.Numbered => rule with { Count = range.NumberOfOccurrences },
            RecurrenceRangeType.EndDate when range.EndDate is { } end => rule with { Until = untilTime(new DateOnly(end.Year, end.Month, end.Day)) },
            _ => rule,
        };
    }

    private static DayOfWeekObject Day(DayOfWeek day) => Enum.Parse<DayOfWeekObject>(day.ToString());

    private static DayOfWeek Day(DayOfWeekObject day) => Enum.Parse<DayOfWeek>(day.ToString());

    private static WeekIndex Index(int ordinal) => ordinal is >= 1 and <= 4 ? Indexes[ordinal - 1] : WeekIndex.Last;

    private static int Ordinal(WeekIndex? index) => index switch
    {
        WeekIndex.Last => -1,
        { } i => Array.IndexOf(Indexes, i) + 1 is > 0 and var n ? n : 1,
        _ => 1,
    };
}
