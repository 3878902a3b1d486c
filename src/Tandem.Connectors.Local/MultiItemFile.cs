using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local;

/// <summary>Whether a folder reference names one multi-item file rather than a directory: its last segment is a .vcf (contacts) or .ics (calendar items) file name.</summary>
internal static class MultiItemFile
{
    public static bool Is(FolderRef folder, ItemKind kind)
    {
        // mail folders are always directories, one .eml per message (an mbox is not a member Tandem writes)
        if (kind == ItemKind.Message) return false;
        var last = folder.Segments.Count == 0 ? folder.Mailbox : folder.Segments[^1];
        var extension = Path.GetExtension(last);
        if (extension.Length == 0) return false;
        var wanted = ItemFileNames.Extension(kind);
        if (extension.Equals(wanted, StringComparison.OrdinalIgnoreCase)) return true;
        if (extension.Equals(".vcf", StringComparison.OrdinalIgnoreCase) || extension.Equals(".ics", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException($"{folder} is a {extension} file, which cannot hold {kind} items");
        return false;
    }
}
