using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Tandem.Core.Sync;

namespace Tandem.State.Storage;

/// <summary>
/// A member item's row payload in one blob (revision, hash, remote id, change key, intent key): a cycle reads
/// every member item of a group, and reading one column instead of six per row is most of the load time.
/// Layout: varint revision, flag byte (1: hash follows), 16-byte hash, then three strings as varint
/// (UTF-8 length + 1; 0 = null) and bytes; then an optional tail (see Encode).
/// </summary>
internal static class MemberItemCodec
{
    private const int PendingFlag = 1;
    private const int MarkFlag = 2;
    private const int CopyFlag = 4;

    public static byte[] Encode(MemberItem item)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        WriteVarint(buffer, (ulong)item.Revision);
        if (item.Hash.IsNone)
        {
            buffer.Write([(byte)0]);
        }
        else
        {
            buffer.Write([(byte)1]);
            buffer.Write(item.Hash.ToBytes());
        }
        WriteString(buffer, item.RemoteId);
        WriteString(buffer, item.ChangeKey);
        WriteString(buffer, item.IntentKey);
        // optional tail, absent when neither is set (and in rows written before they existed): a flag byte, then
        // the pending update (varint revision, 16-byte hash) and the token mark (8 bytes), each when flagged
        var flags = (item.HasPendingUpdate ? PendingFlag : 0) | (item.TokenMark != 0 ? MarkFlag : 0) | (item.Copy ? CopyFlag : 0);
        if (flags != 0)
        {
            buffer.Write([(byte)flags]);
            if (item.HasPendingUpdate)
            {
                WriteVarint(buffer, (ulong)item.PendingRevision);
                buffer.Write(item.PendingHash.ToBytes());
            }
            if (item.TokenMark != 0)
            {
                BinaryPrimitives.WriteInt64BigEndian(buffer.GetSpan(8), item.TokenMark);
                buffer.Advance(8);
            }
        }
        return buffer.WrittenSpan.ToArray();
    }

    public static MemberItem Decode(ReadOnlySpan<byte> data, long logicalId, int memberId, MemberItemStatus status)
    {
        var position = 0;
        var revision = (long)ReadVarint(data, ref position);
        var hash = Hash128.None;
        if (data[position++] == 1)
        {
            hash = Hash128.FromBytes(data.Slice(position, 16));
            position += 16;
        }
        var remoteId = ReadString(data, ref position);
        var changeKey = ReadString(data, ref position);
        var intent = ReadString(data, ref position);
        if (position >= data.Length) return new MemberItem(logicalId, memberId, remoteId, changeKey, hash, revision, status, intent);
        var flags = data[position++];
        long pendingRevision = 0, mark = 0;
        var pendingHash = Hash128.None;
        if ((flags & PendingFlag) != 0)
        {
            pendingRevision = (long)ReadVarint(data, ref position);
            pendingHash = Hash128.FromBytes(data.Slice(position, 16));
            position += 16;
        }
        if ((flags & MarkFlag) != 0) mark = BinaryPrimitives.ReadInt64BigEndian(data.Slice(position, 8));
        return new MemberItem(logicalId, memberId, remoteId, changeKey, hash, revision, status, intent, pendingHash, pendingRevision, mark, (flags & CopyFlag) != 0);
    }

    private static void WriteString(ArrayBufferWriter<byte> buffer, string? value)
    {
        if (value is null)
        {
            WriteVarint(buffer, 0);
            return;
        }
        var length = Encoding.UTF8.GetByteCount(value);
        WriteVarint(buffer, (ulong)length + 1);
        Encoding.UTF8.GetBytes(value, buffer.GetSpan(length));
        buffer.Advance(length);
    }

    private static string? ReadString(ReadOnlySpan<byte> data, ref int position)
    {
        var marker = ReadVarint(data, ref position);
        if (marker == 0) return null;
        var length = (int)marker - 1;
        var value = Encoding.UTF8.GetString(data.Slice(position, length));
        position += length;
        return value;
    }

    private static void WriteVarint(ArrayBufferWriter<byte> buffer, ulong value)
    {
        var span = buffer.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        span[i++] = (byte)value;
        buffer.Advance(i);
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
            shift += 7;
        }
    }
}
