using Tandem.Core.Items;
using Tandem.Core.TimeZones;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>VTIMEZONE ↔ <see cref="VTimeZoneDefinition"/>.</summary>
internal static class VTimeZoneComponent
{
    /// <summary>Reads what it can: an observance with unreadable offsets is skipped, not fatal, since the TZID name alone often suffices.</summary>
    public static VTimeZoneDefinition Read(CalendarComponent component)
    {
        var tzid = component.First("TZID")?.RawValue.Trim() ?? "";
        var observances = new List<TimeZoneObservance>();
        foreach (var child in component.Children)
        {
            var daylight = child.Name == "DAYLIGHT";
            if (!daylight && child.Name != "STANDARD") continue;
            if (child.First("DTSTART") is not { } dtstart || !ICalTimeText.TryParse(dtstart.RawValue, out var start)) continue;
            if (child.First("TZOFFSETTO") is not { } toLine || !ICalTimeText.TryOffset(toLine.RawValue, out var to)) continue;
            var from = child.First("TZOFFSETFROM") is { } fromLine && ICalTimeText.TryOffset(fromLine.RawValue, out var f) ? f : to;
            RecurrenceRule? rule = null;
            if (child.First("RRULE") is { } rrule && RecurrenceRuleText.TryParse(rrule.RawValue, out var parsed, out var until, out _, ignoreTimeParts: true))
            {
                rule = until is { } u ? parsed with { Until = u.IsUtc ? ItemTime.FromUtc(u.Value) : ItemTime.Floating(u.Value) } : parsed;
            }
            var rdates = new List<DateTime>();
            foreach (var rdate in child.All("RDATE"))
            {
                foreach (var part in rdate.RawValue.Split(',', StringSplitOptions.RemoveEmptyEntries))
                {
                    var text = part.Contains('/') ? part[..part.IndexOf('/', StringComparison.Ordinal)] : part;
                    if (ICalTimeText.TryParse(text, out var r)) rdates.Add(r.IsUtc ? r.Value + from : r.Value);
                }
            }
            var name = child.First("TZNAME")?.RawValue;
            observances.Add(new TimeZoneObservance(daylight, start.IsUtc ? start.Value + from : start.Value, from, to, rule, name)
            {
                RecurrenceDates = rdates.ToValueList(),
            });
        }
        return new VTimeZoneDefinition(tzid, observances.ToValueList());
    }

    public static void Write(ContentLineWriter writer, VTimeZoneDefinition definition)
    {
        writer.Write("BEGIN", null, "VTIMEZONE");
        writer.Write("TZID", null, definition.Tzid);
        foreach (var o in definition.Observances)
        {
            var kind = o.IsDaylight ? "DAYLIGHT" : "STANDARD";
            writer.Write("BEGIN", null, kind);
            writer.Write("DTSTART", null, ICalTimeText.FormatDateTime(o.Start, utc: false));
            writer.Write("TZOFFSETFROM", null, ICalTimeText.FormatOffset(o.OffsetFrom));
            writer.Write("TZOFFSETTO", null, ICalTimeText.FormatOffset(o.OffsetTo));
            if (!string.IsNullOrEmpty(o.Name)) writer.Write("TZNAME", null, TextValue.Escape(o.Name));
            if (o.Rule is { } rule)
            {
                var until = rule.Until is { } u ? ICalTimeText.FormatDateTime(u.Value, u.IsUtc) : null;
                writer.Write("RRULE", null, RecurrenceRuleText.Format(rule, until));
            }
            if (!o.RecurrenceDates.IsEmpty)
                writer.Write("RDATE", null, string.Join(',', o.RecurrenceDates.Select(d => ICalTimeText.FormatDateTime(d, utc: false))));
            writer.Write("END", null, kind);
        }
        writer.Write("END", null, "VTIMEZONE");
    }
}
