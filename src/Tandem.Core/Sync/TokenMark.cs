using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Tandem.Core.Sync;

/// <summary>
/// A short fingerprint of a member's change token, recorded on the copies we create after reading with it. Exchange's
/// SyncFolderItems (and a scan compared with the previous one) never reports the deletion of an item created after the
/// token it reads from: a copy of ours deleted by its user before any stored token covered it would go unseen. So a
/// copy whose mark equals the mark of the token its member is read from is one that read must report; if an
/// incremental read leaves it out, it is gone. Once a newer token is stored the mark no longer matches and means
/// nothing: marks are never cleared, they go stale.
/// </summary>
public static class TokenMark
{
    /// <summary>0 for no token (a read from no token is a complete listing, which needs no mark).</summary>
    public static long Of(string? token)
    {
        if (token is null) return 0;
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), digest);
        var mark = BinaryPrimitives.ReadInt64BigEndian(digest);
        return mark == 0 ? 1 : mark;
    }
}
