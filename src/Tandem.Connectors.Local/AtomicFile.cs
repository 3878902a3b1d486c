namespace Tandem.Connectors.Local;

/// <summary>
/// Whole-file writes that a crash cannot leave half done: the bytes go to a temp file in the same directory
/// (same file system, so the rename is atomic), then a rename puts them in place. Temp names start with a
/// dot, so scans never mistake one for an item.
/// </summary>
internal static class AtomicFile
{
    public const string TempPrefix = ".tandem-tmp-";

    /// <summary>Writes or replaces <paramref name="path"/>.</summary>
    public static void Replace(string path, ReadOnlySpan<byte> content, bool durable)
    {
        var temp = WriteTemp(path, content, durable);
        try
        {
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>Creates <paramref name="path"/>; false (and nothing written) when a file of that name already exists.</summary>
    public static bool TryCreate(string path, ReadOnlySpan<byte> content, bool durable)
    {
        var temp = WriteTemp(path, content, durable);
        try
        {
            // without overwrite the move fails when the name was taken meanwhile: create-if-absent, atomically
            File.Move(temp, path, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            TryDelete(temp);
            return false;
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    /// <summary>The bytes in a temp file beside <paramref name="path"/>, not flushed and not yet visible: the caller flushes, then publishes or discards it.</summary>
    public static string Stage(string path, ReadOnlySpan<byte> content) => WriteTemp(path, content, durable: false);

    /// <summary>Moves a staged temp file to <paramref name="path"/>; without overwrite, false when the name is taken (the temp stays).</summary>
    public static bool TryPublish(string temp, string path, bool overwrite)
    {
        try
        {
            File.Move(temp, path, overwrite);
            return true;
        }
        catch (IOException) when (!overwrite && File.Exists(path))
        {
            return false;
        }
    }

    public static void Discard(string temp) => TryDelete(temp);

    /// <summary>Removes temp files a killed process left behind, once they are old enough not to be another writer's.</summary>
    public static void SweepStaleTemps(string directory, DateTimeOffset olderThan)
    {
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles(TempPrefix + "*"))
        {
            if (file.LastWriteTimeUtc < olderThan.UtcDateTime) TryDelete(file.FullName);
        }
    }

    private static string WriteTemp(string path, ReadOnlySpan<byte> content, bool durable)
    {
        var temp = Path.Combine(Path.GetDirectoryName(path)!, TempPrefix + Guid.NewGuid().ToString("N"));
        using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, FileOptions.None))
        {
            stream.Write(content);
            // durable: the data is on disk before the rename makes it visible (power loss, not just a killed process)
            stream.Flush(flushToDisk: durable);
        }
        return temp;
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
