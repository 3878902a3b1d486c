using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tandem.Core.Items.Mail;

/// <summary>
/// RFC 2047 encoded words (<c>=?UTF-8?B?...?=</c>, <c>=?ISO-8859-1?Q?...?=</c>) decoded to text. Adjacent words of one
/// charset are decoded together, because mailers split a multi-byte character across two words; the white space
/// between encoded words is dropped (§6.2). A word in a charset this runtime does not know stays as it was.
/// </summary>
public static partial class EncodedWords
{
    [GeneratedRegex(@"=\?(?<charset>[^?\s]+)\?(?<enc>[BbQq])\?(?<text>[^?\s]*)\?=", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    public static string Decode(string value)
    {
        if (!value.Contains("=?", StringComparison.Ordinal)) return value;
        var sb = new StringBuilder(value.Length);
        var at = 0;
        string? pendingCharset = null;
        var pending = new List<byte>();
        foreach (Match m in Word().Matches(value))
        {
            var between = value[at..m.Index];
            var adjacent = pendingCharset is not null && string.IsNullOrWhiteSpace(between);
            var charset = CharsetName(m.Groups["charset"].Value);
            var bytes = Bytes(m.Groups["enc"].Value, m.Groups["text"].Value);
            if (bytes is null || Charset(charset) is null)
            {
                Flush(sb, ref pendingCharset, pending);
                sb.Append(value, at, m.Index + m.Length - at);
                at = m.Index + m.Length;
                continue;
            }
            if (!adjacent || !string.Equals(pendingCharset, charset, StringComparison.OrdinalIgnoreCase))
            {
                Flush(sb, ref pendingCharset, pending);
                if (!adjacent) sb.Append(between);
            }
            pendingCharset = charset;
            pending.AddRange(bytes);
            at = m.Index + m.Length;
        }
        Flush(sb, ref pendingCharset, pending);
        sb.Append(value, at, value.Length - at);
        return sb.ToString();
    }

    /// <summary>The encoding a MIME charset names, or null when this runtime has none by that name.</summary>
    public static Encoding? Charset(string name)
    {
        try
        {
            return System.Text.CodePagesEncodingProvider.Instance.GetEncoding(name) ?? Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static void Flush(StringBuilder sb, ref string? charset, List<byte> pending)
    {
        if (charset is null) return;
        sb.Append(Charset(charset)!.GetString(pending.ToArray()));
        pending.Clear();
        charset = null;
    }

    /// <summary>RFC 2231 lets a charset carry a language (<c>UTF-8*en</c>); the language is not needed to decode.</summary>
    private static string CharsetName(string raw)
    {
        var star = raw.IndexOf('*', StringComparison.Ordinal);
        return star < 0 ? raw : raw[..star];
    }

    private static byte[]? Bytes(string encoding, string text)
    {
        if (encoding is "B" or "b")
        {
            var padded = text.PadRight(text.Length + (4 - text.Length % 4) % 4, '=');
            try { return Convert.FromBase64String(padded); }
            catch (FormatException) { return null; }
        }
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (ch == '_') bytes.Add((byte)' ');
            else if (ch == '=' && i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else if (ch < 128) bytes.Add((byte)ch);
            else return null;
        }
        return bytes.ToArray();
    }
}
