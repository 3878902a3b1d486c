using Tandem.Core.Items;
using Tandem.Core.TimeZones;

namespace Tandem.Core.Recurrence;

/// <summary>
/// Expands events into occurrences. Occurrences are computed on the wall clock of the start's zone, so a
/// 09:00 meeting stays at 09:00 across DST changes, as Outlook and RFC 5545 both require.
/// </summary>
public static class RecurrenceExpander
{
    /// <summary>
    /// The original starts produced by <paramref name="rule"/> from <paramref name="start"/>, in order, in the
    /// start's zone; infinite when the rule has neither COUNT nor UNTIL, so callers bound it.
    /// </summary>
    public static IEnumerable<ItemTime> Starts(RecurrenceRule rule, ItemTime start)
    {
        ArgumentNullException.ThrowIfNull(rule);
        ArgumentNullException.ThrowIfNull(start);
        var pastUntil = UntilTest(rule, start);
        return RuleIterator.Generate(rule, start.Value, pastUntil).Select(v => new ItemTime(v, start.TimeZone));
    }

    /// <summary>
    /// Occurrences of <paramref name="item"/> that overlap [<paramref name="from"/>, <paramref name="to"/>), ordered
    /// by start. A non-recurring event yields itself when it overlaps. Floating times are read in
    /// <paramref name="floatingZone"/> (UTC when null).
    /// </summary>
    public static IReadOnlyList<Occurrence> Expand(Event item, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo? floatingZone = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        var duration = item.End is null ? TimeSpan.Zero : item.End.ToInstant(floatingZone) - item.Start.ToInstant(floatingZone);
        if (duration < TimeSpan.Zero) duration = TimeSpan.Zero;

        var exceptions = item.Exceptions.OrderBy(x => x.RecurrenceId.ToInstant(floatingZone)).ToList();
        var horizon = to;
        foreach (var x in exceptions)
        {
            var rid = x.RecurrenceId.ToInstant(floatingZone);
            if (rid >= horizon) horizon = rid.AddTicks(1);
        }

        var originals = OriginalStarts(item, horizon, floatingZone);
        var deleted = item.DeletedOccurrences;
        var result = new List<Occurrence>();
        var used = new HashSet<EventException>();
        foreach (var rid in originals)
        {
            if (IsDeleted(rid, deleted, item.Start, floatingZone)) continue;
            var ridInstant = rid.ToInstant(floatingZone);
            var exact = exceptions.FirstOrDefault(x => x.RecurrenceId.ToInstant(floatingZone) == ridInstant);
            Occurrence occurrence;
            if (exact is not null)
            {
                used.Add(exact);
                occurrence = FromException(rid, exact.Occurrence);
            }
            else if (exceptions.LastOrDefault(x => x.ThisAndFuture && x.RecurrenceId.ToInstant(floatingZone) < ridInstant) is { } future)
            {
                occurrence = FromFutureException(rid, future, floatingZone);
            }
            else
            {
                occurrence = new Occurrence(rid, rid, EndFor(rid, item.End, duration, floatingZone), item, false);
            }
            if (Overlaps(occurrence, from, to, floatingZone)) result.Add(occurrence);
        }

        // An override whose original start the rule does not produce still exists on the server; dropping it
        // would lose it, so it is shown where it is.
        foreach (var x in exceptions)
        {
            if (used.Contains(x)) continue;
            if (item.Recurrence is null && item.RecurrenceDates.IsEmpty) continue;
            var orphan = FromException(x.RecurrenceId, x.Occurrence);
            if (!IsDeleted(x.RecurrenceId, deleted, item.Start, floatingZone) && !originals.Contains(x.RecurrenceId) && Overlaps(orphan, from, to, floatingZone))
                result.Add(orphan);
        }

        return result.OrderBy(o => o.Start.ToInstant(floatingZone)).ThenBy(o => o.RecurrenceId.ToInstant(floatingZone)).ToList();
    }

