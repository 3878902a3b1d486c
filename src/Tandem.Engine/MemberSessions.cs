using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using Tandem.State;

namespace Tandem.Engine;

/// <summary>
/// The connectors and folder sessions of one cycle: each connection opened once, each member's folder once;
/// a member that cannot be opened keeps its error and is skipped (never read as empty).
/// </summary>
internal sealed class MemberSessions : IAsyncDisposable
{
    private readonly Dictionary<string, IConnector> _connectors = new(StringComparer.Ordinal);
    private readonly Dictionary<int, IFolderSession> _sessions = [];
    private readonly Dictionary<int, string> _errors = [];
    private readonly Lock _lock = new();

    public static async Task<MemberSessions> OpenAsync(IStateStore store, ConnectorRegistry registry, IReadOnlyList<SyncMember> members, ItemKind kind, CancellationToken ct)
    {
        var sessions = new MemberSessions();
        foreach (var member in members)
        {
            try
            {
                if (!sessions._connectors.TryGetValue(member.Folder.Connection, out var connector))
                {
                    var connection = await store.GetConnectionAsync(member.Folder.Connection, ct).ConfigureAwait(false)
                        ?? throw new TandemConfigurationException($"unknown connection '{member.Folder.Connection}' in member {member.Folder}");
                    var secrets = await store.GetSecretsAsync(connection.Name, ct).ConfigureAwait(false);
                    connector = registry.Open(connection, secrets);
                    sessions._connectors[connection.Name] = connector;
                }
                // receiving members get their folder created, as a new mailbox's Company folder would need
                sessions._sessions[member.Id] = await connector.OpenFolderAsync(member.Folder, kind, create: member.Role.ReceivesChanges(), member.Token, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                sessions._errors[member.Id] = e.Message;
            }
        }
        return sessions;
    }

    // members are read in parallel: a failure may be recorded while another member's session is looked up
    public IFolderSession? Session(int memberId)
    {
        lock (_lock) return _errors.ContainsKey(memberId) ? null : _sessions.GetValueOrDefault(memberId);
    }

    public string? Error(int memberId)
    {
        lock (_lock) return _errors.GetValueOrDefault(memberId);
    }

    public void Fail(int memberId, string error)
    {
        lock (_lock) _errors[memberId] = error;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions.Values) await session.DisposeAsync().ConfigureAwait(false);
        foreach (var connector in _connectors.Values) await connector.DisposeAsync().ConfigureAwait(false);
    }
}
