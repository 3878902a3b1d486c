namespace Tandem.Core.Items.Mail;

/// <summary>Line ends of a message's bytes brought to CRLF, the form RFC 5322 and Exchange use.</summary>
public static class MimeText
{
    /// <summary>The base64 of the message with every bare LF or CR made CRLF; the same string when nothing changes.</summary>
    public static string WithCrlf(string base64)
    {
        if (base64.Length == 0) return base64;
        var bytes = Convert.FromBase64String(base64);
        var fixedBytes = WithCrlf(bytes);
        return ReferenceEquals(fixedBytes, bytes) ? base64 : Convert.ToBase64String(fixedBytes);
    }

    public static byte[] WithCrlf(byte[] bytes)
    {
        var bare = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) bare++;
            else if (bytes[i] == '\r' && (i + 1 == bytes.Length || bytes[i + 1] != '\n')) bare++;
        }
        if (bare == 0) return bytes;
        var result = new byte[bytes.Length + bare];
        var o = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            var b = bytes[i];
            if (b == '\n' && (i == 0 || bytes[i - 1] != '\r')) result[o++] = (byte)'\r';
            result[o++] = b;
            if (b == '\r' && (i + 1 == bytes.Length || bytes[i + 1] != '\n')) result[o++] = (byte)'\n';
        }
        return result;
    }
}
