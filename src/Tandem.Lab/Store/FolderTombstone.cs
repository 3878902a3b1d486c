namespace Tandem.Lab.Store;

/// <summary>
/// What remains of a deleted folder, so SyncFolderHierarchy reports its Delete to every scope that held it
/// (<paramref name="Ancestors"/>: the folders above it when it was deleted).
/// </summary>
internal sealed record FolderTombstone(string FolderId, string Owner, IReadOnlyList<string> Ancestors, long CreatedChangeNumber, long ChangeNumber);
