using System.Buffers;
using System.Security.Cryptography;

namespace Tandem.Core.Items;

/// <summary>
/// The fingerprint of an item's content after <see cref="ItemNormalizer"/>: two copies with the same
/// hash are the same item, whatever store noise surrounds them. The engine compares it with the hash it
/// last wrote to tell a real edit from an echo of its own write.
/// </summary>
public static class ContentHash
{
    /// <summary>
    /// The JSON of each hash is written into one buffer per thread: a cycle hashes every item it reads, and a fresh array
    /// per item was most of the garbage an initial sync of 100,000 contacts left for the collector.
    /// </summary>
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>128 bits of SHA-256 as 32 lowercase hex digits: collision-safe, and short enough to store per member item.</summary>
    public static string Compute(CanonicalItem item)
    {
        Span<byte> digest = stackalloc byte[16];
        Compute(item, digest);
        return Convert.ToHexStringLower(digest);
    }

    /// <summary>The same 128 bits, into <paramref name="digest"/> (16 bytes), without a string.</summary>
    public static void Compute(CanonicalItem item, Span<byte> digest)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        buffer.ResetWrittenCount();
        ItemJson.Write(ItemNormalizer.Normalize(item), buffer);
        Span<byte> full = stackalloc byte[32];
        SHA256.HashData(buffer.WrittenSpan, full);
        full[..16].CopyTo(digest);
    }
}
