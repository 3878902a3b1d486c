using System.Buffers;
using System.Text;

namespace Tandem.Formats.ContentLines;

/// <summary>
/// Parses one unfolded line, [group.]NAME *(;param) : value, on its bytes. The delimiters are ASCII, so
/// positions found on bytes hold for UTF-8 and Windows-1252 alike; only the pieces are decoded.
/// </summary>
internal static class ContentLineParser
{
    private static readonly IReadOnlyList<ContentParameter> NoParameters = [];

    public static ContentLine Parse(ReadOnlySpan<byte> line, int lineNumber, string? fileName, FileSections? fileSections = null) =>
        Parse(line, false, null, 0, lineNumber, fileName, fileSections, null);

    /// <summary>
    /// As above; <paramref name="knownUtf8"/> when the caller has found the line valid UTF-8. When the line lies in <paramref name="arena"/> from <paramref name="lineStart"/>, the value is left
    /// there undecoded until it is asked for; <paramref name="spare"/>, a line no longer in use, is overwritten rather than a new one made.
    /// </summary>
    public static ContentLine Parse(ReadOnlySpan<byte> line, bool knownUtf8, LineArena? arena, int lineStart, int lineNumber, string? fileName, FileSections? fileSections, ContentLine? spare)
    {
        var utf8 = knownUtf8 || TextDecoding.IsUtf8(line);
        var i = 0;
        while (i < line.Length && line[i] is (byte)' ' or (byte)'\t') i++;

        var start = i;
        i = SkipName(line, i);
        if (i == start) throw Error(fileName, lineNumber, line, i, "expected a property name");
        string? group = null;
        if (i < line.Length && line[i] == (byte)'.')
        {
            group = Encoding.ASCII.GetString(line[start..i]);
            start = ++i;
            i = SkipName(line, i);
            if (i == start) throw Error(fileName, lineNumber, line, i, "expected a property name after the group");
        }
        var name = TokenCache.UpperName(line[start..i]);

        ContentParameter[]? parameters = null;
        if (i < line.Length && line[i] == (byte)';')
        {
            // Files repeat the same few parameter sections (";TYPE=WORK,VOICE") thousands of times: share them.
            var colon = line[i..].IndexOf((byte)':');
            parameters = colon < 0 ? null : ParameterSections.TryGet(line.Slice(i, colon), fileSections, utf8);
            if (parameters is not null)
            {
                i += colon;
            }
            else
            {
                var sectionStart = i;
                parameters = ParseParameters(line, ref i, utf8, fileName, lineNumber);
                if (parameters is not null && !ParameterSections.TryAdd(line[sectionStart..i], parameters))
                {
                    fileSections?.TryAdd(line[sectionStart..i], parameters, utf8);
                }
            }
        }

        if (i >= line.Length) throw Error(fileName, lineNumber, line, i, $"missing ':' after property {name}");
        if (line[i] != (byte)':') throw Error(fileName, lineNumber, line, i, $"unexpected character in property {name}");

        var valueBytes = line[(i + 1)..];
        var paramList = (IReadOnlyList<ContentParameter>?)parameters ?? NoParameters;
        if (parameters is not null && IsQuotedPrintable(parameters))
        {
            // A trailing "=" is a soft line break with nothing after it (the file or card ended): not data.
            valueBytes = valueBytes.TrimEnd((byte)'=');
            var encoded = Encoding.ASCII.GetString(valueBytes);
            byte[]? rented = null;
            var buffer = valueBytes.Length <= 512 ? stackalloc byte[512] : (rented = ArrayPool<byte>.Shared.Rent(valueBytes.Length));
            var decoded = TextDecoding.DecodeCharset(buffer[..QuotedPrintable.Decode(valueBytes, buffer)], FindFirst(parameters, "CHARSET"));
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
            return Make(spare, group, name, paramList, decoded, lineNumber, encoded);
        }
        // ASCII reads the same in UTF-8 as in any charset the line could be decoded with here, so a shared string will do.
        var shared = utf8 && name is "BEGIN" or "END" or "VERSION" ? TokenCache.TryMarkerValue(valueBytes) : null;
        if (shared is not null || valueBytes.IsEmpty) return Make(spare, group, name, paramList, shared ?? string.Empty, lineNumber, null);
        if (arena is not null)
        {
            if (spare is null) return new ContentLine(group, name, paramList, arena, lineStart + i + 1, valueBytes.Length, utf8, lineNumber);
            spare.Set(group, name, paramList, arena, lineStart + i + 1, valueBytes.Length, utf8, lineNumber);
            return spare;
        }
        // Not UTF-8 and a declared charset (Outlook's CHARSET=Windows-1252 on 8-bit lines): believe the declaration.
        var declared = !utf8 && parameters is not null ? FindFirst(parameters, "CHARSET") : null;
        var value = declared is null ? TextDecoding.Decode(valueBytes, utf8) : TextDecoding.DecodeCharset(valueBytes, declared);
        return Make(spare, group, name, paramList, value, lineNumber, null);
    }

    private static ContentLine Make(ContentLine? spare, string? group, string name, IReadOnlyList<ContentParameter> parameters, string value, int lineNumber, string? encoded)
    {
        if (spare is null) return new ContentLine(group, name, parameters, value, lineNumber, encoded);
        spare.Set(group, name, parameters, value, lineNumber, encoded);
        return spare;
    }

