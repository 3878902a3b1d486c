using System.Text;

namespace Tandem.Core.Items.Mail;

/// <summary>
/// Reads the header block of an RFC 5322 message: the fields up to the first empty line, unfolded, the first of each
/// name kept. Header bytes are UTF-8 when they are valid UTF-8 (RFC 6532) and Latin-1 otherwise, so no message is
/// refused for its headers; encoded words (RFC 2047) are decoded. Not a MIME parser: the body is never looked at.
/// </summary>
public static class MimeHeaderReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static MessageHeaders Read(ReadOnlySpan<byte> message)
    {
        var fields = Fields(message);
        return new MessageHeaders(
            Unstructured(fields, "subject"),
            Unstructured(fields, "from"),
            Unstructured(fields, "to"),
            Unstructured(fields, "cc"),
            fields.TryGetValue("date", out var date) && MailDate.TryParse(date, out var instant) ? instant : null,
            fields.TryGetValue("message-id", out var id) ? MessageIdOf(id) : null);
    }

    /// <summary>Every header field by lower-case name (the first occurrence wins), values unfolded but not decoded.</summary>
    public static Dictionary<string, string> Fields(ReadOnlySpan<byte> message)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        string? name = null;
        StringBuilder? value = null;
        var rest = message;
        while (rest.Length > 0)
        {
            var end = rest.IndexOf((byte)'\n');
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 1)..];
            if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
            if (line.Length == 0) break;
            if (line[0] is (byte)' ' or (byte)'\t')
            {
                // a folded continuation: the line break goes, the white space stays (RFC 5322 §2.2.3)
                value?.Append(Text(line));
                continue;
            }
            Flush(fields, name, value);
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                // not a header line (an mbox "From " line, garbage): skipped, not a reason to stop reading headers
                name = null;
                value = null;
                continue;
            }
            name = Encoding.ASCII.GetString(line[..colon]).Trim().ToLowerInvariant();
            value = new StringBuilder(Text(line[(colon + 1)..]));
        }
        Flush(fields, name, value);
        return fields;
    }

    private static void Flush(Dictionary<string, string> fields, string? name, StringBuilder? value)
    {
        if (name is not null && value is not null) fields.TryAdd(name, value.ToString());
    }

    private static string Text(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(bytes);
        }
    }

    private static string? Unstructured(Dictionary<string, string> fields, string name)
    {
        if (!fields.TryGetValue(name, out var raw)) return null;
        var text = CollapseSpace(EncodedWords.Decode(raw));
        return text.Length == 0 ? null : text;
    }

    private static string? MessageIdOf(string raw)
    {
        var open = raw.IndexOf('<', StringComparison.Ordinal);
        var close = open < 0 ? -1 : raw.IndexOf('>', open + 1);
        var id = open >= 0 && close > open ? raw[(open + 1)..close] : raw;
        id = id.Trim();
        return id.Length == 0 ? null : id;
    }

    private static string CollapseSpace(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var ch in text)
        {
            if (ch is ' ' or '\t' or '\r' or '\n')
            {
                space = sb.Length > 0;
                continue;
            }
            if (space) sb.Append(' ');
            space = false;
            sb.Append(ch);
        }
        return sb.ToString();
    }
}
