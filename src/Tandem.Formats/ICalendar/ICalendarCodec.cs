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
        try
        {
            return ReadEach(data, fileName, arena);
        }
        finally
        {
            arena.Release();
        }
    }

    private static IReadOnlyList<ParseResult<CanonicalItem>> ReadEach(ReadOnlySpan<byte> data, string? fileName, LineArena arena)
    {
        List<CalendarComponent> components;
        var errors = new List<ParseResult<CanonicalItem>>();
        try
        {
            // Lines go straight into the tree as they are read.
            var tree = new ComponentTree(fileName);
            ContentLineReader.ReadInto(tree, data, fileName, 1, new FileSections(), arena);
            components = Flatten(tree.Finish());
        }
        catch (FormatParseException whole)
        {
            components = [];
            foreach (var chunk in ComponentChunks.Split(data))
            {
                try
                {
                    components.AddRange(Flatten(ComponentTree.Build(ContentLineReader.Read(chunk, fileName), fileName)));
                }
                catch (FormatParseException ex)
                {
                    errors.Add(new ParseResult<CanonicalItem>(null, ex));
                }
            }
            if (components.Count == 0 && errors.Count == 0) errors.Add(new ParseResult<CanonicalItem>(null, whole));
        }

        if (components.Count == 0 && errors.Count == 0 && HasContent(data))
            errors.Add(new ParseResult<CanonicalItem>(null, new FormatParseException(fileName, 1, "no VCALENDAR, VEVENT, VTODO or VJOURNAL found")));

        var items = new List<CalendarComponent>(components.Count);
        var timezones = new List<CalendarComponent>();
        foreach (var c in components)
        {
            if (CalendarReader.IsItem(c)) items.Add(c);
            else if (c.Name == "VTIMEZONE") timezones.Add(c);
        }
        var results = CalendarReader.Read(items, timezones, fileName);
        if (errors.Count == 0) return results;
        return [.. results, .. errors];
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

    /// <summary>The children of every VCALENDAR, plus item components that stand alone without one.</summary>
    private static List<CalendarComponent> Flatten(List<CalendarComponent> roots)
    {
        var result = new List<CalendarComponent>();
        foreach (var root in roots)
        {
            if (root.Name == "VCALENDAR") result.AddRange(root.Children);
            else result.Add(root);
        }
        return result;
    }

    private static bool HasContent(ReadOnlySpan<byte> data)
    {
        if (data.StartsWith("\uFEFF"u8)) data = data[3..];
        return data.IndexOfAnyExcept(" \t\r\n"u8) >= 0;
    }
}
