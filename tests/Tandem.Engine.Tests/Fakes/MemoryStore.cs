using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Engine.Tests.Fakes;

/// <summary>
/// An in-memory store reachable as connection type "memory": the "server" outlives engine restarts, so a
/// test can kill the engine (<see cref="SimulatedCrash"/>) and start a new one on the same data.
/// </summary>
internal sealed class MemoryStore : IConnectorFactory
{
    private readonly Dictionary<string, MemoryFolder> _folders = new(StringComparer.OrdinalIgnoreCase);

    public MemoryStore(TimeProvider time, FaultPlan? faults = null)
    {
        Time = time;
        Faults = faults ?? new FaultPlan { Enabled = false };
    }

    public TimeProvider Time { get; }

    public FaultPlan Faults { get; }

    /// <summary>Called before each write batch reaches the folder: where tests make "concurrent" user edits.</summary>
    public Action<FolderRef>? BeforeWrite { get; set; }

    public bool CompleteListings { get; set; }

    /// <summary>Members whose reads fail (an unreachable server).</summary>
    public HashSet<string> Offline { get; } = new(StringComparer.OrdinalIgnoreCase);

    public int WriteCalls { get; private set; }

    /// <summary>Writes refused by fault injection so far (the model test uses it to tell a clean cycle from one that lost writes).</summary>
    public int RefusedWrites => _refusedWrites;

    private int _refusedWrites;

    internal void CountRefusedWrite() => Interlocked.Increment(ref _refusedWrites);

    public MemoryFolder Folder(FolderRef folder) => Folder(folder.ToString());

    public MemoryFolder Folder(string reference)
    {
        lock (_folders)
        {
            if (!_folders.TryGetValue(reference, out var f)) _folders[reference] = f = new MemoryFolder(reference) { CompleteListings = CompleteListings };
            return f;
        }
    }

    public bool Supports(string connectionType) => connectionType == "memory";

    public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets) => new Connector(this, connection);

    private sealed class Connector(MemoryStore store, ConnectionDefinition connection) : IConnector
    {
        public ConnectionDefinition Connection => connection;

        public Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<FolderInfo>>([]);

        public Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken) =>
            Task.FromResult<IFolderSession>(new Session(store, folder));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Session(MemoryStore store, FolderRef folder) : IFolderSession
    {
        public FolderRef Folder => folder;

        public Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken)
        {
            store.Faults.Step("read " + folder);
            if (store.Offline.Contains(folder.ToString())) throw new IOException($"{folder} is unreachable");
            return Task.FromResult(store.Folder(folder).Read(syncToken));
        }

        public Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken)
        {
            store.WriteCalls++;
            if (store.Offline.Contains(folder.ToString())) throw new IOException($"{folder} is unreachable");
            store.BeforeWrite?.Invoke(folder);
            var target = store.Folder(folder);
            var results = new List<WriteResult>();
            foreach (var write in writes)
            {
                store.Faults.Step("before write " + folder);
                if (store.Faults.ShouldFailWrite())
                {
                    store.CountRefusedWrite();
                    results.Add(new WriteResult(write, WriteOutcome.Failed, Error: "refused by fault injection"));
                    continue;
                }
                results.Add(target.Write(write, store.Time.GetUtcNow()));
                // a crash here loses the acknowledgment of a write that did happen
                store.Faults.Step("after write " + folder);
            }
            return Task.FromResult<IReadOnlyList<WriteResult>>(results);
        }

        public Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken)
        {
            store.Faults.Step("find " + folder);
            return Task.FromResult(store.Folder(folder).FindByStamp(groupId, logicalIds));
        }

        public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(null);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
