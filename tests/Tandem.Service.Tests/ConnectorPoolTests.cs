using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Service.Runtime;

namespace Tandem.Service.Tests;

/// <summary>The service keeps connectors and folder sessions open between cycles, and replaces them when they must change.</summary>
public sealed class ConnectorPoolTests
{
    private static ConnectionDefinition Connection(string root, string? discoveredAt = null)
    {
        var settings = new Dictionary<string, string> { ["root"] = root };
        if (discoveredAt is not null) settings[ConnectionSettings.DiscoveredAt] = discoveredAt;
        return new ConnectionDefinition("files", "counting", settings);
    }

    [Fact]
    public async Task Create_SameConnection_ReusesConnectorAndFolderSessions_AndDisposingALeaseKeepsThemOpen()
    {
        var factory = new CountingFactory();
        await using var pool = new ConnectorPool([factory]);
        var folder = FolderRef.Parse("files:alice/Contacts");

        await using (var first = pool.Create(Connection("/a"), new Dictionary<string, string>()))
        await using (await first.OpenFolderAsync(folder, ItemKind.Contact, false, default))
        {
        }
        await using var second = pool.Create(Connection("/a"), new Dictionary<string, string>());
        await using var session = await second.OpenFolderAsync(folder, ItemKind.Contact, false, default);

        Assert.Equal(1, factory.Created);
        Assert.Equal(1, factory.Opened);
        Assert.Equal(0, factory.Disposed);
    }

    [Fact]
    public async Task Create_ChangedSettingsOrSecret_OpensANewConnector_ButNotForARefreshedDiscoveryTime()
    {
        var factory = new CountingFactory();
        await using var pool = new ConnectorPool([factory]);
        pool.Create(Connection("/a", "2026-12-01T00:00:00Z"), new Dictionary<string, string> { ["password"] = "x" });
        pool.Create(Connection("/a", "2026-12-05T00:00:00Z"), new Dictionary<string, string> { ["password"] = "x" });
        Assert.Equal(1, factory.Created);
        pool.Create(Connection("/a"), new Dictionary<string, string> { ["password"] = "y" });
        Assert.Equal(2, factory.Created);
        pool.Create(Connection("/b"), new Dictionary<string, string> { ["password"] = "y" });
        Assert.Equal(3, factory.Created);
    }

    [Fact]
    public async Task Forget_MakesTheNextCycleResolveTheFolderAgain()
    {
        var factory = new CountingFactory();
        await using var pool = new ConnectorPool([factory]);
        var folder = FolderRef.Parse("files:alice/Contacts");
        var connector = pool.Create(Connection("/a"), new Dictionary<string, string>());
        await connector.OpenFolderAsync(folder, ItemKind.Contact, false, default);
        pool.Forget(folder);
        await connector.OpenFolderAsync(folder, ItemKind.Contact, false, default);
        Assert.Equal(2, factory.Opened);
    }

    [Fact]
    public async Task DisposeAsync_ClosesEveryConnector_OldOnesToo()
    {
        var factory = new CountingFactory();
        var pool = new ConnectorPool([factory]);
        pool.Create(Connection("/a"), new Dictionary<string, string>());
        pool.Create(Connection("/b"), new Dictionary<string, string>());
        await pool.DisposeAsync();
        Assert.Equal(2, factory.Disposed);
    }

    [Fact]
    public void Fingerprint_NeverContainsTheSecret()
    {
        var fingerprint = ConnectorPool.Fingerprint(Connection("/a"), new Dictionary<string, string> { ["password"] = "hunter2-secret" });
        Assert.DoesNotContain("hunter2", fingerprint, StringComparison.Ordinal);
        Assert.Equal(64, fingerprint.Length);
    }

    private sealed class CountingFactory : IConnectorFactory
    {
        public int Created;
        public int Opened;
        public int Disposed;

        public bool Supports(string connectionType) => connectionType == "counting";

        public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets)
        {
            Created++;
            return new Connector(this, connection);
        }

        private sealed class Connector(CountingFactory factory, ConnectionDefinition connection) : IConnector
        {
            public ConnectionDefinition Connection => connection;

            public Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<FolderInfo>>([]);

            public Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken)
            {
                factory.Opened++;
                return Task.FromResult<IFolderSession>(new Session(folder));
            }

            public ValueTask DisposeAsync()
            {
                factory.Disposed++;
                return ValueTask.CompletedTask;
            }
        }

        private sealed class Session(FolderRef folder) : IFolderSession
        {
            public FolderRef Folder => folder;

            public Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken) => Task.FromResult(new ChangeSet([], [], "t", true));

            public Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<WriteResult>>([]);

            public Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken) =>
                Task.FromResult<IReadOnlyList<RemoteItem>>([]);

            public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(null);

            public ValueTask DisposeAsync() => throw new InvalidOperationException("a pooled session must not be disposed by the engine");
        }
    }
}
