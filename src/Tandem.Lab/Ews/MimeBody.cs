using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tandem.Lab.Ews;

/// <summary>
/// The body Exchange takes from a MIME message: the text/html part when the message has one, else the first
/// text/plain part that is not an attachment, decoded (base64 or quoted-printable, in its charset).
/// </summary>
internal static partial class MimeBody
{
    public static (string Text, bool Html)? Find(byte[] message)
    {
        var parts = new List<(string Type, string Text)>();
        Walk(Encoding.Latin1.GetString(message), parts, depth: 0);
        var html = parts.FirstOrDefault(p => p.Type == "text/html");
        if (html.Text is not null) return (html.Text, true);
        var text = parts.FirstOrDefault(p => p.Type == "text/plain");
        return text.Text is null ? null : (text.Text, false);
    }

    /// <summary>Collects the text parts of an entity (Latin-1 text: one char per byte, so decoding can use the right charset).</summary>
    private static void Walk(string entity, List<(string, string)> parts, int depth)
    {
        var headers = MessageMime.Headers(entity);
        var split = entity.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var crlf and >= 0 ? crlf + 4
            : entity.IndexOf("\n\n", StringComparison.Ordinal) is var lf and >= 0 ? lf + 2 : entity.Length;
        var body = entity[split..];
        var contentType = headers.GetValueOrDefault("content-type") ?? "text/plain";
        var type = contentType.Split(';')[0].Trim().ToLowerInvariant();
        if (type.StartsWith("multipart/", StringComparison.Ordinal) && depth < 8 && Parameter(contentType, "boundary") is { } boundary)
        {
            foreach (var part in body.Split("--" + boundary).Skip(1))
            {
                if (part.StartsWith("--", StringComparison.Ordinal)) break; // the closing delimiter
                Walk(part.TrimStart('\r', '\n'), parts, depth + 1);
            }

            return;
        }

        if (type is not ("text/plain" or "text/html") || (headers.GetValueOrDefault("content-disposition") ?? string.Empty).TrimStart().StartsWith("attachment", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var bytes = (headers.GetValueOrDefault("content-transfer-encoding") ?? string.Empty).Trim().ToLowerInvariant() switch
        {
            "base64" => Base64(body),
            "quoted-printable" => QuotedPrintable(body),
            _ => Encoding.Latin1.GetBytes(body),
        };
        Encoding charset;
        try
        {
            charset = Encoding.GetEncoding(Parameter(contentType, "charset") ?? "us-ascii");
        }
        catch (ArgumentException)
        {
            charset = Encoding.UTF8;
        }

        parts.Add((type, (charset is ASCIIEncoding ? Encoding.UTF8 : charset).GetString(bytes).TrimEnd('\r', '\n')));
    }

    private static string? Parameter(string header, string name)
    {
        var m = Regex.Match(header, ";\\s*" + name + "\\s*=\\s*(\"([^\"]*)\"|[^;\\s]+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
        return m.Success ? (m.Groups[2].Success ? m.Groups[2].Value : m.Groups[1].Value) : null;
    }

    private static byte[] Base64(string body)
    {
        try
        {
            return Convert.FromBase64String(Whitespace().Replace(body, string.Empty));
        }
        catch (FormatException)
        {
            return Encoding.Latin1.GetBytes(body);
        }
    }

    private static byte[] QuotedPrintable(string body)
    {
        var text = body.Replace("=\r\n", string.Empty, StringComparison.Ordinal).Replace("=\n", string.Empty, StringComparison.Ordinal);
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length && byte.TryParse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var b))
            {
                bytes.Add(b);
                i += 2;
            }
            else
            {
                bytes.Add((byte)text[i]);
            }
        }

        return [.. bytes];
    }

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Whitespace();
}
