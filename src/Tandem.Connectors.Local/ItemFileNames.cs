using System.Text;
using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local;

/// <summary>
/// File names for items Tandem creates. They derive from the stamp alone, so a create repeated after a crash
/// lands on the same name and finds the first attempt instead of making a second copy.
/// </summary>
internal static class ItemFileNames
{
    private const int MaxStemLength = 80;

    public static string Extension(ItemKind kind) => kind switch
    {
        ItemKind.Contact => ".vcf",
        ItemKind.Message => ".eml",
        _ => ".ics",
    };

    /// <summary>The preferred name, and the fallback used when a hand-made file already took the preferred one.</summary>
    public static (string Primary, string Alternate) For(ItemStamp stamp, ItemKind kind)
    {
        var stem = Stem(stamp.LogicalId);
        var ext = Extension(kind);
        return (stem + ext, $"{stem}-{FolderKeys.Hex32(stamp.GroupId)}{ext}");
    }

    public static bool IsItemFile(string fileName, ItemKind kind) =>
        !IsHidden(fileName) && fileName.EndsWith(Extension(kind), StringComparison.OrdinalIgnoreCase);

    /// <summary>Dot-files are ours (temp files) or the system's; they are never items.</summary>
    public static bool IsHidden(string fileName) => fileName.StartsWith('.');

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
        return stem == logicalId && stem.Length > 0 ? stem : $"{stem}-{FolderKeys.Hex32(logicalId)}".TrimStart('-');
    }
}
