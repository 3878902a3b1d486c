using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Dav.Tests.Scenarios;

/// <summary>
/// The dav factory with a hook that runs once, just before the engine's first write to <paramref name="folder"/>: there a
/// test plays a user whose edit lands between the engine's read and its write — the race If-Match exists for.
/// </summary>
internal sealed class RacingFactory(FolderRef folder, Func<Task> beforeFirstWrite) : IConnectorFactory
{
    private int _fired;

    public bool Fired => _fired == 1;

    public bool Supports(string connectionType) => connectionType == DavConnectorFactory.Type;

    public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets) =>
        new Connector(new DavConnectorFactory().Create(connection, secrets), this);

    private sealed class Connector(IConnector inner, RacingFactory owner) : IConnector
    {
        public ConnectionDefinition Connection => inner.Connection;

        public Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken) => inner.ListFoldersAsync(mailbox, cancellationToken);

        public async Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken)
        {
            var session = await inner.OpenFolderAsync(folder, kind, create, cancellationToken);
            return folder.Mailbox == owner.Target.Mailbox && folder.FolderPath == owner.Target.FolderPath ? new Session(session, owner) : session;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private FolderRef Target => folder;

    private Task BeforeFirstWrite() => beforeFirstWrite();

    private sealed class Session(IFolderSession inner, RacingFactory owner) : IFolderSession
    {
        public FolderRef Folder => inner.Folder;

        public Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken) => inner.ReadChangesAsync(syncToken, cancellationToken);

        public async Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref owner._fired, 1) == 0) await owner.BeforeFirstWrite();
            return await inner.WriteAsync(writes, cancellationToken);
        }

        public Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken) =>
            inner.FindByStampAsync(groupId, logicalIds, cancellationToken);

        public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) => inner.SubscribeAsync(onChange, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
