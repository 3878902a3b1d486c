using System.Text;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.VCard;

/// <summary>
/// Cuts a file into cards on the bytes, before any line is parsed, so that one malformed card is quarantined
/// alone instead of failing the whole file. Nested cards (vCard 2.1 AGENT) stay inside their parent.
/// </summary>
internal static class VCardSplitter
{
    public static List<CardSegment> Split(ReadOnlySpan<byte> data)
    {
        var bomLength = data.StartsWith("\uFEFF"u8) ? 3 : 0;
        var segments = new List<CardSegment>();
        var pos = bomLength;
        var physical = 0;
        var depth = 0;
        var cardStart = 0;
        var cardLine = 0;
        var strayLine = 0;
        var strayStart = -1;
        var logicalStart = 0;
        bool? logicalIsQuotedPrintable = null;
        var softBreakPending = false;
        while (pos < data.Length)
        {
            var lineStart = pos;
            var line = ContentLineReader.NextPhysical(data, ref pos, ref physical);

            // Folded lines and quoted-printable continuations belong to the line before, whatever they say.
            var continuation = softBreakPending || (line.Length > 0 && line[0] is (byte)' ' or (byte)'\t');
            if (!continuation) (logicalStart, logicalIsQuotedPrintable) = (lineStart, null);
            // Whether the logical line is quoted-printable matters only where a physical line ends in '=': asked then.
            softBreakPending = line.Length > 0 && line[^1] == (byte)'='
                && (logicalIsQuotedPrintable ??= ContentLineReader.IsQuotedPrintable(FirstLine(data, logicalStart)));
            if (continuation) continue;

            // "END:VCARD" folded onto more text is another value, not the end of a card.
            var trimmed = FoldsOntoText(data, pos) ? default : line.TrimEnd((byte)' ').TrimEnd((byte)'\t');
            if (Ascii.EqualsIgnoreCase(trimmed, "BEGIN:VCARD"u8))
            {
                if (depth++ > 0) continue;
                if (strayStart >= 0)
                {
                    segments.Add(Stray(strayStart, lineStart, strayLine));
                    strayStart = -1;
                }
                cardStart = lineStart;
                cardLine = physical;
            }
            else if (depth > 0 && Ascii.EqualsIgnoreCase(trimmed, "END:VCARD"u8))
            {
                if (--depth == 0) segments.Add(new CardSegment(cardStart, pos - cardStart, cardLine, null));
            }
            else if (depth == 0 && !ContentLineReader.IsBlank(line) && strayStart < 0)
            {
                strayStart = lineStart;
                strayLine = physical;
            }
        }
        if (depth > 0) segments.Add(new CardSegment(cardStart, data.Length - cardStart, cardLine, "missing END:VCARD"));
        if (strayStart >= 0) segments.Add(Stray(strayStart, data.Length, strayLine));
        return segments;
    }

    private static ReadOnlySpan<byte> FirstLine(ReadOnlySpan<byte> data, int start)
    {
        var rest = data[start..];
        var end = rest.IndexOfAny((byte)'\r', (byte)'\n');
        return end < 0 ? rest : rest[..end];
    }

    // What the reader will join to this line: the continuation lines, each less its first blank.
    private static bool FoldsOntoText(ReadOnlySpan<byte> data, int pos)
    {
        var ignored = 0;
        while (pos < data.Length && data[pos] is (byte)' ' or (byte)'\t')
        {
            var continuation = ContentLineReader.NextPhysical(data, ref pos, ref ignored);
            if (!ContentLineReader.IsBlank(continuation[1..])) return true;
        }
        return false;
    }

    private static CardSegment Stray(int start, int end, int line) =>
        new(start, end - start, line, "text outside BEGIN:VCARD … END:VCARD");
}