    /// <summary>The rule's and RDATE's original starts up to <paramref name="horizon"/>, deduplicated, in order.</summary>
    private static List<ItemTime> OriginalStarts(Event item, DateTimeOffset horizon, TimeZoneInfo? floatingZone)
    {
        var starts = new List<ItemTime>();
        if (item.Recurrence is null)
        {
            starts.Add(item.Start);
        }
        else
        {
            foreach (var s in Starts(item.Recurrence, item.Start))
            {
                if (s.ToInstant(floatingZone) >= horizon) break;
                starts.Add(s);
            }
        }
        if (item.RecurrenceDates.IsEmpty) return starts;

        var seen = starts.Select(s => s.ToInstant(floatingZone)).ToHashSet();
        foreach (var rdate in item.RecurrenceDates)
        {
            if (seen.Add(rdate.ToInstant(floatingZone))) starts.Add(rdate);
        }
        return starts.OrderBy(s => s.ToInstant(floatingZone)).ToList();
    }

    private static bool IsDeleted(ItemTime rid, ValueList<ItemTime> deleted, ItemTime start, TimeZoneInfo? floatingZone)
    {
        if (deleted.IsEmpty) return false;
        var instant = rid.ToInstant(floatingZone);
        foreach (var d in deleted)
        {
            if (d.ToInstant(floatingZone) == instant) return true;
            // An EXDATE written as a DATE for a timed series (seen in the wild) removes that day's occurrence.
            if (d.IsFloating && d.Value.TimeOfDay == TimeSpan.Zero && !start.IsFloating && d.Value.Date == rid.Value.Date) return true;
        }
        return false;
    }

    private static Occurrence FromException(ItemTime rid, Event modified) =>
        new(rid, modified.Start, modified.End, modified, true);

    private static Occurrence FromFutureException(ItemTime rid, EventException future, TimeZoneInfo? floatingZone)
    {
        // RANGE=THISANDFUTURE: later instances move by the same amount and take the modified fields.
        var shift = future.Occurrence.Start.ToInstant(floatingZone) - future.RecurrenceId.ToInstant(floatingZone);
        var length = future.Occurrence.End is null ? TimeSpan.Zero : future.Occurrence.End.ToInstant(floatingZone) - future.Occurrence.Start.ToInstant(floatingZone);
        var start = new ItemTime(rid.Value + shift, rid.TimeZone);
        var end = future.Occurrence.End is null ? null : EndFor(start, future.Occurrence.End, length, floatingZone);
        return new Occurrence(rid, start, end, future.Occurrence with { Start = start, End = end }, true);
    }

    private static ItemTime? EndFor(ItemTime start, ItemTime? masterEnd, TimeSpan duration, TimeZoneInfo? floatingZone)
    {
        if (masterEnd is null) return null;
        if (start.TimeZone == masterEnd.TimeZone && (start.IsFloating || start.IsUtc))
            return new ItemTime(start.Value + duration, start.TimeZone);
        var endInstant = start.ToInstant(floatingZone) + duration;
        return FromInstant(endInstant, masterEnd.TimeZone, floatingZone);
    }

    private static ItemTime FromInstant(DateTimeOffset instant, string? zoneId, TimeZoneInfo? floatingZone)
    {
        var zone = zoneId switch
        {
            null => floatingZone ?? TimeZoneInfo.Utc,
            ItemTime.Utc => TimeZoneInfo.Utc,
            _ => TimeZoneResolver.FindZone(zoneId) ?? TimeZoneInfo.Utc,
        };
        return new ItemTime(WallClock.FromInstant(instant, zone), zoneId);
    }

    private static bool Overlaps(Occurrence o, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo? floatingZone)
    {
        var start = o.Start.ToInstant(floatingZone);
        var end = o.End is null ? start : o.End.ToInstant(floatingZone);
        if (start >= to) return false;
        return end > from || (end == start && start >= from);
    }

    private static Func<DateTime, bool>? UntilTest(RecurrenceRule rule, ItemTime start)
    {
        if (rule.Until is not { } until) return null;
        // A zoned start with a UTC UNTIL (the RFC's required form) compares instants; otherwise wall clocks.
        if (until.IsUtc && !start.IsUtc && !start.IsFloating)
        {
            var limit = until.ToInstant();
            var zone = TimeZoneResolver.FindZone(start.TimeZone!) ?? TimeZoneInfo.Utc;
            return wall => WallClock.ToInstant(wall, zone) > limit;
        }
        if (!until.IsUtc && !until.IsFloating && until.TimeZone != start.TimeZone)
        {
            var limit = until.ToInstant();
            return wall => new ItemTime(wall, start.TimeZone).ToInstant() > limit;
        }
        var wallLimit = until.Value;
        return wall => wall > wallLimit;
    }
}
