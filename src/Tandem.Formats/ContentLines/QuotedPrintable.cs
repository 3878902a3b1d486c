namespace Tandem.Formats.ContentLines;

/// <summary>
/// Quoted-printable (RFC 2045) as vCard 2.1 uses it. Soft line breaks are removed by the reader while
/// unfolding; a malformed escape is kept literally, as mail clients do, rather than failing the contact.
/// </summary>
internal static class QuotedPrintable
{
    public static byte[] Decode(ReadOnlySpan<byte> encoded)
    {
        var output = new byte[encoded.Length];
        return output.AsSpan(0, Decode(encoded, output)).ToArray();
    }

    /// <summary>Decodes into <paramref name="output"/> (at least as long as the input); returns the decoded length.</summary>
    public static int Decode(ReadOnlySpan<byte> encoded, Span<byte> output)
    {
        var n = 0;
        for (var i = 0; i < encoded.Length; i++)
        {
            var b = encoded[i];
            if (b == (byte)'=' && i + 2 < encoded.Length
                && HexValue(encoded[i + 1]) is var hi and >= 0 && HexValue(encoded[i + 2]) is var lo and >= 0)
            {
                output[n++] = (byte)((hi << 4) | lo);
                i += 2;
            }
            else
            {
                output[n++] = b;
            }
        }
        return n;
    }

    /// <summary>Encodes text bytes; CR LF pairs become =0D=0A, everything outside printable ASCII is escaped.</summary>
    public static string Encode(ReadOnlySpan<byte> bytes)
    {
        var chars = new System.Text.StringBuilder(bytes.Length * 2);
        foreach (var b in bytes)
        {
            if (b is >= 33 and <= 126 && b != (byte)'=' || b == (byte)' ')
            {
                chars.Append((char)b);
            }
            else
            {
                chars.Append('=').Append(HexDigit(b >> 4)).Append(HexDigit(b & 0xF));
            }
        }
        // A trailing space would be eaten by transports and by our own trimming reader.
        if (chars.Length > 0 && chars[^1] == ' ')
        {
            chars.Length--;
            chars.Append("=20");
        }
        return chars.ToString();
    }

    private static char HexDigit(int v) => (char)(v < 10 ? '0' + v : 'A' + v - 10);

    private static int HexValue(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        _ => -1,
    };
}
