namespace Tandem.Connectors.Local;

/// <summary>
/// Keeps the snapshots that sync tokens name, under ROOT/.tandem/scans/FOLDERKEY/. The token itself stays a
/// few bytes (the engine stores one per member); the snapshot it names lives beside the data it describes.
/// Only the newest few are kept: a token whose snapshot is gone reads as a complete listing, which is
/// always safe, just slower.
/// </summary>
internal sealed class ScanStore(string directory, TimeProvider time)
{
    public const string TokenPrefix = "local1:";
    private const int Keep = 8;

    /// <summary>
    /// The snapshot this store last saved or loaded: the engine reads a folder again right after writing to it, from
    /// the token the first read returned, and that snapshot need not be read from disk, checked and parsed again
    /// (its id is its digest, so the copy in memory is exactly what the file holds).
    /// </summary>
    private volatile ScanSnapshot? _last;

    public static ScanStore ForFolder(string root, string mailbox, string folderPath, TimeProvider time) =>
        new(Path.Combine(root, ".tandem", "scans", FolderKeys.Hex64(mailbox + "\n" + folderPath)), time);

    public static string Token(ScanSnapshot snapshot) => TokenPrefix + snapshot.Id;

    public ScanSnapshot? Load(string? token)
    {
        if (token is null || !token.StartsWith(TokenPrefix, StringComparison.Ordinal)) return null;
        var id = token[TokenPrefix.Length..];
        if (id.Length != 16 || !id.All(char.IsAsciiHexDigitLower)) return null;
        if (_last is { } last && last.Id == id) return last;
        var path = Path.Combine(directory, id);
        try
        {
            return _last = ScanSnapshot.TryLoad(File.ReadAllBytes(path), id) ?? _last;
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public void Save(ScanSnapshot snapshot)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, snapshot.Id);
        if (File.Exists(path))
        {
            // the folder came back to a state seen before: it is the newest again, so pruning must spare it
            Touch(snapshot);
        }
        else
        {
            AtomicFile.Replace(path, snapshot.Bytes, durable: false);
        }
        Prune(snapshot.Id);
        _last = snapshot;
    }

    /// <summary>
    /// Marks a loaded snapshot the newest again (a scan found the folder as it describes): another group reading the
    /// same folder makes snapshots of its own, and pruning theirs must not take this one.
    /// </summary>
    public void Touch(ScanSnapshot snapshot)
    {
        try
        {
            File.SetLastWriteTimeUtc(Path.Combine(directory, snapshot.Id), time.GetUtcNow().UtcDateTime);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // pruned meanwhile: the next scan reads the folder whole, which is safe
        }
    }

    private void Prune(string keepId)
    {
        var files = new DirectoryInfo(directory).GetFiles()
            .Where(f => !f.Name.StartsWith('.') && f.Name != keepId)
            .OrderByDescending(f => f.LastWriteTimeUtc)
            .Skip(Keep - 1);
        foreach (var file in files)
        {
            try { file.Delete(); }
            catch (IOException) { } // pruning is best effort; a leftover snapshot costs a few bytes
        }
    }
}
