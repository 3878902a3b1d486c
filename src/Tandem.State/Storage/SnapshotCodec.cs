using System.IO.Compression;
using Tandem.Core.Items;

namespace Tandem.State.Storage;

/// <summary>
/// Snapshots are ItemJson, Brotli-compressed: they are most of the database's size and are read only when
/// an item changes, so a little CPU buys a much smaller file. The first byte says how the rest is stored.
/// </summary>
internal static class SnapshotCodec
{
    private const byte Raw = 0;
    private const byte Brotli = 1;

    public static byte[] Encode(CanonicalItem item)
    {
        var json = ItemJson.SerializeToUtf8(item);
        var buffer = new byte[BrotliEncoder.GetMaxCompressedLength(json.Length) + 1];
        if (BrotliEncoder.TryCompress(json, buffer.AsSpan(1), out var written, quality: 4, window: 16) && written < json.Length)
        {
            buffer[0] = Brotli;
            return buffer[..(written + 1)];
        }
        var raw = new byte[json.Length + 1];
        raw[0] = Raw;
        json.CopyTo(raw, 1);
        return raw;
    }

    public static CanonicalItem Decode(byte[] data)
    {
        if (data.Length == 0) throw new InvalidDataException("empty snapshot");
        if (data[0] == Raw) return ItemJson.Deserialize(data.AsSpan(1));
        using var input = new MemoryStream(data, 1, data.Length - 1);
        using var brotli = new BrotliStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        brotli.CopyTo(output);
        return ItemJson.Deserialize(output.GetBuffer().AsSpan(0, (int)output.Length));
    }
}
