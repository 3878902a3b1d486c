using System.Globalization;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Bench.Engine;

/// <summary>
/// A minimal in-memory store (connection type "bench-memory") with incremental tokens, so engine benchmarks
/// measure the engine and the state store, not a protocol or a disk of item files.
/// </summary>
internal sealed class BenchMemoryStore : IConnectorFactory
{
    private readonly Dictionary<string, Folder> _folders = new(StringComparer.OrdinalIgnoreCase);

    public Folder Get(string reference)
    {
        if (!_folders.TryGetValue(reference, out var folder)) _folders[reference] = folder = new Folder();
        return folder;
    }

    /// <summary>Drops a folder and everything in it (the benchmark weighs what the copies written there held).</summary>
    public void Forget(string reference) => _folders.Remove(reference);

    public bool Supports(string connectionType) => connectionType == "bench-memory";

    public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets) => new Connector(this, connection);

    internal sealed class Folder
    {
        private readonly Dictionary<string, RemoteItem> _items = new(StringComparer.Ordinal);
        private readonly List<string> _changed = [];
        private int _next;

        public int Count => _items.Count;

        public void Add(CanonicalItem item)
        {
            var id = "i" + (++_next).ToString(CultureInfo.InvariantCulture);
            _items[id] = new RemoteItem(id, "k" + _next.ToString(CultureInfo.InvariantCulture), item, null, DateTimeOffset.UnixEpoch);
            _changed.Add(id);
        }

        public ChangeSet Read(string? token)
        {
            if (token is null) return new ChangeSet(_items.Values.ToList(), [], _changed.Count.ToString(CultureInfo.InvariantCulture), true);
            var since = int.Parse(token, CultureInfo.InvariantCulture);
            var upserts = _changed.Skip(since).Distinct().Where(_items.ContainsKey).Select(id => _items[id]).ToList();
            return new ChangeSet(upserts, [], _changed.Count.ToString(CultureInfo.InvariantCulture), false);
        }

        public IReadOnlyList<WriteResult> Write(IReadOnlyList<WriteRequest> writes)
        {
            var results = new List<WriteResult>(writes.Count);
            foreach (var w in writes)
            {
                switch (w.Kind)
                {
                    case WriteKind.Create:
                        var id = "i" + (++_next).ToString(CultureInfo.InvariantCulture);
                        var created = new RemoteItem(id, "k" + _next.ToString(CultureInfo.InvariantCulture), w.Item, w.Stamp, DateTimeOffset.UnixEpoch);
                        _items[id] = created;
                        _changed.Add(id);
                        results.Add(new WriteResult(w, WriteOutcome.Ok, id, created.ChangeKey));
                        break;
                    case WriteKind.Update:
                        var updated = _items[w.RemoteId!] with { Item = w.Item, ChangeKey = "k" + (++_next).ToString(CultureInfo.InvariantCulture) };
                        _items[w.RemoteId!] = updated;
                        _changed.Add(updated.RemoteId);
                        results.Add(new WriteResult(w, WriteOutcome.Ok, updated.RemoteId, updated.ChangeKey));
                        break;
                    default:
                        _items.Remove(w.RemoteId!);
                        results.Add(new WriteResult(w, WriteOutcome.Ok, w.RemoteId));
                        break;
                }
            }
            return results;
        }

        public IReadOnlyList<RemoteItem> Find(string group, IReadOnlyCollection<string> logicalIds) =>
            _items.Values.Where(i => i.Stamp?.GroupId == group && logicalIds.Contains(i.Stamp.LogicalId)).ToList();
    }

    private sealed class Connector(BenchMemoryStore store, ConnectionDefinition connection) : IConnector
    {
        public ConnectionDefinition Connection => connection;

        public Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<FolderInfo>>([]);

        public Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken) =>
            Task.FromResult<IFolderSession>(new Session(store.Get(folder.ToString()), folder));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class Session(Folder folder, FolderRef reference) : IFolderSession
    {
        public FolderRef Folder => reference;

        public Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken) => Task.FromResult(folder.Read(syncToken));

        public Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken) => Task.FromResult(folder.Write(writes));

        public Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken) =>
            Task.FromResult(folder.Find(groupId, logicalIds));

        public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(null);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
