using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>
/// Components of one or more VCALENDARs → items, one result per item. VEVENTs sharing a UID are one
/// item: the master plus its RECURRENCE-ID overrides, folded into <see cref="Event.Exceptions"/>.
/// A failure in any part of such a group fails the group, so that a series is never synced without one
/// of its modified occurrences.
/// </summary>
internal static class CalendarReader
{
    /// <param name="units">The calendar's top-level components in file order: its items (VEVENT/VTODO/VJOURNAL), each
    /// opened when it is read, and its VTIMEZONEs, wherever they appeared; others are ignored.</param>
    /// <param name="fileName">For error messages.</param>
    public static List<ParseResult<CanonicalItem>> Read(List<CalendarUnit> units, string? fileName)
    {
        var timezones = units.Where(u => u.Name == "VTIMEZONE").Select(u => u.Open());
        var context = new ReadContext(fileName, new ZoneTable(timezones, fileName));
        var results = new List<ParseResult<CanonicalItem>>(units.Count);

        var overridesByUid = new Dictionary<string, List<CalendarUnit>>(StringComparer.Ordinal);
        var masterUids = new HashSet<string>(units.Count, StringComparer.Ordinal);
        foreach (var c in units)
        {
            if (c.Name != "VEVENT") continue;
            var uid = c.Uid;
            if (uid is null) continue;
            if (!c.IsOverride) masterUids.Add(uid);
            else if (!overridesByUid.TryGetValue(uid, out var list)) overridesByUid[uid] = [c];
            else list.Add(c);
        }

        var folded = new HashSet<string>(masterUids.Count, StringComparer.Ordinal);
        foreach (var c in units)
        {
            try
            {
                switch (c.Name)
                {
                    case "VEVENT":
                        var uid = c.Uid;
                        var isOverride = c.IsOverride;
                        if (isOverride && uid is not null && masterUids.Contains(uid)) continue; // folded into its master
                        if (!isOverride && uid is not null && !folded.Add(uid))
                        {
                            // A second master with the same UID is a separate item; its overrides went to the first.
                            results.Add(Ok(EventReader.Read(c.Open(), context), fileName));
                            continue;
                        }
                        results.Add(Ok(isOverride ? ReadOrphan(c.Open(), context) : ReadSeries(c.Open(), uid is null ? null : overridesByUid.GetValueOrDefault(uid), context), fileName));
                        break;
                    case "VTODO":
                        results.Add(Ok(TodoReader.Read(c.Open(), context), fileName));
                        break;
                    case "VJOURNAL":
                        results.Add(Ok(JournalReader.Read(c.Open()), fileName));
                        break;
                }
            }
            catch (FormatParseException ex)
            {
                results.Add(new ParseResult<CanonicalItem>(null, ex));
            }
            catch (Exception ex) when (ex is ArgumentException or OverflowException or FormatException)
            {
                // Values that parse but cannot exist together (a DURATION running past year 9999…).
                results.Add(new ParseResult<CanonicalItem>(null, new FormatParseException(fileName, c.Line, $"{c.Name}: {ex.Message}", ex)));
            }
        }
        return results;
    }

    private static ParseResult<CanonicalItem> Ok(CanonicalItem item, string? fileName) => new(item, null, ReadNotes.Of(item, fileName));

    private static Event ReadSeries(CalendarComponent master, List<CalendarUnit>? overrides, ReadContext context)
    {
        // Read before any override is opened: opening one reuses the master's line objects.
        var item = EventReader.Read(master, context);
        if (overrides is null) return item;
        var exceptions = new List<EventException>();
        foreach (var unit in overrides)
        {
            var o = unit.Open();
            var ridLine = o.First("RECURRENCE-ID")!;
            var (rid, ridIsDate) = context.Zones.Read(ridLine);
            // A DATE RECURRENCE-ID on a timed series names that day's occurrence (Google writes these): the
            // occurrence's original start is that date at the series' time of day, in the series' zone.
            if (ridIsDate && !item.IsAllDay) rid = new ItemTime(rid.Value.Date + item.Start.Value.TimeOfDay, item.Start.TimeZone);
            var occurrence = SharingSeriesValues(EventReader.Read(o, context), item);
            exceptions.Add(new EventException(rid, occurrence, ridLine.HasParamValue("RANGE", "THISANDFUTURE")));
        }
        return item with { Exceptions = exceptions.ToValueList() };
    }

    /// <summary>
    /// The occurrence without its UID, holding the series' own texts and lists where it repeats them (most overrides
    /// change the time and little else): equal values, one copy each for as long as the item lives.
    /// </summary>
    private static Event SharingSeriesValues(Event occurrence, Event series) => occurrence with
    {
        Uid = null,
        Subject = Same(occurrence.Subject, series.Subject),
        Body = Same(occurrence.Body, series.Body),
        HtmlBody = Same(occurrence.HtmlBody, series.HtmlBody),
        Location = Same(occurrence.Location, series.Location),
        Attendees = Same(occurrence.Attendees, series.Attendees),
        Categories = Same(occurrence.Categories, series.Categories),
    };

    private static T Same<T>(T own, T series) where T : class? => own is not null && own.Equals(series) ? series : own;

    /// <summary>
    /// An override whose master is not in the file (a CalDAV server shows an invitee only the instance they
    /// were invited to). It becomes an event of its own that keeps its RECURRENCE-ID, so nothing is lost and
    /// writing it back gives the same override.
    /// </summary>
    private static Event ReadOrphan(CalendarComponent c, ReadContext context)
    {
        var item = EventReader.Read(c, context);
        var rid = c.First("RECURRENCE-ID")!;
        context.Zones.Read(rid); // validate
        return item with { Extras = item.Extras.Add(ReadContext.Extra(rid)) };
    }
}
