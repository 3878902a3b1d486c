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

    public static string Decode(ReadOnlySpan<byte> bytes, bool utf8) =>
        bytes.IsEmpty ? string.Empty : (utf8 ? Encoding.UTF8 : Windows1252).GetString(bytes);

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
