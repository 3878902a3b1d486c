using System.Text;
using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>
/// iCalendar (RFC 5545) ↔ canonical items: VEVENT ↔ <see cref="Event"/> (overrides folded into the master),
/// VTODO ↔ <see cref="TaskItem"/>, VJOURNAL ↔ <see cref="Note"/>. Unknown properties and components are
/// kept in <see cref="CanonicalItem.Extras"/> and written back; DTSTAMP, SEQUENCE and the like are dropped.
/// </summary>
public static class ICalendarCodec
{
    /// <summary>Every item of the data; the first broken component throws a <see cref="FormatParseException"/>.</summary>
    public static IReadOnlyList<CanonicalItem> ReadAll(ReadOnlySpan<byte> data, string? fileName = null) => Strict(ReadEach(data, fileName));

    public static IReadOnlyList<CanonicalItem> ReadAll(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ReadAll(Encoding.UTF8.GetBytes(text), fileName);
    }

    /// <summary>One result per item; a broken component gives an error result and does not spoil the others.</summary>
    public static IReadOnlyList<ParseResult<CanonicalItem>> ReadEach(ReadOnlySpan<byte> data, string? fileName = null)
    {
        // The lines' values stay bytes in the arena until the readers ask for them; no line outlives this call.
        var arena = LineArena.Pooled(data.Length);
        var outlines = new List<CalendarOutline>(1);
        try
        {
            return ReadEach(data, fileName, arena, outlines);
        }
        finally
        {
            foreach (var outline in outlines) outline.Release();
            arena.Release();
        }
    }

    private static IReadOnlyList<ParseResult<CanonicalItem>> ReadEach(ReadOnlySpan<byte> data, string? fileName, LineArena arena, List<CalendarOutline> outlines)
    {
        List<CalendarUnit> units;
        var errors = new List<ParseResult<CanonicalItem>>();
        try
        {
            units = Outline(data, fileName, arena, outlines).Finish();
        }
        catch (FormatParseException whole)
        {
            units = [];
            foreach (var chunk in ComponentChunks.Split(data))
            {
                try
                {
                    units.AddRange(Outline(chunk, fileName, LineArena.Owned(chunk.Length), outlines).Finish());
                }
                catch (FormatParseException ex)
                {
                    errors.Add(new ParseResult<CanonicalItem>(null, ex));
                }
            }
            if (units.Count == 0 && errors.Count == 0) errors.Add(new ParseResult<CanonicalItem>(null, whole));
        }

        if (units.Count == 0 && errors.Count == 0 && HasContent(data))
            errors.Add(new ParseResult<CanonicalItem>(null, new FormatParseException(fileName, 1, "no VCALENDAR, VEVENT, VTODO or VJOURNAL found")));

        var results = CalendarReader.Read(units, fileName);
        if (errors.Count == 0) return results;
        return [.. results, .. errors];
    }

    /// <summary>The data's lines, nested and cut into top-level components; the outline joins those released at the end.</summary>
    private static CalendarOutline Outline(ReadOnlySpan<byte> data, string? fileName, LineArena arena, List<CalendarOutline> outlines)
    {
        var outline = new CalendarOutline(fileName, ContentLineReader.PhysicalLineCount(data));
        outlines.Add(outline);
        outline.Read(data, new FileSections(), arena);
        return outline;
    }

    /// <summary>One VCALENDAR holding the item and the VTIMEZONEs it uses.</summary>
    public static string Write(CanonicalItem item) => Write(item, TimeProvider.System);

    /// <summary>As <see cref="Write(CanonicalItem)"/>, with DTSTAMP taken from <paramref name="clock"/>.</summary>
    public static string Write(CanonicalItem item, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(item);
        return WriteAll([item], clock);
    }

    public static string WriteAll(IEnumerable<CanonicalItem> items) => WriteAll(items, TimeProvider.System);

    public static string WriteAll(IEnumerable<CanonicalItem> items, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(clock);
        var now = clock.GetUtcNow().UtcDateTime;
        return CalendarWriter.Write(items, new DateTime(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc));
    }

    private static List<CanonicalItem> Strict(IReadOnlyList<ParseResult<CanonicalItem>> results)
    {
        var items = new List<CanonicalItem>(results.Count);
        foreach (var r in results)
        {
            if (r.Error is not null) throw r.Error;
            items.Add(r.Value!);
        }
        return items;
    }

    private static bool HasContent(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("\uFEFF"u8)) data = data[3..];
        return data.IndexOfAnyExcept(" \t\r\n"u8) >= 0;
    }
}
