using System.Diagnostics;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Bench.LocalRun;

/// <summary>Wraps a connector factory to measure the time spent inside folder reads and writes, apart from the engine and state.</summary>
internal sealed class TimedConnectorFactory(IConnectorFactory inner) : IConnectorFactory
{
    private long _readTicks;
    private long _writeTicks;

    public TimeSpan ReadTime => TimeSpan.FromTicks(Interlocked.Read(ref _readTicks));

    public TimeSpan WriteTime => TimeSpan.FromTicks(Interlocked.Read(ref _writeTicks));

    public void Reset()
    {
        Interlocked.Exchange(ref _readTicks, 0);
        Interlocked.Exchange(ref _writeTicks, 0);
    }

    public bool Supports(string connectionType) => inner.Supports(connectionType);

    public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets) => new Connector(this, inner.Create(connection, secrets));

    private sealed class Connector(TimedConnectorFactory owner, IConnector inner) : IConnector
    {
        public ConnectionDefinition Connection => inner.Connection;

        public Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken) => inner.ListFoldersAsync(mailbox, cancellationToken);

        public async Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken) =>
            new Session(owner, await inner.OpenFolderAsync(folder, kind, create, cancellationToken));

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class Session(TimedConnectorFactory owner, IFolderSession inner) : IFolderSession
    {
        public FolderRef Folder => inner.Folder;

        public async Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken)
        {
            var start = Stopwatch.GetTimestamp();
            try { return await inner.ReadChangesAsync(syncToken, cancellationToken); }
            finally { Interlocked.Add(ref owner._readTicks, Stopwatch.GetElapsedTime(start).Ticks); }
        }

        public async Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken)
        {
            var start = Stopwatch.GetTimestamp();
            try { return await inner.WriteAsync(writes, cancellationToken); }
            finally { Interlocked.Add(ref owner._writeTicks, Stopwatch.GetElapsedTime(start).Ticks); }
        }

        public Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken) =>
            inner.FindByStampAsync(groupId, logicalIds, cancellationToken);

        public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) => inner.SubscribeAsync(onChange, cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
