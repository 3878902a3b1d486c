namespace Tandem.Connectors.Local;

/// <summary>One file as a scan saw it: enough to tell "unchanged" from stat alone, and the item's change key.</summary>
internal readonly record struct ScanEntry(string Name, long Size, long MtimeTicks, string Hash)
{
    public FileChangeKey Key => new(Size, MtimeTicks, Hash);

    public bool SameStat(long size, long mtimeTicks) => Size == size && MtimeTicks == mtimeTicks;
}
