namespace Tandem.Connectors.Local;

/// <summary>
/// The concurrency token of one item file: size, modification time and a digest of the bytes. Size and
/// time let a scan skip unchanged files without reading them; the digest catches a rewrite that kept both
/// (coarse timestamps on some file systems).
/// </summary>
internal readonly record struct FileChangeKey(long Size, long MtimeTicks, string Hash)
{
    public override string ToString() => $"{Size}.{MtimeTicks}.{Hash}";

    public static FileChangeKey Of(FileInfo file, ReadOnlySpan<byte> content) =>
        new(file.Length, file.LastWriteTimeUtc.Ticks, FolderKeys.Hex64(content));
}
