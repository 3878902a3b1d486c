using System.Buffers;
using System.Text;

namespace Tandem.Formats.ContentLines;

/// <summary>Escaping of TEXT values (RFC 5545 3.3.11, RFC 6350 3.4): backslash, semicolon, comma, newline.</summary>
public static class TextValue
{
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny("\\;,\r\n") < 0) return value;
        var sb = new StringBuilder(value.Length + 8);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case ';': sb.Append("\\;"); break;
                case ',': sb.Append("\\,"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r':
                    sb.Append("\\n");
                    if (i + 1 < value.Length && value[i + 1] == '\n') i++;
                    break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// Undoes <see cref="Escape"/>; also accepts \N and the \: some writers emit. An unknown escape such as
    /// "\d" is kept as written (it is more likely a Windows path than an escape).
    /// </summary>
    public static string Unescape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        // Most values hold no escapes: hand the same string back without copying it.
        return value.Contains('\\') ? Unescape(value.AsSpan()) : value;
    }

    /// <summary>
    /// As <see cref="Unescape(string)"/>, for a piece of a value, so that splitting needs no substring first; the text
    /// comes from <paramref name="strings"/> when one is given.
    /// </summary>
    internal static string Unescape(ReadOnlySpan<char> value, StringTable? strings = null)
    {
        var first = value.IndexOf('\\');
        if (first < 0) return strings?.Get(value) ?? value.ToString();
        char[]? rented = null;
        var buffer = value.Length <= 512 ? stackalloc char[value.Length] : (rented = ArrayPool<char>.Shared.Rent(value.Length));
        value[..first].CopyTo(buffer);
        var n = first;
        for (var i = first; i < value.Length; i++)
        {
            var c = value[i];
            if (c != '\\' || i + 1 >= value.Length)
            {
                buffer[n++] = c;
                continue;
            }
            var next = value[i + 1];
            switch (next)
            {
                case 'n' or 'N': buffer[n++] = '\n'; i++; break;
                case '\\' or ';' or ',' or ':' or '"': buffer[n++] = next; i++; break;
                default: buffer[n++] = c; break;
            }
        }
        var text = strings?.Get(buffer[..n]) ?? new string(buffer[..n]);
        if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        return text;
    }

    /// <summary>
    /// Splits on <paramref name="separator"/> where it is not escaped. The parts are returned still escaped,
    /// so that a nested split (N's components, then their comma lists) stays possible; unescape each part.
    /// </summary>
    public static IReadOnlyList<string> SplitUnescaped(string value, char separator)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = new List<string>(4);
        foreach (var part in new UnescapedParts(value, separator, separator)) parts.Add(value[part]);
        return parts;
    }
}
