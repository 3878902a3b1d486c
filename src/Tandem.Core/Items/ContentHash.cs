using System.Security.Cryptography;

namespace Tandem.Core.Items;

/// <summary>
/// The fingerprint of an item's content after <see cref="ItemNormalizer"/>: two copies with the same
/// hash are the same item, whatever store noise surrounds them. The engine compares it with the hash it
/// last wrote to tell a real edit from an echo of its own write.
/// </summary>
public static class ContentHash
{
    /// <summary>128 bits of SHA-256 as 32 lowercase hex digits: collision-safe, and short enough to store per member item.</summary>
    public static string Compute(CanonicalItem item)
    {
        var bytes = ItemJson.SerializeToUtf8(ItemNormalizer.Normalize(item));
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(bytes, digest);
        return Convert.ToHexStringLower(digest[..16]);
    }
}
