using Tandem.Core.Items;
using Tandem.Core.TimeZones;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>
/// The time zones of one VCALENDAR as a reader sees them: every VTIMEZONE in the calendar, wherever it
/// appears (Google puts them last), and TZIDs that have none (resolved by name). Turns date values into
/// <see cref="ItemTime"/>s: IANA zones are kept; a zone only its VTIMEZONE describes is kept too, as a
/// <see cref="CustomZoneId"/> carrying that definition, so a series in it expands by its own rules.
/// </summary>
internal sealed class ZoneTable
{
    private readonly Dictionary<string, VTimeZoneDefinition> _definitions = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TimeZoneResolution?> _resolved = new(StringComparer.Ordinal);
    private readonly string? _fileName;

    public ZoneTable(IEnumerable<CalendarComponent> timezones, string? fileName)
    {
        _fileName = fileName;
        foreach (var tz in timezones)
        {
            var definition = VTimeZoneComponent.Read(tz);
            if (definition.Tzid.Length > 0) _definitions.TryAdd(definition.Tzid, definition);
        }
    }

    /// <summary>Reads a single DATE / DATE-TIME property.</summary>
    public (ItemTime Time, bool IsDate) Read(ContentLine line)
    {
        // Parsed from the line's bytes: a calendar has two or three of these per event, and none needs its string.
        Span<char> buffer = stackalloc char[64];
        var value = line.Chars(buffer);
        if (!ICalTimeText.TryParse(value, out var t))
            throw new FormatParseException(_fileName, line.LineNumber, $"{line.Name} has an invalid date-time '{Shorten(value.ToString())}'");
        return (Convert(t, line.Param("TZID")), t.IsDate);
    }

    /// <summary>Reads a comma-separated list (EXDATE, RDATE) into <paramref name="times"/>; a PERIOD contributes its start.</summary>
    public void ReadList(ContentLine line, List<ItemTime> times)
    {
        var tzid = line.Param("TZID");
        Span<char> buffer = stackalloc char[256];
        var value = line.Chars(buffer);
        foreach (var range in value.Split(','))
        {
            var part = value[range].Trim();
            if (part.IsEmpty) continue;
            var slash = part.IndexOf('/');
            var text = slash >= 0 ? part[..slash] : part;
            if (!ICalTimeText.TryParse(text, out var t))
                throw new FormatParseException(_fileName, line.LineNumber, $"{line.Name} has an invalid date-time '{Shorten(part.ToString())}'");
            times.Add(Convert(t, tzid));
        }
    }

    public ItemTime Convert(ICalTime t, string? tzid)
    {
        if (t.IsDate) return ItemTime.Date(DateOnly.FromDateTime(t.Value));
        if (t.IsUtc) return ItemTime.FromUtc(t.Value);
        if (string.IsNullOrWhiteSpace(tzid)) return ItemTime.Floating(t.Value);
        var resolution = Resolve(tzid, t.Value.Year);
        if (resolution is null) return ItemTime.Floating(t.Value); // unknown zone, no definition: the wall time is all we know
        return new ItemTime(t.Value, resolution.ZoneId);
    }

    private TimeZoneResolution? Resolve(string tzid, int year)
    {
        if (_resolved.TryGetValue(tzid, out var cached)) return cached;
        _definitions.TryGetValue(tzid, out var definition);
        try
        {
            var resolution = TimeZoneResolver.Resolve(tzid, definition, year);
            _resolved[tzid] = resolution;
            return resolution;
        }
        catch (InvalidTimeZoneException ex)
        {
            // Not cached: every item using the zone is quarantined with the reason, not only the first.
            throw new FormatParseException(_fileName, 0, ex.Message, ex);
        }
    }

    private static string Shorten(string value) => value.Length > 40 ? value[..40] + "…" : value;
}
