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
        : this(entries.ToDictionary(e => e.Name, StringComparer.Ordinal))
    {
    }

    /// <summary>A snapshot of <paramref name="entries"/> (by name, ordinal), which it keeps: the caller must not change them.</summary>
    public ScanSnapshot(Dictionary<string, ScanEntry> entries)
    {
        Entries = entries;
        Bytes = Serialize(entries);
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

    private static byte[] Serialize(Dictionary<string, ScanEntry> entries)
    {
        // names are unique, so an unstable sort gives the one order; it runs on every scan and every write's token
        var ordered = entries.Values.ToArray();
        Array.Sort(ordered, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        using var stream = new MemoryStream(Magic.Length + sizeof(int) + ordered.Length * 64);
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(ordered.Length);
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
