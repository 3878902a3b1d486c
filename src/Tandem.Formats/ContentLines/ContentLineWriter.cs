using System.Text;

namespace Tandem.Formats.ContentLines;

/// <summary>
/// Writes content lines into a <see cref="StringBuilder"/> with CRLF line ends, folded at 75 octets of UTF-8
/// without ever splitting a character (or a surrogate pair), so that strict readers that decode each physical
/// line on its own still see valid text.
/// </summary>
public sealed class ContentLineWriter
{
    internal const int MaxOctets = 75;

    private readonly StringBuilder _sb;
    private readonly StringBuilder _head = new(64);
    private char[] _headChars = new char[128];
    private int _octets;

    public ContentLineWriter(StringBuilder sb)
    {
        ArgumentNullException.ThrowIfNull(sb);
        _sb = sb;
    }

    /// <summary>
    /// Writes one property. <paramref name="value"/> must already be escaped for its value type. When the
    /// parameters say ENCODING=QUOTED-PRINTABLE the value must be quoted-printable text and is folded with soft
    /// line breaks, as vCard 2.1 readers expect.
    /// </summary>
    public void Write(string name, IEnumerable<ContentParameter>? parameters, string value, string? group = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        var list = parameters as IReadOnlyList<ContentParameter> ?? parameters?.ToList();
        _head.Clear();
        AppendHead(_head, name, list, group);
        _head.Append(':');
        _octets = 0;
        // Copied out whole (not chunk by chunk) so that a surrogate pair is never seen in two halves.
        if (_headChars.Length < _head.Length) _headChars = new char[_head.Length * 2];
        _head.CopyTo(0, _headChars, _head.Length);
        AppendFolded(_headChars.AsSpan(0, _head.Length));
        if (list is not null && list.Any(IsQuotedPrintable)) AppendSoftBroken(value);
        else AppendFolded(value);
        _sb.Append("\r\n");
    }

    /// <summary>Writes an already unfolded line as it is (ExtraProperty.Line), folding it.</summary>
    public void WriteUnfolded(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        _octets = 0;
        AppendFolded(line);
        _sb.Append("\r\n");
    }

    internal static void AppendUnfolded(StringBuilder sb, string name, IReadOnlyList<ContentParameter>? parameters, string value, string? group)
    {
        AppendHead(sb, name, parameters, group);
        sb.Append(':').Append(value);
    }

    private static void AppendHead(StringBuilder sb, string name, IReadOnlyList<ContentParameter>? parameters, string? group)
    {
        if (!string.IsNullOrEmpty(group)) sb.Append(group).Append('.');
        sb.Append(name);
        if (parameters is null) return;
        foreach (var p in parameters)
        {
            sb.Append(';');
            // A bare value that would not read back as a bare value ("a=b", quotes…) is written with its name.
            var bare = p.IsBare && p.Values.All(IsPlainBareValue);
            if (!bare) sb.Append(p.Name).Append('=');
            for (var i = 0; i < p.Values.Count; i++)
            {
                if (i > 0) sb.Append(bare ? ';' : ',');
                AppendParameterValue(sb, p.Values[i]);
            }
        }
    }

    private static bool IsPlainBareValue(string value) =>
        value.Length > 0 && value.AsSpan().IndexOfAny("=\":;,^\r\n") < 0;

    private static void AppendParameterValue(StringBuilder sb, string value)
    {
        var encoded = Rfc6868.NeedsEncoding(value) ? Rfc6868.Encode(value) : value;
        if (encoded.AsSpan().IndexOfAny(':', ';', ',') >= 0) sb.Append('"').Append(encoded).Append('"');
        else sb.Append(encoded);
    }

    private static int EscapedUnitLength(string encoded, int i)
    {
        if (encoded[i] != '=' || i + 2 >= encoded.Length) return 1;
        var lead = HexByte(encoded, i);
        var trailing = lead switch { >= 0xF0 and <= 0xF7 => 3, >= 0xE0 and <= 0xEF => 2, >= 0xC0 and <= 0xDF => 1, _ => 0 };
        var length = 3;
        for (var k = 1; k <= trailing; k++)
        {
            var at = i + 3 * k;
            if (at + 2 >= encoded.Length || encoded[at] != '=' || HexByte(encoded, at) is < 0x80 or > 0xBF) break;
            length += 3;
        }
        return length;
    }

    private static int HexByte(string s, int at) =>
        int.TryParse(s.AsSpan(at + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : -1;

    private static bool IsQuotedPrintable(ContentParameter p) =>
        p.Name == "ENCODING" && p.Values.Any(v => v.Equals("QUOTED-PRINTABLE", StringComparison.OrdinalIgnoreCase));

    private void AppendFolded(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int octets;
            if (c < 0x80) octets = 1;
            else if (c < 0x800) octets = 2;
            else if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) octets = 4;
            else octets = 3;

            if (_octets + octets > MaxOctets)
            {
                _sb.Append("\r\n ");
                _octets = 1;
            }
            _sb.Append(c);
            if (octets == 4) _sb.Append(text[++i]);
            _octets += octets;
        }
    }

    // Quoted-printable lines continue after "=" CRLF with no leading space. Neither an =XX triple nor the
    // triples of one UTF-8 character are split: readers that decode each physical line alone still see text.
    private void AppendSoftBroken(string encoded)
    {
        for (var i = 0; i < encoded.Length;)
        {
            var take = EscapedUnitLength(encoded, i);
            if (_octets + take > MaxOctets)
            {
                _sb.Append("=\r\n");
                _octets = 0;
            }
            _sb.Append(encoded, i, take);
            _octets += take;
            i += take;
        }
    }
}
