using System.IO.Compression;
using System.Text;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>
/// The sync token of a public folder: what the last complete scan saw (item id → ChangeKey), gzipped.
/// Public folders have no SyncFolderItems, so comparing two complete scans is how changes and deletions
/// are found.
/// </summary>
internal static class ScanToken
{
    public const string Prefix = "pf1:";

    public static string Encode(IReadOnlyDictionary<string, string> seen)
    {
        var text = new StringBuilder();
        foreach (var (id, changeKey) in seen.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(id).Append('\t').Append(changeKey).Append('\n');
        }
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text.ToString()));
        }
        return Prefix + Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>The map of a token, or null when the token is not one of ours (then the folder is re-read whole).</summary>
    public static Dictionary<string, string>? Decode(string? token)
    {
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        try
        {
            using var input = new MemoryStream(Convert.FromBase64String(token[Prefix.Length..]));
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            while (reader.ReadLine() is { } line)
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                if (tab > 0) map[line[..tab]] = line[(tab + 1)..];
            }
            return map;
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException)
        {
            return null;
        }
    }
}
