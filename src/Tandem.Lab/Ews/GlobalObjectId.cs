using System.Text;

namespace Tandem.Lab.Ews;

/// <summary>
/// PidLidGlobalObjectId / PidLidCleanGlobalObjectId as Outlook and Exchange build them (MS-OXOCAL 2.2.1.27): the
/// fixed class id, year/month/day (zero in the clean form), creation time, reserved bytes, then the data. A UID that is
/// itself the hex of such a blob is used as is; any other UID is wrapped in the "vCal-Uid" form.
/// </summary>
internal static class GlobalObjectId
{
    private const string ClassIdHex = "040000008200E00074C5B7101A82E008";

    public static string NewUid(DateTimeOffset now)
    {
        var data = Guid.NewGuid().ToByteArray();
        var blob = new List<byte>(Convert.FromHexString(ClassIdHex));
        blob.AddRange(new byte[4]);
        blob.AddRange(BitConverter.GetBytes(now.ToFileTime()));
        blob.AddRange(new byte[8]);
        blob.AddRange(BitConverter.GetBytes(data.Length));
        blob.AddRange(data);
        return Convert.ToHexString(blob.ToArray());
    }

    public static byte[] FromUid(string uid, bool clean)
    {
        byte[] blob;
        if (uid.StartsWith(ClassIdHex, StringComparison.OrdinalIgnoreCase) && uid.Length % 2 == 0 && IsHex(uid))
        {
            blob = Convert.FromHexString(uid);
        }
        else
        {
            var data = new List<byte>(Encoding.ASCII.GetBytes("vCal-Uid"));
            data.AddRange(BitConverter.GetBytes(1));
            data.AddRange(Encoding.UTF8.GetBytes(uid));
            data.Add(0);
            var list = new List<byte>(Convert.FromHexString(ClassIdHex));
            list.AddRange(new byte[4 + 8 + 8]);
            list.AddRange(BitConverter.GetBytes(data.Count));
            list.AddRange(data);
            blob = [.. list];
        }

        if (clean && blob.Length >= 20)
        {
            blob[16] = blob[17] = blob[18] = blob[19] = 0;
        }

        return blob;
    }

    private static bool IsHex(string s) => s.Length >= 32 && s.All(char.IsAsciiHexDigit);
}
