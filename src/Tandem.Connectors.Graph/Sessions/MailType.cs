using System.Net;
using System.Text;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Tandem.Connectors.Graph.Mapping;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using DeltaBuilder = Microsoft.Graph.Users.Item.MailFolders.Item.Messages.Delta.DeltaRequestBuilder;
using GraphMessage = Microsoft.Graph.Models.Message;
using Message = Tandem.Core.Items.Message;
using RemoteItem = Tandem.Core.Connectors.RemoteItem;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// Messages of a mail folder, carried whole as MIME. Changes come from the folder's message delta (ids, change keys,
/// categories and Tandem's stamp), the content from each changed message's <c>$value</c>, read in $batch. A copy is made
/// by POSTing its MIME (text/plain, base64), in $batch: the one way Graph takes a message whole. Graph saves such a
/// message unsent (a draft) and has no way round it for MIME — PR_MESSAGE_FLAGS (Integer 0x0E07) can be given only at
/// creation and only with a JSON body, which would lose the message's own headers, structure and attachments — so a copy
/// made over Graph shows as a draft; it is never sent (Tandem never calls send). The stamp and the categories follow in a
/// PATCH (a MIME body carries no extended properties), the PATCHes of one $batch of creates together in one more $batch;
/// a copy whose PATCH fails is deleted again, so no unstamped copy is left behind. An update PATCHes categories and stamp with If-Match (412 and 404 come back before anything is written);
/// if the content changed too, a new copy replaces the old one, which is then deleted, as over EWS.
/// </summary>
internal sealed class MailType(GraphContext graph, GraphFolder folder) : GraphItemType(graph, folder)
{
    private static readonly string StampExpand = ExtendedIds.Expand(ExtendedIds.Stamp);
    private static readonly string[] Select = ["id", "changeKey", "categories", "lastModifiedDateTime", "internetMessageId", "isDraft"];

    public override string NotificationResource => $"{User}/mailFolders/{Uri.EscapeDataString(Folder.FolderId)}/messages";

    private string MessagesPath => $"{User}/mailFolders/{Uri.EscapeDataString(Folder.FolderId)}/messages";

    public override Task<ChangeSet> ReadAsync(string? token, CancellationToken cancellationToken) =>
        ReadOrRestartAsync(token, $"{Graph.BaseUrl}{MessagesPath}/delta?$select={string.Join(',', Select)}&$expand={Uri.EscapeDataString(StampExpand)}", RoundAsync, cancellationToken);

    public override RequestInformation Request(WriteRequest write)
    {
        var user = Graph.Client.Users[Folder.Mailbox];
        switch (write.Kind)
        {
            case WriteKind.Delete:
                return user.Messages[write.RemoteId].ToDeleteRequestInformation(rc => Conditional(rc.Headers, write));
            case WriteKind.Update:
                // Categories and stamp in place, with If-Match: a copy changed or deleted meanwhile answers 412 or 404
                // before anything is written. AfterWriteAsync replaces the copy if its content changed too.
                return user.Messages[write.RemoteId].ToPatchRequestInformation(Patch(write), rc => Conditional(rc.Headers, write));
            default:
                return MimePost(AsMessage(write).MimeContent);
        }
    }

    /// <summary>
    /// POST …/mailFolders/{id}/messages with a text/plain body, the MIME in base64. In a $batch the SDK sends a body that is
    /// not JSON base64-encoded once more, as Graph's JSON batching wants it.
    /// </summary>
    private RequestInformation MimePost(string mimeBase64)
    {
        var info = Graph.Client.Users[Folder.Mailbox].MailFolders[Folder.FolderId].Messages.ToPostRequestInformation(new GraphMessage(), rc => GraphContext.Prefer(rc.Headers));
        // The builder set a JSON body and its Content-Type; the MIME replaces both.
        info.Headers.Remove("Content-Type");
        info.SetStreamContent(new MemoryStream(Encoding.ASCII.GetBytes(mimeBase64)), "text/plain");
        return info;
    }

