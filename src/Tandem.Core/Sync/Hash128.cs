using System.Buffers.Binary;
using Tandem.Core.Items;

namespace Tandem.Core.Sync;

/// <summary>
/// A 128-bit content hash as a value (two longs) rather than a string or an array: member-item rows stay
/// lean in memory and on disk, and equality is by value.
/// </summary>
public readonly record struct Hash128(ulong High, ulong Low)
{
    public static readonly Hash128 None = default;

    public bool IsNone => High == 0 && Low == 0;

    public static Hash128 Of(CanonicalItem item)
    {
        Span<byte> digest = stackalloc byte[16];
        ContentHash.Compute(item, digest);
        return FromBytes(digest);
    }

    public static Hash128 FromBytes(ReadOnlySpan<byte> bytes) =>
        bytes.Length < 16 ? None : new(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));

    public byte[] ToBytes()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, High);
        BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), Low);
        return bytes;
    }

    public override string ToString() => $"{High:x16}{Low:x16}";
}
