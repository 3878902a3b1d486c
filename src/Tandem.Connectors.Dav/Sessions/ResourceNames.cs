using System.Security.Cryptography;
using System.Text;
using Tandem.Core.Connectors;

namespace Tandem.Connectors.Dav.Sessions;

/// <summary>
/// Resource names of the items Tandem creates. They derive from the stamp alone, so a create repeated after a crash
/// PUTs to the same URL with If-None-Match: * and finds the first attempt instead of making a second copy.
/// </summary>
internal static class ResourceNames
{
    private const int MaxStemLength = 80;

    /// <summary>The preferred name, and the fallback used when another client's resource already took the preferred one.</summary>
    public static (string Primary, string Alternate) For(ItemStamp stamp, string extension)
    {
        var stem = Stem(stamp.LogicalId);
        return (stem + extension, $"{stem}-{Hex(stamp.GroupId)}{extension}");
    }

    private static string Stem(string logicalId)
    {
        var sb = new StringBuilder(Math.Min(logicalId.Length, MaxStemLength));
        foreach (var ch in logicalId)
        {
            if (sb.Length == MaxStemLength) break;
            sb.Append(char.IsAsciiLetterOrDigit(ch) || ch is '-' or '_' ? ch : '_');
        }
        var stem = sb.ToString();
        // a lossy stem could make two logical ids collide: the digest of the original keeps them apart
        return stem == logicalId && stem.Length > 0 ? stem : $"{stem}-{Hex(logicalId)}".TrimStart('-');
    }

    private static string Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 4));
}
