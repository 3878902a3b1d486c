using System.Text;

namespace Tandem.Connectors.Local;

/// <summary>
/// What one scan of a folder saw. Its id is the digest of its serialized form, so the same folder state always
/// gets the same sync token, and a damaged snapshot file is detected (its digest no longer matches its name).
/// </summary>
internal sealed class ScanSnapshot
{
    private static readonly byte[] Magic = "TSCN1"u8.ToArray();

    public ScanSnapshot(IEnumerable<ScanEntry> entries)
    {
        Entries = entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        Bytes = Serialize(Entries.Values);
        Id = FolderKeys.Hex64(Bytes);
    }

    // a loaded snapshot is its file's bytes, already checked against its id: not sorted, written and digested again
    private ScanSnapshot(Dictionary<string, ScanEntry> entries, byte[] bytes, string id)
    {
        Entries = entries;
        Bytes = bytes;
        Id = id;
    }

    public IReadOnlyDictionary<string, ScanEntry> Entries { get; }

    public string Id { get; }

    public byte[] Bytes { get; }

    /// <summary>The snapshot stored as <paramref name="bytes"/>, or null when they are not a snapshot with id <paramref name="expectedId"/>.</summary>
    public static ScanSnapshot? TryLoad(byte[] bytes, string expectedId)
    {
        if (FolderKeys.Hex64(bytes) != expectedId || !bytes.AsSpan().StartsWith(Magic)) return null;
        using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, bytes.Length - Magic.Length), Encoding.UTF8);
        var count = reader.ReadInt32();
        var entries = new Dictionary<string, ScanEntry>(count, StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var entry = new ScanEntry(reader.ReadString(), reader.ReadInt64(), reader.ReadInt64(), reader.ReadString());
            if (!entries.TryAdd(entry.Name, entry)) return null; // never written so: not a snapshot of ours
        }
        return new ScanSnapshot(entries, bytes, expectedId);
    }

    private static byte[] Serialize(IEnumerable<ScanEntry> entries)
    {
        var ordered = entries.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(ordered.Count);
            foreach (var e in ordered)
            {
                writer.Write(e.Name);
                writer.Write(e.Size);
                writer.Write(e.MtimeTicks);
                writer.Write(e.Hash);
            }
        }
        return stream.ToArray();
    }
}
