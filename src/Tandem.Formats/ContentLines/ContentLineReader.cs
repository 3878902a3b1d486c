using System.Text;

namespace Tandem.Formats.ContentLines;

/// <summary>
/// Splits a vCard/iCalendar file into logical content lines. Unfolding happens on bytes, before any text
/// decoding, because writers fold at 75 octets and may split a UTF-8 character across two physical lines.
/// </summary>
public static class ContentLineReader
{
    public static IReadOnlyList<ContentLine> Read(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Read(Encoding.UTF8.GetBytes(text), fileName);
    }

    /// <summary>
    /// Reads every content line. Tolerates CRLF, bare LF and bare CR line ends, a UTF-8 BOM, blank lines,
    /// invalid UTF-8 (read as Windows-1252) and vCard 2.1 quoted-printable soft line breaks.
    /// </summary>
    /// <exception cref="FormatParseException">A line is not a content line (no colon, bad parameter quoting…).</exception>
    public static IReadOnlyList<ContentLine> Read(ReadOnlySpan<byte> data, string? fileName = null) => Read(data, fileName, 1);

    /// <summary>Reads a slice of a file whose first physical line is <paramref name="firstLineNumber"/> of the whole file.</summary>
    internal static IReadOnlyList<ContentLine> Read(ReadOnlySpan<byte> data, string? fileName, int firstLineNumber)
    {
        var arena = LineArena.Owned(data.Length);
        // Sized by the physical line count (a vectorised scan), not grown by doubling.
        var lines = new List<ContentLine>(PhysicalLineCount(data));
        ReadInto(new ListSink(lines), data, fileName, firstLineNumber, new FileSections(), arena);
        return lines;
    }

    /// <summary>
    /// As <see cref="Read(ReadOnlySpan{byte}, string?, int)"/>, into <paramref name="lines"/> (for vCard, one
    /// set of recycled lines for the whole file), sharing parameter sections and the arena with the file's other reads.
    /// </summary>
    internal static void ReadInto<TSink>(TSink lines, ReadOnlySpan<byte> data, string? fileName, int firstLineNumber, FileSections sections, LineArena arena)
        where TSink : ILineSink
    {
        if (data.StartsWith("\uFEFF"u8)) data = data[3..];
        // Valid UTF-8 as a whole means every line is (line ends and folding blanks are ASCII, never inside a
        // character): one vectorised pass instead of one per line. Otherwise each line is judged by itself.
        var allUtf8 = TextDecoding.IsUtf8(data);

        var pos = 0;
        var physical = firstLineNumber - 1;
        while (pos < data.Length)
        {
            var lineNumber = physical + 1;
            var first = NextPhysical(data, ref pos, ref physical);
            if (IsBlank(first)) continue;

            // The logical line is built in the arena: the first physical line, then each continuation.
            var start = arena.Length;
            arena.Append(first);
            bool? quotedPrintable = null;
            while (pos < data.Length)
            {
                var logical = arena.Slice(start, arena.Length - start);
                var softBreak = logical[^1] == (byte)'=' && (quotedPrintable ??= IsQuotedPrintable(logical));
                var fold = !softBreak && data[pos] is (byte)' ' or (byte)'\t';
                if (!softBreak && !fold) break;

                var next = NextPhysical(data, ref pos, ref physical);
                if (softBreak)
                {
                    // Quoted-printable soft break: drop the '=' and go on with the next line as it is.
                    arena.TruncateTo(arena.Length - 1);
                    arena.Append(next);
                }
                else
                {
                    arena.Append(next[1..]);
                }
                if (arena.Length == start) break;
            }
            var line = arena.Slice(start, arena.Length - start);
            if (IsBlank(line))
            {
                arena.TruncateTo(start);
                continue;
            }
            lines.Add(ContentLineParser.Parse(line, allUtf8, arena, start, lineNumber, fileName, sections, lines.Spare));
        }
    }

    /// <summary>At least the number of logical lines in <paramref name="data"/>, unless it mixes bare CRs with LFs.</summary>
    internal static int PhysicalLineCount(ReadOnlySpan<byte> data)
    {
        var lines = data.Count((byte)'\n');
        return (lines == 0 ? data.Count((byte)'\r') : lines) + 1;
    }

    internal static ReadOnlySpan<byte> NextPhysical(ReadOnlySpan<byte> data, ref int pos, ref int physical)
    {
        var rest = data[pos..];
        var end = rest.IndexOfAny((byte)'\r', (byte)'\n');
        physical++;
        if (end < 0)
        {
            pos = data.Length;
            return rest;
        }
        var line = rest[..end];
        var terminator = 1;
        if (rest[end] == (byte)'\r')
        {
            // CR LF, and CR CR LF (an iPhone export run through a CR LF conversion twice) as one line end; a lone
            // CR (old Mac) still ends a line by itself.
            var crs = rest[end..].IndexOfAnyExcept((byte)'\r');
            if (crs > 0 && rest[end + crs] == (byte)'\n') terminator = crs + 1;
        }
        pos += end + terminator;
        return line;
    }

    internal static bool IsBlank(ReadOnlySpan<byte> line) => line.IsEmpty || line.IndexOfAnyExcept((byte)' ', (byte)'\t') < 0;

    /// <summary>Whether the parameters (the part before the first unquoted colon) declare quoted-printable.</summary>
    internal static bool IsQuotedPrintable(ReadOnlySpan<byte> line)
    {
        var inQuotes = false;
        var end = line.Length;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (b == (byte)'"') inQuotes = !inQuotes;
            else if (b == (byte)':' && !inQuotes)
            {
                end = i;
                break;
            }
        }
        var head = line[..end];
        var marker = "QUOTED-PRINTABLE"u8;
        for (var i = head.IndexOfAny((byte)'Q', (byte)'q'); i >= 0 && i + marker.Length <= head.Length;)
        {
            if (Ascii.EqualsIgnoreCase(head.Slice(i, marker.Length), marker)) return true;
            var next = head[(i + 1)..].IndexOfAny((byte)'Q', (byte)'q');
            if (next < 0) break;
            i += next + 1;
        }
        return false;
    }
}
