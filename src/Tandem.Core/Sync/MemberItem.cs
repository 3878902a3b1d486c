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

    /// <summary>
    /// The member's own item, matched to a group item the group had deleted but whose content differs from the deleted
    /// version (a target's edited copy, or a sender's copy the filter keeps out; docs/roles.md). Left alone while the item
    /// stays deleted; if the item comes back (a source's edit), this is the member's copy of it — updated, never joined
    /// by a second one. Recorded only while some member still holds the deleted item, so it can come back.
    /// </summary>
    Own = 2,

    /// <summary>
    /// A sending member's item the filter kept out when the member joined, recorded against a group item that holds no
    /// version yet (a deletion-like record with its identity keys and hash). Members that joined before it match their
    /// own copies of it (as <see cref="Own"/>), so when an edit of the member lets it in, it comes in as the item that
    /// member brought, and every receiver's own copy is brought to it instead of getting a second one beside it
    /// (docs/roles.md). Holds the record for as long as the member holds the item; never written, never deleted by Tandem.
    /// </summary>
    KeptOut = 3,
}

/// <summary>
/// A logical item's copy in one member. Kept lean (no snapshot): the hash of what was last written or
/// seen tells echoes and metadata-only changes from real edits.
/// </summary>
/// <param name="ChangeKey">The store's change key / etag last seen (after our own write, the one it returned).</param>
/// <param name="Hash">Content hash last written to or seen in this member.</param>
/// <param name="Revision">The logical revision this copy corresponds to.</param>
/// <param name="IntentKey">
/// The key of the create's stamp: the create's record while <see cref="MemberItemStatus.PendingCreate"/>, and kept once it
/// is synced, so that a second item carrying the same stamp and intent (one create sent twice, e.g. late by a node that
/// had lost its lease) is known as Tandem's own duplicate rather than a user's item.
/// </param>
/// <param name="PendingHash">
/// The write-ahead record of an update: the content hash an update planned for this copy will leave there, committed
/// before the update is sent. If the process dies after the store took the update but before its result was recorded,
/// the next read shows that content under a change key we never recorded; without this record it would look like the
/// member's own edit, made on an old revision, and could win a conflict against a newer edit elsewhere (a lost edit).
/// </param>
/// <param name="PendingRevision">The revision the planned update brings this copy to.</param>
/// <param name="TokenMark">For a copy we created: the <see cref="Sync.TokenMark"/> of the member's token at the time (0: none).</param>
/// <param name="Copy">
/// The member's item is one Tandem created (a create it planned, found or recorded), not the member's own original nor
/// an item it held before it joined and that was matched. Only such copies are deleted by a purge.
/// </param>
public sealed record MemberItem(
    long LogicalId,
    int MemberId,
    string? RemoteId,
    string? ChangeKey,
    Hash128 Hash,
    long Revision,
    MemberItemStatus Status,
    string? IntentKey = null,
    Hash128 PendingHash = default,
    long PendingRevision = 0,
    long TokenMark = 0,
    bool Copy = false)
{
    /// <summary>An update of this copy was planned and may have reached the store unrecorded.</summary>
    public bool HasPendingUpdate => !PendingHash.IsNone;

    /// <summary>This copy with its update's outcome known: no write-ahead record left.</summary>
    public MemberItem Settled() => HasPendingUpdate ? this with { PendingHash = Hash128.None, PendingRevision = 0 } : this;
}
