using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Connectors.Ews.Sessions;

namespace Tandem.Connectors.Ews.Notifications;

/// <summary>
/// Every streaming subscription of one connector, packed into as few GetStreamingEvents connections as Exchange allows
/// (service-panel-notes §1.2): subscriptions are grouped by Autodiscover's GroupingInformation when known (public folders
/// by their public-folder mailbox); a group's connections hold at most 200 subscriptions each, are anchored with
/// X-AnchorMailbox on one of the group's mailboxes and X-PreferServerAffinity, and send back the group's
/// X-BackEndOverrideCookie. Open connections per account (the logon, or each anchor mailbox under impersonation, whose
/// budget Exchange charges) stay within the hanging-connection limit; a folder that fits nowhere is not streamed —
/// <see cref="SubscribeAsync"/> returns null, logs why, and the service polls it.
/// </summary>
internal sealed partial class StreamingHub : IAsyncDisposable
{
    private readonly EwsClient _client;
    private readonly StreamingOptions _options;
    private readonly int? _configuredLimit;
    private readonly string _logon;
    private readonly Func<string, CancellationToken, Task<string?>> _groupOf;
    private readonly ILogger _log;
    private readonly Lock _lock = new();
    private readonly List<HubConnection> _connections = [];
    private readonly Dictionary<string, ServerAffinity> _affinity = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="groupOf">A mailbox's GroupingInformation (null when unknown: one group).</param>
    public StreamingHub(EwsClient client, StreamingOptions options, int? hangingConnectionLimit, string logon, Func<string, CancellationToken, Task<string?>> groupOf, ILogger log)
    {
        _client = client;
        _options = options;
        _configuredLimit = hangingConnectionLimit;
        _logon = logon;
        _groupOf = groupOf;
        _log = log;
    }

    /// <summary>The connection setting, else 3 for a server reporting Exchange 2013 (15.0), else 10.</summary>
    public int HangingConnectionLimit => _configuredLimit ?? (_client.ServerVersion is { Major: 15, Minor: 0 } ? 3 : 10);

    /// <summary>The connections now (tests and diagnostics).</summary>
    public IReadOnlyList<HubConnection> Connections
    {
        get { lock (_lock) return [.. _connections]; }
    }

    public async Task<IAsyncDisposable?> SubscribeAsync(FolderContext context, string name, Action onChange, CancellationToken ct)
    {
        if (context.IsPublic && context.Call.PublicFolderMailbox is null)
        {
            // Without the public-folder mailbox to route to, a streaming subscription cannot reach the folder's server.
            LogNotStreamed(_log, name, "no public-folder routing headers (Autodiscover gave none)");
            return null;
        }
        var mailbox = context.IsPublic ? context.Call.PublicFolderMailbox! : context.Call.Mailbox ?? _logon;
        var grouping = context.IsPublic ? null : await _groupOf(mailbox, ct).ConfigureAwait(false);
        var group = context.IsPublic ? "public:" + mailbox.ToLowerInvariant() : "mailbox:" + (grouping ?? string.Empty);
        var member = new HubSubscription(context.Folder, context.Call, mailbox, name, onChange, _log);
        HubConnection? connection;
        string? refusal;
        lock (_lock)
        {
            (connection, refusal) = Place(group, member);
        }
        if (connection is null)
        {
            LogNotStreamed(_log, name, refusal!);
            return null;
        }
        try
        {
            member.SubscriptionId = await connection.SubscribeAsync(member, ct).ConfigureAwait(false);
        }
        catch (EwsException ex)
        {
            await RemoveAsync(connection, member).ConfigureAwait(false);
            // ErrorExceededSubscriptionCount, streaming switched off, an old server: the service polls this folder instead.
            LogNotStreamed(_log, name, ex.ResponseCode + ": " + ex.Message);
            return null;
        }
        catch
        {
            await RemoveAsync(connection, member).ConfigureAwait(false);
            throw;
        }
        connection.Activate(member);
        return new Handle(this, connection, member);
    }

    /// <summary>A connection of the group with room, else a new one if the account's budget allows. Under the hub lock.</summary>
    private (HubConnection?, string?) Place(string group, HubSubscription member)
    {
        var room = _connections.FirstOrDefault(c => c.Group == group && c.Count < _options.MaxSubscriptionsPerConnection);
        if (room is not null)
        {
            room.Reserve(member);
            return (room, null);
        }
        // Under impersonation a connection is charged to the mailbox it impersonates: anchoring each new connection on
        // the mailbox that needs it spreads the load over several budgets. Otherwise every connection is the logon's.
        var impersonated = member.Call.ImpersonatedMailbox is not null && member.Call.PublicFolderMailbox is null;
        var account = impersonated ? member.Mailbox : member.Call.ImpersonatedMailbox ?? _logon;
        var limit = HangingConnectionLimit;
        var open = _connections.Count(c => string.Equals(c.Account, account, StringComparison.OrdinalIgnoreCase));
        if (open >= limit)
        {
            return (null, $"{open} streaming connections already open for {account} (hangingConnectionLimit {limit}), each full");
        }
        if (!_affinity.TryGetValue(group, out var affinity)) _affinity[group] = affinity = new ServerAffinity();
        var streamCall = member.Call.PublicFolderMailbox is null
            ? member.Call with { AnchorMailbox = member.Mailbox, Affinity = affinity }
            : member.Call with { Affinity = affinity };
        var connection = new HubConnection(_client, group, account, streamCall, _options, _log);
        connection.Reserve(member);
        _connections.Add(connection);
        return (connection, null);
    }

    private async Task RemoveAsync(HubConnection connection, HubSubscription member)
    {
        bool empty;
        lock (_lock)
        {
            empty = connection.Remove(member);
            if (empty) _connections.Remove(connection);
        }
        if (empty) await connection.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        List<HubConnection> all;
        lock (_lock)
        {
            all = [.. _connections];
            _connections.Clear();
        }
        foreach (var connection in all) await connection.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>What <see cref="SubscribeAsync"/> hands out: disposing it unsubscribes the folder.</summary>
    private sealed class Handle(StreamingHub hub, HubConnection connection, HubSubscription member) : IAsyncDisposable
    {
        private int _disposed;

        public async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
            await hub.RemoveAsync(connection, member).ConfigureAwait(false);
            if (member.SubscriptionId is not { } id) return;
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await hub._client.SendAsync(StreamingRequests.Unsubscribe(id), member.Call with { Affinity = connection.StreamCall.Affinity }, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is EwsException or HttpRequestException or OperationCanceledException)
            {
                // The server forgets unused subscriptions on its own; nothing to repair.
            }
        }
    }

    [LoggerMessage(EventId = 2404, Level = LogLevel.Warning, Message = "Folder {Folder}: not streamed ({Reason}); polling instead")]
    private static partial void LogNotStreamed(ILogger logger, string folder, string reason);
}
