namespace Tandem.Core.TimeZones;

/// <summary>
/// A zone as year rules (<see cref="ZoneYearRule"/>) and back. Going to rules, each year's changes are said as "Nth
/// or last weekday of the month" where they are that (dated changes that follow no weekday stay dated), and years that
/// say the same are merged, so a zone with one yearly rule is one rule however many years it spans.
/// </summary>
public static class ZoneYearRules
{
    /// <summary>
    /// The rules of <paramref name="zone"/> for the years <paramref name="fromYear"/> to <paramref name="toYear"/>; the first
    /// also holds before. The zone's adjustment rules must cover whole years, as those <see cref="CustomZoneBuilder"/> and
    /// <see cref="ToZone"/> make do (a system zone read from tzdata has rules that start and end at its transitions).
    /// </summary>
    public static IReadOnlyList<ZoneYearRule> Of(TimeZoneInfo zone, int fromYear, int toYear)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var adjustments = zone.GetAdjustmentRules();
        var rules = new List<ZoneYearRule>();
        for (var year = fromYear; year <= toYear; year++)
        {
            var rule = ForYear(zone, adjustments, year, rules.Count == 0 ? null : rules[^1]);
            if (rules.Count == 0 || !SameOffsets(rules[^1], rule)) rules.Add(rule);
        }
        return rules;
    }

    /// <summary>A zone that follows <paramref name="rules"/> (the first from the beginning of time, the last for ever).</summary>
    public static TimeZoneInfo ToZone(string id, IReadOnlyList<ZoneYearRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        if (rules.Count == 0) throw new InvalidTimeZoneException($"time zone '{id}' has no rules");
        var baseOffset = rules[^1].Standard;
        var adjustments = new List<TimeZoneInfo.AdjustmentRule>(rules.Count);
        for (var i = 0; i < rules.Count; i++)
        {
            var r = rules[i];
            var from = i == 0 ? DateTime.MinValue.Date : new DateTime(r.FromYear, 1, 1);
            var to = i == rules.Count - 1 ? DateTime.MaxValue.Date : new DateTime(rules[i + 1].FromYear - 1, 12, 31);
            adjustments.Add(r.HasDaylight
                ? TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(from, to, r.DaylightDelta, r.DaylightStart, r.DaylightEnd, r.Standard - baseOffset)
                : CustomZoneBuilder.Plain(from, to, r.Standard - baseOffset));
        }
        try
        {
            return TimeZoneInfo.CreateCustomTimeZone(id, baseOffset, id, id, id, [.. adjustments]);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidTimeZoneException($"time zone '{id}': its rules cannot be represented ({ex.Message})", ex);
        }
    }

    /// <summary>The date a transition falls on in <paramref name="year"/>.</summary>
    public static DateTime DateIn(TimeZoneInfo.TransitionTime t, int year)
    {
        var days = DateTime.DaysInMonth(year, t.Month);
        if (t.IsFixedDateRule) return new DateTime(year, t.Month, Math.Min(t.Day, days));
        var first = new DateTime(year, t.Month, 1);
        var day = 1 + ((int)t.DayOfWeek - (int)first.DayOfWeek + 7) % 7 + (t.Week - 1) * 7;
        while (day > days) day -= 7;
        return new DateTime(year, t.Month, day);
    }

    private static ZoneYearRule ForYear(TimeZoneInfo zone, TimeZoneInfo.AdjustmentRule[] adjustments, int year, ZoneYearRule? previous)
    {
        var middle = new DateTime(year, 7, 1);
        var rule = adjustments.FirstOrDefault(a => a.DateStart <= middle && a.DateEnd >= middle);
        var standard = zone.BaseUtcOffset + (rule?.BaseUtcOffsetDelta ?? TimeSpan.Zero);
        if (rule is null || rule.DaylightDelta == TimeSpan.Zero)
            return new ZoneYearRule(year, standard, TimeSpan.Zero, default, default);
        var start = AsWeekdayRule(rule.DaylightTransitionStart, year, previous?.DaylightStart);
        var end = AsWeekdayRule(rule.DaylightTransitionEnd, year, previous?.DaylightEnd);
        return new ZoneYearRule(year, standard, rule.DaylightDelta, start, end);
    }

    /// <summary>
    /// The transition as a weekday rule when its date in <paramref name="year"/> is one (last year's rule first, so a
    /// "last Sunday" that is also the fourth stays "last"); a change on the first or last day of the year (an offset
    /// that changes for good) stays dated.
    /// </summary>
    private static TimeZoneInfo.TransitionTime AsWeekdayRule(TimeZoneInfo.TransitionTime t, int year, TimeZoneInfo.TransitionTime? previous)
    {
        var date = DateIn(t, year);
        if (previous is { } p && p.TimeOfDay == t.TimeOfDay && DateIn(p, year) == date) return p;
        if (!t.IsFixedDateRule || (date.Month == 1 && date.Day == 1) || (date.Month == 12 && date.Day == 31)) return t;
        var week = date.Day + 7 > DateTime.DaysInMonth(year, date.Month) ? 5 : (date.Day - 1) / 7 + 1;
        return TimeZoneInfo.TransitionTime.CreateFloatingDateRule(t.TimeOfDay, date.Month, week, date.DayOfWeek);
    }

    private static bool SameOffsets(ZoneYearRule a, ZoneYearRule b) => a with { FromYear = 0 } == b with { FromYear = 0 };
}
