using Tandem.Core.Groups;

namespace Tandem.Connectors.Local;

/// <summary>Where a folder reference lives on disk: ROOT/MAILBOX/Folder/Path.</summary>
internal static class FolderLayout
{
    public static string DirectoryOf(string root, FolderRef folder)
    {
        var parts = new List<string> { root, CheckSegment(folder.Mailbox, folder) };
        parts.AddRange(folder.Segments.Select(s => CheckSegment(s, folder)));
        return Path.Combine([.. parts]);
    }

    /// <summary>Names that would escape the root, hide the folder or clash with Tandem's own files are refused.</summary>
    private static string CheckSegment(string segment, FolderRef folder)
    {
        if (segment.Length == 0 || segment.StartsWith('.') || segment.Contains('\\') || segment.Contains('\0') || segment.Contains('/'))
        {
            throw new ArgumentException($"'{segment}' in {folder} cannot be a local folder name (empty, starts with '.', or holds a path separator)");
        }
        return segment;
    }
}
