using Microsoft.Extensions.Logging;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>One Graph folder (contact folder, calendar, To Do list or mail folder): delta reads, $batch writes, stamps found by filter.</summary>
internal sealed partial class GraphFolderSession : IFolderSession
{
    private readonly GraphItemType _type;
    private readonly BatchWriter _writer;
    private readonly GraphContext _graph;
    private readonly ILogger _logger;
    private readonly WebhookTarget? _webhooks;
    private int _resync;

    public GraphFolderSession(FolderRef folderRef, GraphContext graph, GraphFolder folder, ILogger logger, WebhookTarget? webhooks = null)
    {
        _graph = graph;
        _logger = logger;
        _webhooks = webhooks;
        Folder = folderRef;
        _type = folder.Kind switch
        {
            ItemKind.Event => new EventType(graph, folder),
            ItemKind.Task => new TaskType(graph, folder),
            ItemKind.Message => new MailType(graph, folder),
            _ => new ContactType(graph, folder),
        };
        _type.TokenLost += reason => TokenLost(logger, folderRef.ToString(), reason);
        _writer = new BatchWriter(graph, folder, _type);
    }

    public FolderRef Folder { get; }

    public async Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken)
    {
        // After a missed or removed subscription: a whole new round (complete, so the engine reconciles it by ids and stamps).
        var resync = Interlocked.Exchange(ref _resync, 0) == 1;
        try
        {
            return await _type.ReadAsync(resync ? null : syncToken, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (resync) Interlocked.Exchange(ref _resync, 1);
            throw;
        }
    }

    /// <summary>Makes the next read a whole new delta round.</summary>
    public void RequestResync() => Interlocked.Exchange(ref _resync, 1);

    public Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken) => _writer.WriteAsync(writes, cancellationToken);

    public Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken) =>
        _type.FindByStampAsync(groupId, logicalIds, cancellationToken);

    /// <summary>Webhooks when the connection has a notification URL Graph can reach; otherwise null, and the service polls delta.</summary>
    public async Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) =>
        _webhooks is null
            ? null
            : await GraphSubscription.StartAsync(_graph, _webhooks.Hub, _webhooks.Url, _type.NotificationResource, onChange, RequestResync, _logger, cancellationToken).ConfigureAwait(false);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [LoggerMessage(EventId = 2611, Level = LogLevel.Warning, Message = "{Folder}: the delta link is no longer valid ({Reason}); reading the whole folder again, reconciled by ids and stamps")]
    private static partial void TokenLost(ILogger logger, string folder, string reason);
}
