namespace Tandem.Core.Sync;

public enum MemberItemStatus
{
    /// <summary>The member holds the item under <see cref="MemberItem.RemoteId"/>.</summary>
    Synced = 0,

    /// <summary>
    /// A create was planned and its intent recorded; the store may or may not hold the item yet. Resolved by
    /// looking the stamp up before creating again.
    /// </summary>
    PendingCreate = 1,
}

/// <summary>
/// A logical item's copy in one member. Kept lean (no snapshot): the hash of what was last written or
/// seen tells echoes and metadata-only changes from real edits.
/// </summary>
/// <param name="ChangeKey">The store's change key / etag last seen (after our own write, the one it returned).</param>
/// <param name="Hash">Content hash last written to or seen in this member.</param>
/// <param name="Revision">The logical revision this copy corresponds to.</param>
/// <param name="IntentKey">For <see cref="MemberItemStatus.PendingCreate"/>: the key of the create's stamp.</param>
public sealed record MemberItem(
    long LogicalId,
    int MemberId,
    string? RemoteId,
    string? ChangeKey,
    Hash128 Hash,
    long Revision,
    MemberItemStatus Status,
    string? IntentKey = null);
