using Tandem.Core.Items;

namespace Tandem.Core.Connectors;

/// <summary>
/// One item as a store holds it. <see cref="ChangeKey"/> is the store's concurrency token (EWS ChangeKey,
/// ETag, file size+mtime+hash); <see cref="Modified"/> feeds the newest-wins policy.
/// When the store's content could not be read, <see cref="Item"/> is null and <see cref="ParseError"/>
/// says why (file, line, reason) so the engine can quarantine the item and go on.
/// </summary>
public sealed record RemoteItem(
    string RemoteId,
    string ChangeKey,
    CanonicalItem? Item,
    ItemStamp? Stamp,
    DateTimeOffset? Modified,
    string? ParseError = null);
