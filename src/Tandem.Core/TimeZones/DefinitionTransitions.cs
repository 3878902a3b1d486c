using Tandem.Core.Items;
using Tandem.Core.Recurrence;

namespace Tandem.Core.TimeZones;

/// <summary>A moment at which a zone's offset (or its daylight flag) changes.</summary>
internal readonly record struct ZoneTransition(DateTime Utc, TimeSpan OffsetBefore, TimeSpan OffsetAfter, bool IsDaylight);

/// <summary>Evaluates a VTIMEZONE definition: which offset applies at a UTC instant.</summary>
internal static class DefinitionTransitions
{
    private const int MaxOnsets = 5000;

    /// <summary>
    /// All onsets of all observances up to the end of <paramref name="untilYear"/>, in order. The first entry's
    /// OffsetBefore is what applies before any onset (the earliest observance's TZOFFSETFROM).
    /// </summary>
    public static IReadOnlyList<ZoneTransition> Compute(VTimeZoneDefinition definition, int untilYear)
    {
        var limit = new DateTime(Math.Min(untilYear + 1, 9999), 1, 1);
        var onsets = new List<ZoneTransition>();
        foreach (var o in definition.Observances)
        {
            foreach (var wall in Onsets(o, limit))
            {
                var utc = wall - o.OffsetFrom;
                if (utc >= limit) break;
                onsets.Add(new ZoneTransition(utc, o.OffsetFrom, o.OffsetTo, o.IsDaylight));
            }
        }
        onsets.Sort((a, b) => a.Utc.CompareTo(b.Utc));
        return onsets;
    }

    /// <summary>The offset in force at <paramref name="utc"/> given <paramref name="transitions"/> from <see cref="Compute"/>.</summary>
    public static TimeSpan OffsetAt(IReadOnlyList<ZoneTransition> transitions, DateTime utc)
    {
        if (transitions.Count == 0) return TimeSpan.Zero;
        int lo = 0, hi = transitions.Count - 1, found = -1;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            if (transitions[mid].Utc <= utc)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found < 0 ? transitions[0].OffsetBefore : transitions[found].OffsetAfter;
    }

    private static IEnumerable<DateTime> Onsets(TimeZoneObservance o, DateTime limit)
    {
        var dates = new SortedSet<DateTime> { o.Start };
        foreach (var r in o.RecurrenceDates) dates.Add(r);
        if (o.Rule is { } rule)
        {
            Func<DateTime, bool>? pastUntil = null;
            if (rule.Until is { } until)
            {
                // Observance UNTIL is UTC by RFC 5545; compare it with the onset as UTC.
                var untilUtc = until.IsUtc ? until.Value : until.Value - o.OffsetFrom;
                pastUntil = wall => wall - o.OffsetFrom > untilUtc;
            }
            var produced = 0;
            foreach (var wall in RuleIterator.Generate(rule, o.Start, pastUntil))
            {
                // Real observances recur yearly; a damaged definition (FREQ=DAILY since year 1) must not stall reading.
                if (wall - o.OffsetFrom >= limit || ++produced > MaxOnsets) break;
                dates.Add(wall);
            }
        }
        return dates;
    }
}
