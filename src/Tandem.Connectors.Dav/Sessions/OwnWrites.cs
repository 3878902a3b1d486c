using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Tandem.Connectors.Dav.Sessions;

internal enum OwnWriteKind { Created, Updated, Deleted }

/// <summary>One resource Tandem wrote since a server token: how, and a digest of the ETag the server gave it.</summary>
internal sealed record OwnWrite(OwnWriteKind Kind, string? Digest);

/// <summary>
/// The writes a session made after the server token it last read, carried in the stored token in place of a read
/// that would only have found them (RFC 6578 reports every member created, changed or removed since a token). The
/// next read from that server token then leaves out what is only our own write (same name, same ETag; a removal we
/// made) and asks after each resource we created that the server did not report: a resource created after a token
/// is always reported while it exists, so one missing was deleted since, which a token read after our writes would
/// never have said (RFC 6578 need not report a member that came and went after the token).
/// </summary>
internal sealed class OwnWrites
{
    private const int DigestLength = 16;
    private readonly IReadOnlyDictionary<string, OwnWrite> _writes;

    private OwnWrites(IReadOnlyDictionary<string, OwnWrite> writes) => _writes = writes;

    public bool IsEmpty => _writes.Count == 0;

    /// <summary>Names of the resources created since the token.</summary>
    public IEnumerable<string> Created => _writes.Where(w => w.Value.Kind == OwnWriteKind.Created).Select(w => w.Key);

    /// <summary>The member reported changed with this ETag is our own write, as we left it.</summary>
    public bool IsOurs(string name, string etag) =>
        _writes.TryGetValue(name, out var write) && write.Kind != OwnWriteKind.Deleted && write.Digest == Digest(etag);

    /// <summary>The member reported removed is one we removed.</summary>
    public bool RemovedByUs(string name) => _writes.TryGetValue(name, out var write) && write.Kind == OwnWriteKind.Deleted;

    public static OwnWrites From(IReadOnlyDictionary<string, OwnWrite> writes) => new(new Dictionary<string, OwnWrite>(writes, StringComparer.Ordinal));

    /// <summary>
    /// Records a write into <paramref name="writes"/>. A resource created after a removal of ours in the same session
    /// may have existed at the token, so it counts as updated (reported only if its ETag differs, never inferred gone).
    /// </summary>
    public static void Record(ConcurrentDictionary<string, OwnWrite> writes, string name, OwnWriteKind kind, string? etag) =>
        writes.AddOrUpdate(name, _ => new OwnWrite(kind, Digest(etag)), (_, before) => new OwnWrite(
            kind == OwnWriteKind.Created && before.Kind != OwnWriteKind.Created ? OwnWriteKind.Updated
            : kind == OwnWriteKind.Updated && before.Kind == OwnWriteKind.Created ? OwnWriteKind.Created
            : kind, Digest(etag)));

    /// <summary>Entries joined by '/': a kind letter, the ETag digest (not for a removal), the escaped name.</summary>
    public override string ToString() =>
        string.Join('/', _writes.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => w.Value.Kind switch
        {
            OwnWriteKind.Created => "c" + w.Value.Digest,
            OwnWriteKind.Updated => "u" + w.Value.Digest,
            _ => "d",
        } + Uri.EscapeDataString(w.Key)));

    public static bool TryParse(string text, [NotNullWhen(true)] out OwnWrites? writes)
    {
        writes = null;
        var entries = new Dictionary<string, OwnWrite>(StringComparer.Ordinal);
        foreach (var entry in text.Split('/'))
        {
            if (entry.Length < 2) return false;
            var kind = entry[0] switch { 'c' => OwnWriteKind.Created, 'u' => OwnWriteKind.Updated, 'd' => OwnWriteKind.Deleted, _ => (OwnWriteKind?)null };
            if (kind is null) return false;
            var digested = kind != OwnWriteKind.Deleted;
            if (digested && entry.Length <= 1 + DigestLength) return false;
            var name = Uri.UnescapeDataString(entry[(digested ? 1 + DigestLength : 1)..]);
            entries[name] = new OwnWrite(kind.Value, digested ? entry.Substring(1, DigestLength) : null);
        }
        writes = new OwnWrites(entries);
        return true;
    }

    private static string? Digest(string? etag) =>
        etag is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(etag)).AsSpan(0, DigestLength / 2));
}
