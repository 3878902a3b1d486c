using System.Globalization;

namespace Tandem.Core.Sync;

/// <summary>
/// A write the member's store refused for the item itself (<see cref="Connectors.WriteOutcome.Refused"/>: an item it cannot
/// hold) is quarantined under a key naming the logical item and the revision refused, not a remote id (a refused create
/// has none). The fan-out does not send that revision to that member again: sending it again would be refused again.
/// A new revision of the item is tried (it may be writable), and <c>tandem retry</c> releases the entry to try again.
/// </summary>
public static class RefusedWrite
{
    private const string Prefix = "refused:";

    public static string Key(long logicalId, long revision) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{logicalId}@{revision}");

    /// <summary>The logical item and revision of a refused-write key; null for the key of an item that could not be read.</summary>
    public static (long LogicalId, long Revision)? Parse(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        var at = key.IndexOf('@', StringComparison.Ordinal);
        return at > Prefix.Length
            && long.TryParse(key.AsSpan(Prefix.Length, at - Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var logical)
            && long.TryParse(key.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision)
            ? (logical, revision)
            : null;
    }
}
