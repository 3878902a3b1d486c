namespace Tandem.Lab.Store;

/// <summary>What remains of a deleted (or moved-away) item, so SyncFolderItems can report the Delete.</summary>
internal sealed record Tombstone(string ItemId, string FolderId, string ElementName, long CreatedChangeNumber, long ChangeNumber);
