using Tandem.Core.Items;

namespace Tandem.Core.TimeZones;

/// <summary>
/// Describes a system zone as a VTIMEZONE definition for writers (iCalendar, EWS TimeZoneDefinition):
/// the transitions of the year before <c>fromYear</c>, each as a yearly "Nth/last weekday of month" rule,
/// so that times from <c>fromYear</c> on read back with the right offsets.
/// </summary>
public static class VTimeZoneBuilder
{
    public static VTimeZoneDefinition Build(TimeZoneInfo zone, string tzid, int fromYear)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var year = Math.Clamp(fromYear - 1, 1971, 9000);
        var transitions = FindTransitions(zone, year);
        if (transitions.Count == 0)
        {
            var offset = zone.GetUtcOffset(new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc));
            return new VTimeZoneDefinition(tzid, [new TimeZoneObservance(false, new DateTime(1970, 1, 1), offset, offset, Name: Abbreviation(zone, false))]);
        }

        var observances = new List<TimeZoneObservance>();
        foreach (var t in transitions)
        {
            var wallBefore = t.Utc + t.OffsetBefore;
            var rule = YearlyRule(zone, t, wallBefore);
            observances.Add(new TimeZoneObservance(t.IsDaylight, wallBefore, t.OffsetBefore, t.OffsetAfter, rule, Abbreviation(zone, t.IsDaylight)));
        }
        var regular = new VTimeZoneDefinition(tzid, observances.OrderBy(o => o.IsDaylight).ToValueList());
        return Reproduces(regular, zone, year, year + RegularYearsChecked) ? regular : Explicit(zone, tzid, year);
    }

    /// <summary>Years checked before trusting "Nth weekday" rules; Morocco, Israel and Palestine fail this.</summary>
    private const int RegularYearsChecked = 4;

    /// <summary>Years listed one by one for zones whose changes follow no weekday rule.</summary>
    private const int ExplicitYears = 30;

    private static bool Reproduces(VTimeZoneDefinition definition, TimeZoneInfo zone, int fromYear, int toYear)
    {
        var transitions = DefinitionTransitions.Compute(definition, toYear);
        for (var t = new DateTime(fromYear, 1, 1, 0, 30, 0); t.Year <= toYear; t = t.AddHours(3))
        {
            if (zone.GetUtcOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) != DefinitionTransitions.OffsetAt(transitions, t)) return false;
        }
        return true;
    }

    /// <summary>Every transition from <paramref name="year"/> on, as RDATEs grouped by the offsets they switch between.</summary>
    private static VTimeZoneDefinition Explicit(TimeZoneInfo zone, string tzid, int year)
    {
        var all = Enumerable.Range(year, ExplicitYears).SelectMany(y => FindTransitions(zone, y)).ToList();
        var observances = all
            .GroupBy(t => (t.IsDaylight, t.OffsetBefore, t.OffsetAfter))
            .Select(g =>
            {
                var walls = g.Select(t => t.Utc + t.OffsetBefore).ToList();
                return new TimeZoneObservance(g.Key.IsDaylight, walls[0], g.Key.OffsetBefore, g.Key.OffsetAfter, null, Abbreviation(zone, g.Key.IsDaylight))
                {
                    RecurrenceDates = walls.Skip(1).ToValueList(),
                };
            })
            .OrderBy(o => o.Start)
            .ToValueList();
        return new VTimeZoneDefinition(tzid, observances);
    }

    /// <summary>Offset changes during <paramref name="year"/>, to the minute.</summary>
    internal static List<ZoneTransition> FindTransitions(TimeZoneInfo zone, int year)
    {
        var result = new List<ZoneTransition>();
        var t = new DateTime(year, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = t.AddYears(1);
        var offset = zone.GetUtcOffset(t);
        while (t < end)
        {
            var next = t.AddHours(12);
            var nextOffset = zone.GetUtcOffset(next);
            if (nextOffset != offset)
            {
                // Bisect to the minute at which the offset changes.
                DateTime lo = t, hi = next;
                while (hi - lo > TimeSpan.FromMinutes(1))
                {
                    var mid = lo + (hi - lo) / 2;
                    mid = new DateTime(mid.Ticks - mid.Ticks % TimeSpan.TicksPerMinute, DateTimeKind.Utc);
                    if (zone.GetUtcOffset(mid) == offset) lo = mid;
                    else hi = mid;
                }
                result.Add(new ZoneTransition(DateTime.SpecifyKind(hi, DateTimeKind.Unspecified), offset, nextOffset, zone.IsDaylightSavingTime(hi)));
                offset = nextOffset;
            }
            t = next;
        }
        return result;
    }

    private static RecurrenceRule YearlyRule(TimeZoneInfo zone, ZoneTransition t, DateTime wall)
    {
        var dim = DateTime.DaysInMonth(wall.Year, wall.Month);
        var ordinal = wall.Day + 7 > dim ? -1 : (wall.Day - 1) / 7 + 1;
        var rule = new RecurrenceRule
        {
            Frequency = Frequency.Yearly,
            ByMonth = [wall.Month],
            ByDay = [new WeekdayNum(wall.DayOfWeek, ordinal)],
        };
        // A zone that stops observing DST after this year must not be described as doing so for ever.
        var nextYear = FindTransitions(zone, wall.Year + 1);
        var repeats = nextYear.Any(n => n.IsDaylight == t.IsDaylight && n.OffsetAfter == t.OffsetAfter);
        return repeats ? rule : rule with { Count = 1 };
    }

    private static string? Abbreviation(TimeZoneInfo zone, bool daylight)
    {
        var name = daylight ? zone.DaylightName : zone.StandardName;
        return string.IsNullOrWhiteSpace(name) ? null : name;
    }
}
