namespace Tandem.Core.Connectors;

/// <summary>
/// What changed in a folder since a sync token. When <see cref="IsComplete"/> is true,
/// <see cref="Upserts"/> is the folder's whole content and an item absent from it is gone; otherwise
/// only <see cref="Deletions"/> delete. A connector never reports a paged, filtered or failed listing as
/// complete, because the engine infers deletions from it.
/// </summary>
public sealed record ChangeSet(
    IReadOnlyList<RemoteItem> Upserts,
    IReadOnlyList<string> Deletions,
    string NewToken,
    bool IsComplete);