    // Most lines have no or one parameter: no list for those, and an exact-size array in the end.
    private static ContentParameter[]? ParseParameters(ReadOnlySpan<byte> line, ref int i, bool utf8, string? fileName, int lineNumber)
    {
        ContentParameter? single = null;
        List<ContentParameter>? many = null;
        while (i < line.Length && line[i] == (byte)';')
        {
            i++;
            var parameter = ParseParameter(line, ref i, utf8, fileName, lineNumber);
            if (parameter is null) continue;
            if (single is null) single = parameter;
            else (many ??= [single]).Add(parameter);
        }
        return many is not null ? many.ToArray() : single is not null ? [single] : null;
    }

    private static ContentParameter? ParseParameter(ReadOnlySpan<byte> line, ref int i, bool utf8, string? fileName, int lineNumber)
    {
        var start = i;
        while (i < line.Length && line[i] is not ((byte)'=' or (byte)';' or (byte)':' or (byte)',' or (byte)'"')) i++;
        if (i >= line.Length) throw Error(fileName, lineNumber, line, i, "missing ':' after the parameters");

        var token = Trim(line[start..i]);
        if (line[i] == (byte)'=')
        {
            if (token.IsEmpty || SkipName(token, 0) != token.Length)
            {
                throw Error(fileName, lineNumber, line, start, "invalid parameter name");
            }
            i++;
            var paramName = TokenCache.UpperName(token);
            var parsed = ParseValues(line, ref i, utf8, fileName, lineNumber);
            return new ContentParameter(paramName, parsed);
        }

        // vCard 2.1 allows the value alone (";HOME", ";QUOTED-PRINTABLE"): file it under the name it implies.
        i = start;
        var values = ParseValues(line, ref i, utf8, fileName, lineNumber);
        if (values.Length == 1 && values[0].Length == 0) return null;
        return new ContentParameter(BareName(values[0]), values) { IsBare = true };
    }

    private static string[] ParseValues(ReadOnlySpan<byte> line, ref int i, bool utf8, string? fileName, int lineNumber)
    {
        string? single = null;
        List<string>? many = null;
        while (true)
        {
            string value;
            if (i < line.Length && line[i] == (byte)'"')
            {
                var close = line[(i + 1)..].IndexOf((byte)'"');
                if (close < 0) throw Error(fileName, lineNumber, line, i, "unterminated quoted parameter value");
                value = DecodeParameterValue(line.Slice(i + 1, close), utf8);
                i += close + 2;
                if (i < line.Length && line[i] is not ((byte)',' or (byte)';' or (byte)':'))
                {
                    throw Error(fileName, lineNumber, line, i, "unexpected character after a quoted parameter value");
                }
            }
            else
            {
                var start = i;
                while (i < line.Length && line[i] is not ((byte)',' or (byte)';' or (byte)':')) i++;
                value = DecodeParameterValue(line[start..i], utf8);
            }

            if (single is null) single = value;
            else (many ??= [single]).Add(value);

            if (i < line.Length && line[i] == (byte)',')
            {
                i++;
                continue;
            }
            return many is null ? [single] : many.ToArray();
        }
    }

    private static string DecodeParameterValue(ReadOnlySpan<byte> bytes, bool utf8)
    {
        var cached = TokenCache.TryValue(bytes);
        if (cached is not null) return cached;
        var text = TextDecoding.Decode(bytes, utf8);
        return text.Contains('^') ? Rfc6868.Decode(text) : text;
    }

    private static string BareName(string value) => value.ToUpperInvariant() switch
    {
        "QUOTED-PRINTABLE" or "BASE64" or "B" or "8BIT" or "7BIT" => "ENCODING",
        "INLINE" or "URL" or "URI" or "CONTENT-ID" or "CID" => "VALUE",
        _ => "TYPE",
    };

    private static bool IsQuotedPrintable(ContentParameter[] parameters)
    {
        foreach (var p in parameters)
        {
            if (p.Name != "ENCODING") continue;
            var values = p.Values;
            for (var i = 0; i < values.Count; i++)
            {
                if (values[i].Equals("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase)) return true;
            }
        }
        return false;
    }

    private static string? FindFirst(ContentParameter[] parameters, string name)
    {
        foreach (var p in parameters)
        {
            if (p.Name == name && p.Values.Count > 0) return p.Values[0];
        }
        return null;
    }

    private static int SkipName(ReadOnlySpan<byte> line, int i)
    {
        var start = i;
        while (i < line.Length && IsNameByte(line[i])) i++;
        // KAddressBook writes "X-messaging/aim-All:…": a name with bytes RFC 6350 does not allow. Such a name is
        // read whole (up to its parameters or value) so the property is kept as an extra instead of failing the item.
        if (i > start && i < line.Length && IsOddNameByte(line[i]))
        {
            while (i < line.Length && (IsNameByte(line[i]) || IsOddNameByte(line[i]))) i++;
        }
        return i;
    }

    private static bool IsOddNameByte(byte b) => b is (byte)'/' or (byte)'+' or (byte)'!' or (byte)'#' or (byte)'$' or (byte)'%' or (byte)'&' or (byte)'*' or (byte)'@' or (byte)'~';

    private static bool IsNameByte(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9' or (byte)'-' or (byte)'_';

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> span) => span.Trim((byte)' ').Trim((byte)'\t');

    private static FormatParseException Error(string? fileName, int lineNumber, ReadOnlySpan<byte> line, int at, string reason)
    {
        var shown = Encoding.UTF8.GetString(line[..Math.Min(line.Length, 60)]);
        var printable = new string(shown.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return new FormatParseException(fileName, lineNumber, $"{reason} (column {at + 1}) in \"{printable}\"");
    }
}
