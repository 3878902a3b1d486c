using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local;

/// <summary>
/// A directory tree as a store: ROOT/MAILBOX/Folder/Path/, one .vcf or .ics file per item; a folder path ending in
/// .vcf or .ics is one file holding many items (<see cref="MultiItemFileSession"/>).
/// </summary>
internal sealed class LocalConnector(ConnectionDefinition connection, LocalSettings settings, TimeProvider time) : IConnector
{
    private static readonly TimeSpan StaleTempAge = TimeSpan.FromHours(1);

    public ConnectionDefinition Connection => connection;

    public Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken)
    {
        var root = new DirectoryInfo(RequireRoot());
        var mailboxes = mailbox is null
            ? Visible(root).ToList()
            : [new DirectoryInfo(Path.Combine(root.FullName, mailbox))];
        var folders = new List<FolderInfo>();
        foreach (var box in mailboxes.Where(m => m.Exists))
        {
            foreach (var dir in Visible(box, recursive: true))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = Path.GetRelativePath(box.FullName, dir.FullName).Replace(Path.DirectorySeparatorChar, '/');
                var (folderKind, count) = FolderContent.Describe(dir);
                folders.Add(new FolderInfo(box.Name, path, folderKind, count));
            }
        }
        return Task.FromResult<IReadOnlyList<FolderInfo>>(folders.OrderBy(f => f.Mailbox, StringComparer.Ordinal).ThenBy(f => f.Path, StringComparer.Ordinal).ToList());
    }

    public Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken)
    {
        var root = RequireRoot();
        var directory = FolderLayout.DirectoryOf(root, folder);
        IItemFileFormat format = kind switch
        {
            ItemKind.Contact => new VCardFileFormat(settings.VCardVersion),
            ItemKind.Message => new EmlFileFormat(),
            _ => new ICalendarFileFormat(time),
        };
        var scans = ScanStore.ForFolder(root, folder.Mailbox, folder.FolderPath, time);
        if (MultiItemFile.Is(folder, kind))
        {
            // files:shared/company.vcf — one file holding the member's items, not a directory of one file per item
            if (!File.Exists(directory) && !create) throw new FileNotFoundException($"folder {folder} does not exist (no file {directory})");
            return Task.FromResult<IFolderSession>(new MultiItemFileSession(folder, directory, kind, format, scans, settings.Durable));
        }
        if (!Directory.Exists(directory))
        {
            if (!create) throw new DirectoryNotFoundException($"folder {folder} does not exist (no directory {directory})");
            Directory.CreateDirectory(directory);
        }
        AtomicFile.SweepStaleTemps(directory, time.GetUtcNow() - StaleTempAge);
        return Task.FromResult<IFolderSession>(new LocalFolderSession(folder, directory, kind, format, scans, settings.Durable));
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>
    /// A missing root is never created: it usually means an unmounted share, and syncing an empty stand-in
    /// would look like every item was deleted.
    /// </summary>
    private string RequireRoot() => Directory.Exists(settings.Root)
        ? settings.Root
        : throw new DirectoryNotFoundException($"connection '{connection.Name}': root directory {settings.Root} does not exist");

    private static IEnumerable<DirectoryInfo> Visible(DirectoryInfo dir, bool recursive = false)
    {
        foreach (var child in dir.EnumerateDirectories().Where(d => !d.Name.StartsWith('.')).OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            yield return child;
            if (!recursive) continue;
            foreach (var grandchild in Visible(child, recursive: true)) yield return grandchild;
        }
    }
}
