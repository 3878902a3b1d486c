namespace Tandem.Core.Sync;

/// <summary>
/// One item of a group as the hub knows it (DESIGN.md "Engine"). The canonical snapshot itself is kept
/// by the state store and loaded only when a plan needs it, so a no-change cycle never touches it.
/// </summary>
/// <param name="Revision">Incremented on every accepted change.</param>
/// <param name="Modified">Modification time of the accepted version (newest-wins policy).</param>
/// <param name="OriginMember">The member whose edit made the current revision (priority policy).</param>
/// <param name="BaseRevision">
/// The oldest earlier revision whose snapshot is kept as a merge base (every kept revision lies between it and
/// <paramref name="Revision"/>); 0 when none is kept. Set under the merge policy to the oldest revision a sending
/// member is still on, so its edit can be merged against what it started from; lowered never, raised as members catch up.
/// </param>
/// <param name="DeletedIdentity">
/// For a tombstone: the identity keys of the deleted version (<see cref="IdentityKeys.Pack"/>), so that a joining member's
/// copy of it with other content is still known as this item (docs/roles.md: it follows the deletion's rules instead
/// of joining the group as a second item beside it if the item comes back). Null for live items: they have snapshots.
/// </param>
public sealed record LogicalItem(
    long Id,
    long Revision,
    Hash128 Hash,
    bool Tombstone,
    DateTimeOffset Modified,
    int OriginMember,
    long BaseRevision = 0,
    string? DeletedIdentity = null);
