using System.Text;
using System.Text.Unicode;

namespace Tandem.Formats.ContentLines;

/// <summary>
/// Bytes to text for content lines: UTF-8 when the bytes are valid UTF-8, otherwise Windows-1252, which is
/// what old Outlook exports without a CHARSET really are (Latin-1 is a subset of it for printable text).
/// </summary>
internal static class TextDecoding
{
    // Initialising this registers the code-page provider that CHARSET=Shift_JIS, ISO-8859-2… also need.
    public static Encoding Windows1252 { get; } = GetCodePage(1252);

    public static bool IsUtf8(ReadOnlySpan<byte> bytes) => Utf8.IsValid(bytes);

    public static string Decode(ReadOnlySpan<byte> bytes, bool utf8)
    {
        if (bytes.IsEmpty) return string.Empty;
        if (utf8) return Encoding.UTF8.GetString(bytes);
        return HasUtf8Sequence(bytes) ? DecodeMixed(bytes) : Windows1252.GetString(bytes);
    }

    /// <summary>
    /// UTF-8 text with a few damaged bytes (a truncated copy, a Windows-1252 fragment pasted in): each valid UTF-8
    /// sequence is read as UTF-8 and only each stray byte as Windows-1252, so the value's non-Latin text survives.
    /// </summary>
    private static string DecodeMixed(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length);
        var i = 0;
        while (i < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[i..], out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                sb.Append(rune.ToString());
                i += consumed;
            }
            else
            {
                sb.Append(Windows1252.GetString(bytes.Slice(i, 1)));
                i++;
            }
        }
        return sb.ToString();
    }

    /// <summary>Whether the bytes hold at least one valid multi-byte UTF-8 sequence: then they were meant as UTF-8.</summary>
    private static bool HasUtf8Sequence(ReadOnlySpan<byte> bytes)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] < 0xC2) continue;
            if (System.Text.Rune.DecodeFromUtf8(bytes[i..], out _, out var consumed) == System.Buffers.OperationStatus.Done && consumed > 1) return true;
        }
        return false;
    }

    /// <summary>
    /// Decodes with a declared CHARSET (quoted-printable values in vCard 2.1). An unknown or lying charset
    /// falls back to UTF-8-or-Windows-1252 rather than failing the item.
    /// </summary>
    public static string DecodeCharset(ReadOnlySpan<byte> bytes, string? charset)
    {
        if (bytes.IsEmpty) return string.Empty;
        var encoding = charset is null ? null : TryGetEncoding(charset);
        if (encoding is null || encoding.CodePage == Encoding.UTF8.CodePage)
        {
            return Decode(bytes, IsUtf8(bytes));
        }
        return encoding.GetString(bytes);
    }

    private static Encoding? TryGetEncoding(string charset)
    {
        try
        {
            var encoding = Encoding.GetEncoding(charset.Trim());
            // UTF-7 is disabled in .NET and a security hazard anyway; treat it as undeclared.
            return encoding.CodePage == 65000 ? null : encoding;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    private static Encoding GetCodePage(int codePage)
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(codePage);
    }
}
