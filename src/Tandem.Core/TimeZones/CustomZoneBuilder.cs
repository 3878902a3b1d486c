using Tandem.Core.Items;

namespace Tandem.Core.TimeZones;

/// <summary>
/// Builds a TimeZoneInfo from a definition that matches no system zone, from the yearly rules in force
/// in <c>year</c>. Rules .NET cannot express (not "Nth weekday" or "fixed date") fall back to the
/// definition's standard offset, without DST.
/// </summary>
internal static class CustomZoneBuilder
{
    public static TimeZoneInfo Build(VTimeZoneDefinition definition, int year)
    {
        var transitions = DefinitionTransitions.Compute(definition, year);
        var standardOffset = DefinitionTransitions.OffsetAt(transitions, new DateTime(year, 1, 15));
        var id = string.IsNullOrWhiteSpace(definition.Tzid) ? "Custom" : definition.Tzid;

        var standard = Current(definition, year, daylight: false);
        var daylight = Current(definition, year, daylight: true);
        if (standard?.Rule is { } sr && daylight?.Rule is { } dr
            && ToTransition(daylight.Start, dr) is { } toDaylight
            && ToTransition(standard.Start, sr) is { } toStandard)
        {
            var delta = daylight.OffsetTo - standard.OffsetTo;
            var adjustment = TimeZoneInfo.AdjustmentRule.CreateAdjustmentRule(
                DateTime.MinValue.Date, DateTime.MaxValue.Date, delta, toDaylight, toStandard);
            return TimeZoneInfo.CreateCustomTimeZone(id, standard.OffsetTo, id, id, id, [adjustment]);
        }
        return TimeZoneInfo.CreateCustomTimeZone(id, standard?.OffsetTo ?? standardOffset, id, id);
    }

    /// <summary>The observance of the given kind that started last on or before <paramref name="year"/>.</summary>
    private static TimeZoneObservance? Current(VTimeZoneDefinition definition, int year, bool daylight) =>
        definition.Observances
            .Where(o => o.IsDaylight == daylight && o.Start.Year <= year)
            .Where(o => o.Rule?.Until is not { } u || u.Value.Year >= year)
            .OrderBy(o => o.Start)
            .LastOrDefault();

    private static TimeZoneInfo.TransitionTime? ToTransition(DateTime start, RecurrenceRule rule)
    {
        if (rule.Frequency != Frequency.Yearly || rule.ByMonth.Count != 1) return null;
        var month = rule.ByMonth[0];
        var timeOfDay = new DateTime(1, 1, 1, start.Hour, start.Minute, start.Second);
        if (rule.ByDay.Count == 1 && rule.ByMonthDay.IsEmpty)
        {
            var wd = rule.ByDay[0];
            var week = wd.Ordinal switch
            {
                >= 1 and <= 4 => wd.Ordinal,
                -1 => 5,
                _ => 0,
            };
            return week == 0 ? null : TimeZoneInfo.TransitionTime.CreateFloatingDateRule(timeOfDay, month, week, wd.Day);
        }
        if (rule.ByDay.Count == 1 && rule.ByDay[0].Ordinal == 0 && rule.ByMonthDay.Count == 7)
        {
            // Old Apple/Mozilla form of "2nd Sunday": BYMONTHDAY=8,9,10,11,12,13,14;BYDAY=SU.
            var first = rule.ByMonthDay.Min();
            var week = first switch { 1 => 1, 8 => 2, 15 => 3, 22 => 4, 25 => 5, _ => 0 };
            return week == 0 ? null : TimeZoneInfo.TransitionTime.CreateFloatingDateRule(timeOfDay, month, week, rule.ByDay[0].Day);
        }
        if (rule.ByDay.IsEmpty && rule.ByMonthDay.Count == 1 && rule.ByMonthDay[0] > 0)
            return TimeZoneInfo.TransitionTime.CreateFixedDateRule(timeOfDay, month, rule.ByMonthDay[0]);
        if (rule.ByDay.IsEmpty && rule.ByMonthDay.IsEmpty)
            return TimeZoneInfo.TransitionTime.CreateFixedDateRule(timeOfDay, month, start.Day);
        return null;
    }
}
