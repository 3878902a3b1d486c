using System.Globalization;

namespace Tandem.Core.Connectors;

/// <summary>
/// Tandem's mark on every item it writes (EWS: named extended properties in Tandem's property set;
/// DAV/local: deterministic names plus an X- property). It lets a restarted engine find a create that
/// reached the store before the crash, so nothing is created twice, and tell an update of ours that reached
/// the store unrecorded from its user's edit that happens to read the same (<see cref="Revision"/>).
/// </summary>
/// <param name="IntentKey">
/// The write's intent, with the revision it wrote after <c>@</c> when it names one (<see cref="Write"/>). Stores keep it as
/// one opaque string; stamps written before revisions were added carry the intent alone.
/// </param>
public sealed record ItemStamp(string GroupId, string LogicalId, string IntentKey)
{
    private const char RevisionMark = '@';

    /// <summary>The stamp of a write that brings the item to <paramref name="revision"/>.</summary>
    public static ItemStamp Write(string groupId, long logicalId, string intent, long revision) =>
        new(groupId, logicalId.ToString(CultureInfo.InvariantCulture), intent + RevisionMark + revision.ToString(CultureInfo.InvariantCulture));

    /// <summary>The intent alone: the same for every write of one copy, from its create on.</summary>
    public string Intent => IntentKey.IndexOf(RevisionMark, StringComparison.Ordinal) is var at and >= 0 ? IntentKey[..at] : IntentKey;

    /// <summary>This stamp as a store that cannot write it in the same request as the content must report it.</summary>
    public ItemStamp WithoutRevision() => this with { IntentKey = Intent };

    /// <summary>The revision the last write of ours brought the item to, when the stamp names one.</summary>
    public long? Revision
    {
        get
        {
            var at = IntentKey.IndexOf(RevisionMark, StringComparison.Ordinal);
            return at >= 0 && long.TryParse(IntentKey.AsSpan(at + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var revision) ? revision : null;
        }
    }
}
