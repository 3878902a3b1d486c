namespace Tandem.Lab.Store;

/// <summary>What changed in the store since the database was last brought up to date.</summary>
internal sealed class DirtySet
{
    public HashSet<string> Mailboxes { get; } = new(StringComparer.Ordinal);

    public HashSet<string> Folders { get; } = new(StringComparer.Ordinal);

    /// <summary>Item ids written or removed (an id absent from the store at flush time is deleted from the file).</summary>
    public HashSet<string> Items { get; } = new(StringComparer.Ordinal);

    public List<Tombstone> Tombstones { get; } = [];

    public List<FolderTombstone> FolderTombstones { get; } = [];

    public bool IsEmpty => Mailboxes.Count == 0 && Folders.Count == 0 && Items.Count == 0 && Tombstones.Count == 0 && FolderTombstones.Count == 0;

    public void Clear()
    {
        Mailboxes.Clear();
        Folders.Clear();
        Items.Clear();
        Tombstones.Clear();
        FolderTombstones.Clear();
    }
}
