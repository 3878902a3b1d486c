using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Core.Connectors;

/// <summary>
/// One store (an Exchange organisation, a DAV server, a directory…). The engine never sees protocol
/// details: it opens folders and talks to them through <see cref="IFolderSession"/>.
/// </summary>
public interface IConnector : IAsyncDisposable
{
    ConnectionDefinition Connection { get; }

    /// <summary>Folders under a mailbox (or every mailbox it can see when null), public folders included.</summary>
    Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken);

    /// <summary>Opens a folder, creating it when <paramref name="create"/> is set and it does not exist.</summary>
    Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a member's folder given the sync token its last read returned. A store whose folders have ids puts the
    /// folder's id in its token and opens by it, so a folder renamed or moved on the server keeps syncing and one deleted
    /// there fails with that reason (it is not created again empty, which would read as every item deleted). Stores
    /// without folder ids open by path.
    /// </summary>
    Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, string? syncToken, CancellationToken cancellationToken) =>
        OpenFolderAsync(folder, kind, create, cancellationToken);
}

/// <summary>One folder of one store, typed by the group's item kind.</summary>
public interface IFolderSession : IAsyncDisposable
{
    FolderRef Folder { get; }

    /// <summary>Changes since <paramref name="syncToken"/>; null reads the whole folder (a complete listing).</summary>
    Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken);

    /// <summary>Runs writes in batches the store handles well; one result per request, in order.</summary>
    Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken);

    /// <summary>Items carrying Tandem's stamp for the given logical ids (crash recovery before re-creating).</summary>
    Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken);

    /// <summary>
    /// Calls <paramref name="onChange"/> when the folder changes (server notifications, a file watcher).
    /// Returns null when the store cannot notify, so the caller polls.
    /// </summary>
    Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken);
}

/// <summary>Builds connectors from their definitions; secrets are resolved by the caller and passed in.</summary>
public interface IConnectorFactory
{
    bool Supports(string connectionType);

    IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets);
}
