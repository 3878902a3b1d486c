using Microsoft.Extensions.Logging;
using Tandem.Connectors.Graph.Mapping;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>One contact folder over Graph: delta reads, $batch writes, stamps found by an extended-property filter.</summary>
internal sealed partial class GraphFolderSession : IFolderSession
{
    private readonly GraphContext _graph;
    private readonly GraphFolder _folder;
    private readonly DeltaReader _reader;
    private readonly BatchWriter _writer;

    public GraphFolderSession(FolderRef folderRef, GraphContext graph, GraphFolder folder, ILogger logger)
    {
        Folder = folderRef;
        _graph = graph;
        _folder = folder;
        _reader = new DeltaReader(graph, folder);
        _reader.TokenLost += reason => TokenLost(logger, folderRef.ToString(), reason);
        _writer = new BatchWriter(graph, folder);
    }

    public FolderRef Folder { get; }

    public Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken) => _reader.ReadAsync(syncToken, cancellationToken);

    public Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken) => _writer.WriteAsync(writes, cancellationToken);

    public async Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken)
    {
        var wanted = logicalIds.ToHashSet(StringComparer.Ordinal);
        var contacts = _graph.Client.Users[_folder.Mailbox].ContactFolders[_folder.FolderId].Contacts;
        // One filtered listing of the group's items, whatever the number of ids asked for.
        var page = await _graph.RunAsync(_folder.Mailbox, () => contacts.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = ExtendedIds.Filter(ExtendedIds.StampGroup, groupId);
            rc.QueryParameters.Expand = [ExtendedIds.Expand(ExtendedIds.ContactRead)];
            rc.QueryParameters.Top = 100;
            GraphContext.Prefer(rc.Headers);
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var found = new List<RemoteItem>();
        while (page is not null)
        {
            found.AddRange((page.Value ?? []).Select(GraphContactMapper.ToRemote).Where(r => r.Stamp is { } s && s.GroupId == groupId && wanted.Contains(s.LogicalId)));
            if (page.OdataNextLink is not { } next) break;
            page = await _graph.RunAsync(_folder.Mailbox, () => contacts.WithUrl(next).GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    /// <summary>Webhooks need an HTTPS URL Graph can reach; they are not built yet, so the service polls delta.</summary>
    public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(null);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [LoggerMessage(EventId = 2611, Level = LogLevel.Warning, Message = "{Folder}: the delta link is no longer valid ({Reason}); reading the whole folder again, reconciled by ids and stamps")]
    private static partial void TokenLost(ILogger logger, string folder, string reason);
}
