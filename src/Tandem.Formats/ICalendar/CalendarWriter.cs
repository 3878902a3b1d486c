using System.Collections.Concurrent;
using System.Text;
using Tandem.Core.Items;
using Tandem.Core.TimeZones;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>Items → one VCALENDAR with a VTIMEZONE for every zone the items use.</summary>
internal static class CalendarWriter
{
    private static readonly ConcurrentDictionary<(string, int), VTimeZoneDefinition?> Definitions = new();

    public static string Write(IEnumerable<CanonicalItem> items, DateTime stampUtc)
    {
        var list = items as IReadOnlyList<CanonicalItem> ?? items.ToList();
        var sb = new StringBuilder(1024 + list.Count * 600);
        var writer = new ContentLineWriter(sb);
        var w = new WriteContext(writer, stampUtc);
        w.Raw("BEGIN", "VCALENDAR");
        w.Raw("VERSION", "2.0");
        w.Raw("PRODID", "-//Tandem//Tandem//EN");
        w.Raw("CALSCALE", "GREGORIAN");
        foreach (var (zoneId, year) in ZonesUsed(list).OrderBy(z => z.Key, StringComparer.Ordinal))
        {
            if (Definition(zoneId, year) is { } definition) VTimeZoneComponent.Write(writer, definition);
        }
        foreach (var item in list)
        {
            var uid = string.IsNullOrWhiteSpace(item.Uid) ? "tandem-" + ContentHash.Compute(item) : item.Uid.Trim();
            switch (item)
            {
                case Event e: EventWriter.Write(w, e, uid); break;
                case TaskItem t: TodoWriter.Write(w, t, uid); break;
                case Note n: JournalWriter.Write(w, n, uid); break;
                default: throw new ArgumentException($"iCalendar cannot hold a {item.Kind}", nameof(items));
            }
        }
        w.Raw("END", "VCALENDAR");
        return sb.ToString();
    }

    private static VTimeZoneDefinition? Definition(string zoneId, int year) =>
        CustomZoneId.IsCustom(zoneId) ? CustomZoneId.Decode(zoneId) : Definitions.GetOrAdd((zoneId, year), static key =>
            TimeZoneResolver.FindZone(key.Item1) is { } zone ? VTimeZoneBuilder.Build(zone, key.Item1, key.Item2) : null);

    /// <summary>Each named zone with the earliest year it is used in, so its VTIMEZONE covers every time written.</summary>
    private static Dictionary<string, int> ZonesUsed(IEnumerable<CanonicalItem> items)
    {
        var zones = new Dictionary<string, int>(StringComparer.Ordinal);
        void Add(ItemTime? t)
        {
            if (t is null || t.IsFloating || t.IsUtc) return;
            zones[t.TimeZone!] = zones.TryGetValue(t.TimeZone!, out var y) ? Math.Min(y, t.Value.Year) : t.Value.Year;
        }
        void AddEvent(Event e)
        {
            if (e.IsAllDay) return;
            Add(e.Start);
            Add(e.End);
            foreach (var t in e.RecurrenceDates) Add(t);
            foreach (var t in e.DeletedOccurrences) Add(t);
            foreach (var x in e.Exceptions)
            {
                Add(x.RecurrenceId);
                AddEvent(x.Occurrence);
            }
        }
        foreach (var item in items)
        {
            switch (item)
            {
                case Event e: AddEvent(e); break;
                case TaskItem t:
                    Add(t.Start);
                    Add(t.Due);
                    break;
            }
        }
        return zones;
    }
}
