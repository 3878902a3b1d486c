using System.Security.Cryptography;
using System.Text;

namespace Tandem.Connectors.Local;

/// <summary>Short stable hex digests used in file names and change keys.</summary>
internal static class FolderKeys
{
    public static string Hex64(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(data, digest);
        return Convert.ToHexStringLower(digest[..8]);
    }

    public static string Hex64(string text) => Hex64(Encoding.UTF8.GetBytes(text));

    public static string Hex32(string text) => Hex64(text)[..8];
}