    public override async Task<WriteResult> AfterWriteAsync(WriteResult result, CancellationToken cancellationToken)
    {
        var write = result.Request;
        return write.Kind == WriteKind.Update
            ? await ReplaceIfChangedAsync(result, cancellationToken).ConfigureAwait(false)
            : await StampAsync(result, result.RemoteId!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>New copies stamped in one $batch; should that fail, one by one (each failure then handled on its own).</summary>
    public override async Task<IReadOnlyList<WriteResult>> AfterWritesAsync(IReadOnlyList<WriteResult> results, CancellationToken cancellationToken)
    {
        var creates = results.Where(r => r.Request.Kind == WriteKind.Create && r.RemoteId is not null).ToDictionary(r => r.RemoteId!, StringComparer.Ordinal);
        var stamped = new Dictionary<string, GraphMessage?>(StringComparer.Ordinal);
        if (creates.Count > 1)
        {
            try
            {
                var messages = Graph.Client.Users[Folder.Mailbox].Messages;
                stamped = await new BatchFetcher(Graph, Folder.Mailbox).FetchAsync(creates.Keys,
                    id => messages[id].ToPatchRequestInformation(Patch(creates[id].Request), rc => GraphContext.Prefer(rc.Headers)),
                    GraphMessage.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException)
            {
                // some PATCH was refused: each copy goes on its own below, so a failed one is removed again and reported
                stamped.Clear();
            }
        }

        var done = new List<WriteResult>(results.Count);
        foreach (var result in results)
        {
            done.Add(result.RemoteId is { } id && stamped.TryGetValue(id, out var patched) && patched is not null && result.Request.Kind == WriteKind.Create
                ? result with { ChangeKey = patched.ChangeKey ?? result.ChangeKey }
                : await AfterWriteAsync(result, cancellationToken).ConfigureAwait(false));
        }

        return done;
    }

    /// <summary>The stamp and categories of a new copy; a copy that cannot be stamped is deleted again.</summary>
    private async Task<WriteResult> StampAsync(WriteResult result, string id, CancellationToken cancellationToken)
    {
        try
        {
            var patched = await Graph.RunAsync(Folder.Mailbox, () => Graph.Client.Users[Folder.Mailbox].Messages[id].PatchAsync(Patch(result.Request), rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
            return result with { RemoteId = id, ChangeKey = patched?.ChangeKey ?? result.ChangeKey };
        }
        catch (ODataError e)
        {
            await DeleteQuietlyAsync(id, cancellationToken).ConfigureAwait(false);
            return new WriteResult(result.Request, WriteOutcome.Failed, result.Request.RemoteId, Error: "the copy could not be stamped, so it was removed again: " + GraphErrors.Describe(e));
        }
    }

    /// <summary>
    /// After an update's PATCH: if the message's MIME differs from the copy's, a new copy replaces it (Graph cannot
    /// rewrite a message's content); the old one is deleted with the change key the PATCH returned.
    /// </summary>
    private async Task<WriteResult> ReplaceIfChangedAsync(WriteResult result, CancellationToken cancellationToken)
    {
        var write = result.Request;
        var messages = Graph.Client.Users[Folder.Mailbox].Messages;
        var current = await new BatchFetcher(Graph, Folder.Mailbox).FetchBytesAsync([result.RemoteId!],
            id => messages[id].Content.ToGetRequestInformation(rc => GraphContext.Prefer(rc.Headers)), cancellationToken).ConfigureAwait(false);
        if (current.GetValueOrDefault(result.RemoteId!) is not { } mime)
        {
            return result with { Outcome = WriteOutcome.NotFound };
        }

        if (mime.AsSpan().SequenceEqual(AsMessage(write).Mime.Span))
        {
            return result;
        }

        var post = MimePost(AsMessage(write).MimeContent);
        var created = await Graph.RunAsync(Folder.Mailbox, () => Graph.Adapter.SendAsync(post, GraphMessage.CreateFromDiscriminatorValue, GraphErrors.Mapping, cancellationToken), cancellationToken).ConfigureAwait(false);
        var stamped = await StampAsync(result, created!.Id!, cancellationToken).ConfigureAwait(false);
        if (stamped.Outcome != WriteOutcome.Ok)
        {
            return stamped;
        }

        try
        {
            await Graph.RunAsync(Folder.Mailbox, async () =>
            {
                await messages[write.RemoteId].DeleteAsync(rc => Conditional(rc.Headers, write with { ExpectedChangeKey = result.ChangeKey }), cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ODataError e) when (e.ResponseStatusCode == (int)HttpStatusCode.PreconditionFailed)
        {
            // The old copy changed after the PATCH: the new one goes again, and the engine re-reads and re-plans.
            await DeleteQuietlyAsync(stamped.RemoteId!, cancellationToken).ConfigureAwait(false);
            return new WriteResult(write, WriteOutcome.Conflict, write.RemoteId, Error: GraphErrors.Describe(e));
        }
        catch (ODataError e) when (e.ResponseStatusCode == (int)HttpStatusCode.NotFound)
        {
            // Already gone: the new copy stands alone.
        }

        return stamped;
    }

    private static GraphMessage Patch(WriteRequest write) => new()
    {
        Categories = AsMessage(write).Categories.ToList(),
        SingleValueExtendedProperties = write.Stamp is { } stamp ? ExtendedIds.StampProperties(stamp) : null,
    };

    public override async Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken)
    {
        var wanted = logicalIds.ToHashSet(StringComparer.Ordinal);
        var messages = Graph.Client.Users[Folder.Mailbox].MailFolders[Folder.FolderId].Messages;
        var page = await Graph.RunAsync(Folder.Mailbox, () => messages.GetAsync(rc =>
        {
            rc.QueryParameters.Filter = ExtendedIds.Filter(ExtendedIds.StampGroup, groupId);
            rc.QueryParameters.Expand = [StampExpand];
            rc.QueryParameters.Select = Select;
            rc.QueryParameters.Top = 100;
            GraphContext.Prefer(rc.Headers);
        }, cancellationToken), cancellationToken).ConfigureAwait(false);
        var found = new List<GraphMessage>();
        while (page is not null)
        {
            found.AddRange((page.Value ?? []).Where(m => ExtendedIds.StampOf(ExtendedIds.Values(m.SingleValueExtendedProperties)) is { } s && s.GroupId == groupId && wanted.Contains(s.LogicalId)));
            if (page.OdataNextLink is not { } next) break;
            page = await Graph.RunAsync(Folder.Mailbox, () => messages.WithUrl(next).GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return await WithContentAsync(found, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ChangeSet> RoundAsync(string url, bool initial, CancellationToken cancellationToken)
    {
        var seen = new Dictionary<string, GraphMessage?>(StringComparer.Ordinal);
        while (true)
        {
            var builder = new DeltaBuilder(url, Graph.Adapter);
            var page = await Graph.RunAsync(Folder.Mailbox, () => builder.GetAsDeltaGetResponseAsync(
                rc => GraphContext.Prefer(rc.Headers, "odata.maxpagesize=200"), cancellationToken), cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("Graph answered a delta request with no body");
            foreach (var m in page.Value ?? [])
            {
                if (m.Id is not null) seen[m.Id] = m.AdditionalData.ContainsKey("@removed") ? null : m;
            }

            if (page.OdataNextLink is { } next)
            {
                url = next;
                continue;
            }

            var token = page.OdataDeltaLink ?? throw new InvalidOperationException("Graph ended a delta round without a deltaLink");
            var live = seen.Values.OfType<GraphMessage>().ToList();
            var upserts = await WithContentAsync(live, cancellationToken).ConfigureAwait(false);
            var gone = live.Select(m => m.Id!).Except(upserts.Select(u => u.RemoteId), StringComparer.Ordinal);
            var deletions = initial ? [] : seen.Where(s => s.Value is null).Select(s => s.Key).Concat(gone).Distinct(StringComparer.Ordinal).ToList();
            return new ChangeSet(upserts, deletions, token, IsComplete: initial);
        }
    }

    /// <summary>Each message's MIME from $value, in $batch; a message deleted meanwhile (404) is left out.</summary>
    private async Task<List<RemoteItem>> WithContentAsync(IReadOnlyList<GraphMessage> messages, CancellationToken cancellationToken)
    {
        var users = Graph.Client.Users[Folder.Mailbox];
        var mime = await new BatchFetcher(Graph, Folder.Mailbox).FetchBytesAsync(messages.Select(m => m.Id!).ToList(),
            id => users.Messages[id].Content.ToGetRequestInformation(rc => GraphContext.Prefer(rc.Headers)), cancellationToken).ConfigureAwait(false);
        return messages.Where(m => mime.GetValueOrDefault(m.Id!) is not null).Select(m => Map(m, mime[m.Id!]!)).ToList();
    }

    private static RemoteItem Map(GraphMessage m, byte[] mime)
    {
        var stamp = ExtendedIds.StampOf(ExtendedIds.Values(m.SingleValueExtendedProperties));
        if (mime.Length == 0)
        {
            return new RemoteItem(m.Id!, m.ChangeKey ?? "", null, stamp, m.LastModifiedDateTime, "message " + m.Id + ": Graph returned no MIME content");
        }

        var item = Message.FromMime(mime) with { Categories = (m.Categories ?? []).Where(c => !string.IsNullOrWhiteSpace(c)).ToValueList() };
        return new RemoteItem(m.Id!, m.ChangeKey ?? "", item, stamp, m.LastModifiedDateTime);
    }

    private async Task DeleteQuietlyAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await Graph.RunAsync(Folder.Mailbox, async () =>
            {
                await Graph.Client.Users[Folder.Mailbox].Messages[id].DeleteAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (ODataError)
        {
            // Nothing more to do: the engine sees the copy on its next read and matches it by its Message-ID.
        }
    }

    private static Message AsMessage(WriteRequest write) =>
        write.Item as Message ?? throw new InvalidOperationException($"a mail folder takes messages; got {write.Item?.Kind.ToString() ?? "no item"}");
}
