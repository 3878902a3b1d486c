using System.Buffers.Binary;
using System.Text;
using Tandem.Lab.Soap;

namespace Tandem.Lab.Store;

/// <summary>
/// Opaque sync states: base64 of a magic, the scope (folder id, or the hierarchy root), the change number the client has
/// seen, and a checksum. A truncated, altered or other folder's state is refused with ErrorInvalidSyncStateData.
/// </summary>
internal static class SyncStateCodec
{
    private static readonly byte[] Magic = "LSS1"u8.ToArray();

    public static string Write(string scope, long changeNumber)
    {
        var scopeBytes = Encoding.UTF8.GetBytes(scope);
        var bytes = new byte[Magic.Length + 2 + scopeBytes.Length + 8 + 4];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), (ushort)scopeBytes.Length);
        scopeBytes.CopyTo(bytes, 6);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(6 + scopeBytes.Length), changeNumber);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4), Checksum(bytes.AsSpan(0, bytes.Length - 4)));
        return Convert.ToBase64String(bytes);
    }

    /// <summary>The change number in a state for this scope; null when the state is invalid (or the fault says so).</summary>
    public static long? Read(string state, string scope, LabFaults faults)
    {
        if (faults.TakeInvalidSyncState())
        {
            return null;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(state.Trim());
        }
        catch (FormatException)
        {
            return null;
        }

        if (bytes.Length < 18 || !bytes.AsSpan(0, 4).SequenceEqual(Magic)
            || BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4)) != Checksum(bytes.AsSpan(0, bytes.Length - 4)))
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4));
        if (6 + length + 8 + 4 != bytes.Length || Encoding.UTF8.GetString(bytes, 6, length) != scope)
        {
            return null;
        }

        return BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(6 + length));
    }

    public static EwsException Invalid() =>
        new("ErrorInvalidSyncStateData", "Synchronization state data is corrupt or otherwise invalid.");

    private static uint Checksum(ReadOnlySpan<byte> data)
    {
        var hash = 2166136261u;
        foreach (var b in data)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
