using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.VCard;

/// <summary>
/// Inline pictures in their three spellings: 2.1 ENCODING=BASE64, 3.0 ENCODING=b with TYPE=JPEG, and 4.0
/// data: URIs. A picture given by URL is not inline and stays an extra property.
/// </summary>
internal static class VCardPhotos
{
    public static Photo? TryRead(ContentLine line)
    {
        var raw = line.RawValue;
        string? mediaType;
        string data;
        if (raw.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            var comma = raw.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0) return null;
            var header = raw[5..comma];
            if (!header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase)) return null;
            mediaType = header[..^7];
            data = raw[(comma + 1)..];
        }
        else
        {
            var encoding = line.Param("ENCODING");
            if (encoding is null || !(encoding.Equals("b", StringComparison.OrdinalIgnoreCase) || encoding.Equals("BASE64", StringComparison.OrdinalIgnoreCase)))
            {
                return null;
            }
            mediaType = line.Param("MEDIATYPE") ?? line.Param("TYPE");
            data = raw;
        }

        data = RemoveWhitespace(data);
        var buffer = new byte[data.Length];
        if (data.Length == 0 || !Convert.TryFromBase64String(data, buffer, out var length)) return null;
        return new Photo(MediaType(mediaType, buffer.AsSpan(0, length)), data);
    }

    /// <summary>The TYPE value for 2.1/3.0 ("JPEG" for image/jpeg).</summary>
    public static string TypeFor(Photo photo)
    {
        // Only image/* has a short form; anything else is written whole so that it reads back the same.
        var subtype = photo.MediaType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) ? photo.MediaType[6..] : "";
        return subtype.Length > 0 && subtype.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.')
            ? subtype.ToUpperInvariant()
            : photo.MediaType;
    }

    private static string MediaType(string? declared, ReadOnlySpan<byte> bytes)
    {
        if (!string.IsNullOrWhiteSpace(declared))
        {
            var d = declared.Trim().ToLowerInvariant();
            return d.Contains('/', StringComparison.Ordinal) ? d : "image/" + d;
        }
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, (byte)'P', (byte)'N', (byte)'G'])) return "image/png";
        if (bytes.StartsWith("GIF8"u8)) return "image/gif";
        return "image/jpeg";
    }

    private static string RemoveWhitespace(string s) =>
        s.AsSpan().IndexOfAny(" \t\r\n") < 0 ? s : string.Concat(s.Where(c => !char.IsWhiteSpace(c)));
}
