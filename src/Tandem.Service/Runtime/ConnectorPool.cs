using System.Security.Cryptography;
using System.Text;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Service.Runtime;

/// <summary>
/// Keeps each connection's connector, and each folder's session, open from one cycle to the next, so a service pays
/// Autodiscover, logon and folder lookups once instead of on every notification. The engine receives leases whose
/// dispose does nothing; a connection whose settings or secrets change gets a new connector, and a folder whose read
/// or write failed is opened (resolved) again on the next cycle.
/// </summary>
internal sealed class ConnectorPool(IReadOnlyList<IConnectorFactory> factories) : IConnectorFactory, IAsyncDisposable
{
    private readonly Dictionary<string, PooledConnector> _open = new(StringComparer.Ordinal);
    private readonly List<IConnector> _retired = [];
    private readonly Lock _lock = new();

    public bool Supports(string connectionType) => factories.Any(f => f.Supports(connectionType));

    public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(secrets);
        var fingerprint = Fingerprint(connection, secrets);
        lock (_lock)
        {
            if (_open.TryGetValue(connection.Name, out var open) && open.Fingerprint == fingerprint) return open.Lease();
            if (open is not null)
            {
                _retired.Add(open.Inner);
                _open.Remove(connection.Name);
            }
            var factory = factories.LastOrDefault(f => f.Supports(connection.Type))
                ?? throw new Tandem.State.TandemConfigurationException($"connection '{connection.Name}' has type '{connection.Type}', which this tandem cannot open");
            var created = new PooledConnector(factory.Create(connection, secrets), fingerprint);
            _open[connection.Name] = created;
            return created.Lease();
        }
    }

    /// <summary>Forgets a folder's session so the next cycle resolves it again (its read or write failed).</summary>
    public void Forget(FolderRef folder)
    {
        lock (_lock)
        {
            if (_open.TryGetValue(folder.Connection, out var open)) open.Forget(folder);
        }
    }

    /// <summary>
    /// A fingerprint of what a connector is built from. Secrets are hashed, never kept. <c>discoveredAt</c> only records
    /// when Autodiscover last confirmed the URL, so refreshing it alone does not reconnect.
    /// </summary>
    public static string Fingerprint(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var text = new StringBuilder(connection.Type).Append('\n');
        foreach (var (key, value) in connection.Settings.Where(s => s.Key != ConnectionSettings.DiscoveredAt).OrderBy(s => s.Key, StringComparer.Ordinal))
            text.Append(key).Append('=').Append(value).Append('\n');
        foreach (var (key, value) in (secrets ?? new Dictionary<string, string>()).OrderBy(s => s.Key, StringComparer.Ordinal))
            text.Append('#').Append(key).Append('=').Append(value).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    public async ValueTask DisposeAsync()
    {
        List<IConnector> all;
        lock (_lock)
        {
            all = [.. _open.Values.Select(o => o.Inner), .. _retired];
            _open.Clear();
            _retired.Clear();
        }
        foreach (var connector in all)
        {
            try
            {
                await connector.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or HttpRequestException or InvalidOperationException or OperationCanceledException)
            {
                // closing down: a connector that cannot close cleanly has nothing left to lose
            }
        }
    }

    /// <summary>One open connector with its open folders.</summary>
    private sealed class PooledConnector(IConnector inner, string fingerprint)
    {
        private readonly Dictionary<(string Folder, ItemKind Kind), Task<IFolderSession>> _sessions = [];
        private readonly Lock _lock = new();

        public IConnector Inner { get; } = inner;

        public string Fingerprint { get; } = fingerprint;

        public IConnector Lease() => new ConnectorLease(this);

        public void Forget(FolderRef folder)
        {
            lock (_lock)
            {
                foreach (var key in _sessions.Keys.Where(k => k.Folder == folder.ToString()).ToList()) _sessions.Remove(key);
            }
        }

        public async Task<IFolderSession> OpenAsync(FolderRef folder, ItemKind kind, bool create, string? syncToken, CancellationToken ct)
        {
            Task<IFolderSession> opening;
            lock (_lock)
            {
                if (!_sessions.TryGetValue((folder.ToString(), kind), out opening!) || opening.IsFaulted || opening.IsCanceled)
                {
                    opening = Inner.OpenFolderAsync(folder, kind, create, syncToken, ct);
                    _sessions[(folder.ToString(), kind)] = opening;
                }
            }
            try
            {
                return new SessionLease(await opening.ConfigureAwait(false));
            }
            catch
            {
                lock (_lock)
                {
                    if (_sessions.TryGetValue((folder.ToString(), kind), out var same) && same == opening) _sessions.Remove((folder.ToString(), kind));
                }
                throw;
            }
        }
    }

    private sealed class ConnectorLease(PooledConnector pooled) : IConnector
    {
        public ConnectionDefinition Connection => pooled.Inner.Connection;

        public Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken) =>
            pooled.Inner.ListFoldersAsync(mailbox, cancellationToken);

        public Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken) =>
            pooled.OpenAsync(folder, kind, create, null, cancellationToken);

        public Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, string? syncToken, CancellationToken cancellationToken) =>
            pooled.OpenAsync(folder, kind, create, syncToken, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class SessionLease(IFolderSession inner) : IFolderSession
    {
        public FolderRef Folder => inner.Folder;

        public Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken) => inner.ReadChangesAsync(syncToken, cancellationToken);

        public Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken) => inner.WriteAsync(writes, cancellationToken);

        public Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken) =>
            inner.FindByStampAsync(groupId, logicalIds, cancellationToken);

        public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) => inner.SubscribeAsync(onChange, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
