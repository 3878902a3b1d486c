using Microsoft.Extensions.Logging;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>One Graph folder (contact folder, calendar or To Do list): delta reads, $batch writes, stamps found by filter.</summary>
internal sealed partial class GraphFolderSession : IFolderSession
{
    private readonly GraphItemType _type;
    private readonly BatchWriter _writer;
    private readonly Func<Action, CancellationToken, Task<IAsyncDisposable?>> _subscribe;

    public GraphFolderSession(FolderRef folderRef, GraphContext graph, GraphFolder folder, ILogger logger, Func<Action, CancellationToken, Task<IAsyncDisposable?>>? subscribe = null)
    {
        Folder = folderRef;
        _type = folder.Kind switch
        {
            ItemKind.Event => new EventType(graph, folder),
            ItemKind.Task => new TaskType(graph, folder),
            _ => new ContactType(graph, folder),
        };
        _type.TokenLost += reason => TokenLost(logger, folderRef.ToString(), reason);
        _writer = new BatchWriter(graph, folder, _type);
        _subscribe = subscribe ?? ((_, _) => Task.FromResult<IAsyncDisposable?>(null));
    }

    public FolderRef Folder { get; }

    public Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken) => _type.ReadAsync(syncToken, cancellationToken);

    public Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken) => _writer.WriteAsync(writes, cancellationToken);

    public Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken) =>
        _type.FindByStampAsync(groupId, logicalIds, cancellationToken);

    /// <summary>Webhooks when the connection has a notification URL Graph can reach; otherwise null, and the service polls delta.</summary>
    public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) => _subscribe(onChange, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [LoggerMessage(EventId = 2611, Level = LogLevel.Warning, Message = "{Folder}: the delta link is no longer valid ({Reason}); reading the whole folder again, reconciled by ids and stamps")]
    private static partial void TokenLost(ILogger logger, string folder, string reason);
}
