using Tandem.Core.Items;
using Tandem.Core.TimeZones;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>The writer side's shared helpers: time values with their TZID, text, extras.</summary>
internal sealed class WriteContext(ContentLineWriter writer, DateTime stampUtc)
{
    private static readonly ContentParameter DateValue = new("VALUE", "DATE");

    public ContentLineWriter Writer { get; } = writer;

    public string Stamp { get; } = ICalTimeText.FormatDateTime(stampUtc, utc: true);

    public void Text(string name, string? value, IEnumerable<ContentParameter>? parameters = null)
    {
        if (value is null) return;
        Writer.Write(name, parameters, TextValue.Escape(value));
    }

    public void Raw(string name, string? value)
    {
        if (value is not null) Writer.Write(name, null, value);
    }

    public void Time(string name, ItemTime time, bool asDate, params ContentParameter[] extra)
    {
        var (parameters, value) = Format(time, asDate);
        Writer.Write(name, extra.Length == 0 ? parameters : [.. parameters, .. extra], value);
    }

    /// <summary>EXDATE/RDATE: one line per zone, values comma-separated.</summary>
    public void TimeList(string name, IEnumerable<ItemTime> times, bool asDate)
    {
        foreach (var group in times.GroupBy(t => asDate ? "" : t.TimeZone ?? "", StringComparer.Ordinal))
        {
            var first = group.First();
            var (parameters, _) = Format(first, asDate);
            Writer.Write(name, parameters, string.Join(',', group.Select(t => Format(t, asDate).Value)));
        }
    }

    public void Categories(ValueList<string> categories)
    {
        if (categories.IsEmpty) return;
        Writer.Write("CATEGORIES", null, string.Join(',', categories.Select(TextValue.Escape)));
    }

    public void Rule(RecurrenceRule rule, ItemTime anchor, bool allDay)
    {
        string? until = null;
        if (rule.Until is { } u)
        {
            if (allDay) until = ICalTimeText.FormatDate(u.Value);
            else if (u.IsUtc) until = ICalTimeText.FormatDateTime(u.Value, utc: true);
            else if (!anchor.IsFloating && !anchor.IsUtc && TimeZoneResolver.FindZone(anchor.TimeZone!) is { } zone)
                until = ICalTimeText.FormatDateTime(WallClock.ToInstant(u.Value, zone).UtcDateTime, utc: true); // RFC 5545: UTC for a zoned start
            else until = ICalTimeText.FormatDateTime(u.Value, utc: false);
        }
        Writer.Write("RRULE", null, RecurrenceRuleText.Format(rule, until));
    }

    /// <summary>Writes preserved properties and components, except those whose name the writer already wrote.</summary>
    public void Extras(ValueList<ExtraProperty> extras, ISet<string> owned)
    {
        foreach (var extra in extras)
        {
            if (owned.Contains(extra.Name.ToUpperInvariant()) || string.IsNullOrEmpty(extra.Line)) continue;
            if (extra.Line.Contains('\n'))
            {
                if (!extra.Line.StartsWith("BEGIN:", StringComparison.OrdinalIgnoreCase)) continue;
                foreach (var line in extra.Line.Split('\n'))
                {
                    if (line.Length > 0 && !line.Contains('\r')) Writer.WriteUnfolded(line);
                }
                continue;
            }
            if (extra.Line.Contains('\r') || !extra.Line.Contains(':')) continue;
            Writer.WriteUnfolded(extra.Line);
        }
    }

    private static (IReadOnlyList<ContentParameter> Parameters, string Value) Format(ItemTime time, bool asDate)
    {
        if (asDate) return ([DateValue], ICalTimeText.FormatDate(time.Value));
        if (time.IsUtc) return ([], ICalTimeText.FormatDateTime(time.Value, utc: true));
        if (time.IsFloating) return ([], ICalTimeText.FormatDateTime(time.Value, utc: false));
        return ([new ContentParameter("TZID", CustomZoneId.Tzid(time.TimeZone!))], ICalTimeText.FormatDateTime(time.Value, utc: false));
    }
}
