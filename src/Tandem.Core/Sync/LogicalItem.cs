namespace Tandem.Core.Sync;

/// <summary>
/// One item of a group as the hub knows it (DESIGN.md "Engine"). The canonical snapshot itself is kept
/// by the state store and loaded only when a plan needs it, so a no-change cycle never touches it.
/// </summary>
/// <param name="Revision">Incremented on every accepted change.</param>
/// <param name="Modified">Modification time of the accepted version (newest-wins policy).</param>
/// <param name="OriginMember">The member whose edit made the current revision (priority policy).</param>
/// <param name="BaseRevision">Revision of the previous snapshot kept as merge base; 0 when none is kept.</param>
public sealed record LogicalItem(
    long Id,
    long Revision,
    Hash128 Hash,
    bool Tombstone,
    DateTimeOffset Modified,
    int OriginMember,
    long BaseRevision = 0);
