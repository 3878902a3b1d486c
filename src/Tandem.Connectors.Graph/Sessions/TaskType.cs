using Microsoft.Graph.Models;
using Microsoft.Kiota.Abstractions;
using Tandem.Connectors.Graph.Mapping;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using DeltaBuilder = Microsoft.Graph.Users.Item.Todo.Lists.Item.Tasks.Delta.DeltaRequestBuilder;
using RemoteItem = Tandem.Core.Connectors.RemoteItem;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// Tasks of a To Do list: the list's task delta (the whole deltaLink kept), then the changed tasks read with Tandem's open
/// extension in $batch (the delta does not carry extensions). A create sends the extension with the task, one request;
/// an update patches the task, then the extension. To Do tasks have an etag, not a change key: the etag is the key.
/// </summary>
internal sealed class TaskType(GraphContext graph, GraphFolder folder) : GraphItemType(graph, folder)
{
    private static readonly string[] Expand = ["extensions($filter=id eq '" + GraphTaskMapper.ExtensionName + "')"];

    public override string NotificationResource => $"{User}/todo/lists/{Uri.EscapeDataString(Folder.FolderId)}/tasks";

    public override Task<ChangeSet> ReadAsync(string? token, CancellationToken cancellationToken) =>
        ReadOrRestartAsync(token, $"{Graph.BaseUrl}{User}/todo/lists/{Uri.EscapeDataString(Folder.FolderId)}/tasks/delta", RoundAsync, cancellationToken);

    public override RequestInformation Request(WriteRequest write)
    {
        var tasks = Graph.Client.Users[Folder.Mailbox].Todo.Lists[Folder.FolderId].Tasks;
        return write.Kind switch
        {
            WriteKind.Create => tasks.ToPostRequestInformation(GraphTaskMapper.ToGraph(AsTask(write), withExtension: true, write.Stamp), rc => GraphContext.Prefer(rc.Headers)),
            WriteKind.Update => tasks[write.RemoteId].ToPatchRequestInformation(GraphTaskMapper.ToGraph(AsTask(write), withExtension: false, write.Stamp), rc => Conditional(rc.Headers, write)),
            _ => tasks[write.RemoteId].ToDeleteRequestInformation(rc => Conditional(rc.Headers, write)),
        };
    }

    public override async Task<WriteResult> AfterWriteAsync(WriteResult result, CancellationToken cancellationToken)
    {
        var task = Graph.Client.Users[Folder.Mailbox].Todo.Lists[Folder.FolderId].Tasks[result.RemoteId];
        if (result.Request.Kind == WriteKind.Update)
        {
            var extension = GraphTaskMapper.Extension(AsTask(result.Request), result.Request.Stamp);
            await Graph.RunAsync(Folder.Mailbox, () => task.Extensions[GraphTaskMapper.ExtensionName].PatchAsync(extension, rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        else if (result.ChangeKey is { Length: > 0 })
        {
            return result;
        }

        // The extension is part of the task: its etag moved with it.
        var current = await Graph.RunAsync(Folder.Mailbox, () => task.GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        return result with { ChangeKey = current?.AdditionalData.TryGetValue("@odata.etag", out var etag) == true ? GraphTaskMapper.Value(etag) : result.ChangeKey };
    }

    public override async Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken)
    {
        // Graph cannot filter on an open extension's values: the list is read with its extensions and matched here.
        var wanted = logicalIds.ToHashSet(StringComparer.Ordinal);
        var tasks = Graph.Client.Users[Folder.Mailbox].Todo.Lists[Folder.FolderId].Tasks;
        var page = await Graph.RunAsync(Folder.Mailbox, () => tasks.GetAsync(rc =>
        {
            rc.QueryParameters.Expand = Expand;
            rc.QueryParameters.Top = 100;
            GraphContext.Prefer(rc.Headers);
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var found = new List<RemoteItem>();
        while (page is not null)
        {
            found.AddRange((page.Value ?? []).Select(Map).Where(r => r.Stamp is { } s && s.GroupId == groupId && wanted.Contains(s.LogicalId)));
            if (page.OdataNextLink is not { } next) break;
            page = await Graph.RunAsync(Folder.Mailbox, () => tasks.WithUrl(next).GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return found;
    }

    private async Task<ChangeSet> RoundAsync(string url, bool initial, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, bool>(StringComparer.Ordinal);
        while (true)
        {
            var builder = new DeltaBuilder(url, Graph.Adapter);
            var page = await Graph.RunAsync(Folder.Mailbox, () => builder.GetAsDeltaGetResponseAsync(
                rc => GraphContext.Prefer(rc.Headers, "odata.maxpagesize=200"), cancellationToken), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("Graph answered a delta request with no body");
            foreach (var t in page.Value ?? [])
            {
                if (t.Id is not null) seen[t.Id] = t.AdditionalData.ContainsKey("@removed");
            }

            if (page.OdataNextLink is { } next)
            {
                url = next;
                continue;
            }

            var token = page.OdataDeltaLink ?? throw new InvalidOperationException("Graph ended a delta round without a deltaLink");
            var tasks = Graph.Client.Users[Folder.Mailbox].Todo.Lists[Folder.FolderId].Tasks;
            var fetched = await new BatchFetcher(Graph, Folder.Mailbox).FetchAsync(seen.Where(s => !s.Value).Select(s => s.Key).ToList(),
                id => tasks[id].ToGetRequestInformation(rc =>
                {
                    rc.QueryParameters.Expand = Expand;
                    GraphContext.Prefer(rc.Headers);
                }),
                TodoTask.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            var upserts = fetched.Values.OfType<TodoTask>().Select(Map).ToList();
            var deletions = initial ? [] : seen.Where(s => s.Value).Select(s => s.Key).Concat(fetched.Where(f => f.Value is null).Select(f => f.Key)).Distinct().ToList();
            return new ChangeSet(upserts, deletions, token, IsComplete: initial);
        }
    }

    private static RemoteItem Map(TodoTask t)
    {
        try
        {
            return GraphTaskMapper.ToRemote(t);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return new RemoteItem(t.Id!, "", null, null, t.LastModifiedDateTime, "task " + t.Id + ": " + e.Message);
        }
    }

    private static TaskItem AsTask(WriteRequest write) =>
        write.Item as TaskItem ?? throw new InvalidOperationException($"a To Do list takes tasks; got {write.Item?.Kind.ToString() ?? "no item"}");
}
