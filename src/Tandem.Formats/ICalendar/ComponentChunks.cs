using System.Text;

namespace Tandem.Formats.ICalendar;

/// <summary>
/// The second chance for a file whose content lines or nesting are broken: split the raw bytes into the
/// calendar's top-level components by their BEGIN/END lines, so each can be parsed (and fail) alone.
/// </summary>
internal static class ComponentChunks
{
    /// <summary>Each chunk is padded with blank lines so that line numbers inside it stay those of the file.</summary>
    public static List<byte[]> Split(ReadOnlySpan<byte> data)
    {
        var chunks = new List<byte[]>();
        var depth = 0;
        var chunkStart = -1;
        var chunkLine = 0;
        var line = 0;
        var pos = 0;
        if (data.StartsWith("\uFEFF"u8)) pos = 3;
        while (pos < data.Length)
        {
            line++;
            var rest = data[pos..];
            var end = rest.IndexOf((byte)'\n');
            var length = end < 0 ? rest.Length : end + 1;
            var text = rest[..length].TrimEnd("\r\n"u8);
            var isBegin = StartsWithIgnoreCase(text, "BEGIN:"u8);
            var isEnd = StartsWithIgnoreCase(text, "END:"u8);
            var isCalendar = isBegin || isEnd ? EndsWithIgnoreCase(text, "VCALENDAR"u8) : false;
            if (isBegin && !isCalendar)
            {
                if (depth == 0)
                {
                    chunkStart = pos;
                    chunkLine = line;
                }
                depth++;
            }
            else if (isEnd && !isCalendar && depth > 0)
            {
                depth--;
                if (depth == 0)
                {
                    chunks.Add(Padded(data[chunkStart..(pos + length)], chunkLine));
                    chunkStart = -1;
                }
            }
            else if (isCalendar && depth > 0)
            {
                // An unclosed component runs into the calendar's END: emit what we have, it will fail on its own.
                chunks.Add(Padded(data[chunkStart..pos], chunkLine));
                depth = 0;
                chunkStart = -1;
            }
            pos += length;
        }
        if (chunkStart >= 0) chunks.Add(Padded(data[chunkStart..], chunkLine));
        return chunks;
    }

    private static byte[] Padded(ReadOnlySpan<byte> chunk, int firstLine)
    {
        var bytes = new byte[firstLine - 1 + chunk.Length];
        bytes.AsSpan(0, firstLine - 1).Fill((byte)'\n');
        chunk.CopyTo(bytes.AsSpan(firstLine - 1));
        return bytes;
    }

    private static bool StartsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> prefix) =>
        text.Length >= prefix.Length && Ascii.EqualsIgnoreCase(text[..prefix.Length], prefix);

    private static bool EndsWithIgnoreCase(ReadOnlySpan<byte> text, ReadOnlySpan<byte> suffix)
    {
        var trimmed = text.TrimEnd(" \t"u8);
        return trimmed.Length >= suffix.Length && Ascii.EqualsIgnoreCase(trimmed[^suffix.Length..], suffix);
    }
}
