namespace Tandem.Lab.Store;

internal enum StoreEventKind
{
    Created,
    Modified,
    Deleted,
    Moved,
}

/// <summary>A change in the store, as notifications report it (item or folder, its parent, and the old place for a move).</summary>
internal sealed record StoreEvent(
    StoreEventKind Kind,
    string Owner,
    string? ItemId,
    string? FolderId,
    string ParentFolderId,
    DateTimeOffset TimeStamp,
    string? OldItemId = null,
    string? OldParentFolderId = null,
    int? UnreadCount = null);
