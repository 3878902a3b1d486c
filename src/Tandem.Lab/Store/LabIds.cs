using System.Buffers.Binary;

namespace Tandem.Lab.Store;

/// <summary>
/// Opaque identifiers shaped like Exchange's: base64 blobs. Item ids start with the bytes Exchange item ids start with
/// ("AAMk…"), folder ids with "AAEu…". A ChangeKey is type (u32) + length + a store GUID + the 48-bit change number, as
/// observed on Exchange, so it changes on every update and the lab can read back which version a client held.
/// </summary>
internal static class LabIds
{
    private static readonly Guid StoreGuid = new("6c61622e-7465-7374-8000-00000000beef");

    public static string NewItemId() => NewId(0x00, 0x03, 0x24);

    public static string NewFolderId() => NewId(0x00, 0x01, 0x2E);

    /// <summary>
    /// Bytes in an id. Exchange's EWS ids are about 150 base64 characters, and clients rely on that: DavMail tells an
    /// item id from a client-given item name by its length (at least 140). Labs made before used 19 bytes; those ids
    /// are still recognised.
    /// </summary>
    public const int IdLength = 112;

    public static bool LooksLikeItemId(string id) => Decode(id) is { Length: 19 or IdLength } b && b[0] == 0x00 && b[1] == 0x03 && b[2] == 0x24;

    public static bool LooksLikeFolderId(string id) => Decode(id) is { Length: 19 or IdLength } b && b[0] == 0x00 && b[1] == 0x01 && b[2] == 0x2E;

    public static string ChangeKey(uint type, long changeNumber)
    {
        var bytes = new byte[4 + 4 + 16 + 6];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, type);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), 0x16);
        StoreGuid.TryWriteBytes(bytes.AsSpan(8));
        for (var i = 0; i < 6; i++)
        {
            bytes[24 + i] = (byte)(changeNumber >> (8 * (5 - i)));
        }

        return Convert.ToBase64String(bytes);
    }

    /// <summary>The change number inside a ChangeKey this lab issued, or null when it is not one.</summary>
    public static long? ChangeNumberOf(string? changeKey)
    {
        if (changeKey is null || Decode(changeKey) is not { Length: 30 } bytes)
        {
            return null;
        }

        long cn = 0;
        for (var i = 0; i < 6; i++)
        {
            cn = (cn << 8) | bytes[24 + i];
        }

        return cn;
    }

    /// <summary>The MAPI-style ChangeKey type Exchange uses per item kind.</summary>
    public static uint ChangeKeyType(string elementName) => elementName switch
    {
        "CalendarItem" => 15,
        "Contact" or "DistributionList" => 17,
        "Task" => 19,
        _ => 9,
    };

    public static byte[]? Decode(string id)
    {
        try
        {
            return Convert.FromBase64String(id);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string NewId(byte a, byte b, byte c)
    {
        // Type bytes, then the store's GUID as padding (an Exchange id carries the mailbox's), then a unique part.
        var bytes = new byte[IdLength];
        bytes[0] = a;
        bytes[1] = b;
        bytes[2] = c;
        var store = StoreGuid.ToByteArray();
        for (var i = 3; i < IdLength - 16; i++)
        {
            bytes[i] = store[i % 16];
        }

        Guid.NewGuid().TryWriteBytes(bytes.AsSpan(IdLength - 16));
        return Convert.ToBase64String(bytes);
    }
}
