using Tandem.Core.Items;

namespace Tandem.Core.Connectors;

/// <summary>
/// One item as a store holds it. <see cref="ChangeKey"/> is the store's concurrency token (EWS ChangeKey,
/// ETag, file size+mtime+hash); <see cref="Modified"/> feeds the newest-wins policy.
/// When the store's content could not be read, <see cref="Item"/> is null and <see cref="ParseError"/>
/// says why (file, line, reason) so the engine can quarantine the item and go on. <see cref="ReadNote"/> says what in
/// an item that was read is odd and kept as it came (a property name the standard does not allow), for the log.
/// </summary>
public sealed record RemoteItem(
    string RemoteId,
    string ChangeKey,
    CanonicalItem? Item,
    ItemStamp? Stamp,
    DateTimeOffset? Modified,
    string? ParseError = null,
    string? ReadNote = null);
