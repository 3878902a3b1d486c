using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Mapping;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>
/// Runs writes in batches: one CreateItem / UpdateItem / DeleteItem per batch of items. Creates carry
/// Tandem's stamp but are not looked up first: the engine records an intent before each create and, after a
/// crash, finds interrupted creates with FindByStampAsync before it plans again (DESIGN.md "Idempotent
/// creates"). A look-up per batch would search the whole, growing target folder on every write.
/// Updates carry the ChangeKey with NeverOverwrite; deletes compare it first.
/// </summary>
internal sealed partial class ItemWriter(FolderContext context, StampFinder finder, ILogger log)
{
    public async Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken ct)
    {
        var results = new WriteResult[writes.Count];
        var creates = Indexes(writes, WriteKind.Create);
        var updates = Indexes(writes, WriteKind.Update);
        var deletes = Indexes(writes, WriteKind.Delete);
        foreach (var chunk in creates.Chunk(context.BatchSize)) await CreateAsync(writes, chunk, results, ct).ConfigureAwait(false);
        foreach (var chunk in updates.Chunk(context.BatchSize))
        {
            if (context.Kind == ItemKind.Message) await ReplaceMessagesAsync(writes, chunk, results, ct).ConfigureAwait(false);
            else await UpdateAsync(writes, chunk, results, ct).ConfigureAwait(false);
        }
        foreach (var chunk in deletes.Chunk(context.BatchSize)) await DeleteAsync(writes, chunk, results, ct).ConfigureAwait(false);
        await WriteOccurrencesAsync(results, ct).ConfigureAwait(false);
        await WritePhotosAsync(results, ct).ConfigureAwait(false);
        return results;
    }

    /// <summary>Contacts written get their photo attachment made to match, and report the item's final ChangeKey.</summary>
    private async Task WritePhotosAsync(WriteResult[] results, CancellationToken ct)
    {
        if (context.Photos is null || context.Kind != ItemKind.Contact) return;
        var written = Enumerable.Range(0, results.Length)
            .Where(i => results[i] is { Outcome: WriteOutcome.Ok, RemoteId: not null, Request: { Kind: not WriteKind.Delete, Item: Contact } })
            .ToArray();
        foreach (var chunk in written.Chunk(context.BatchSize))
        {
            try
            {
                var touched = await context.Photos.WriteAsync(context,
                    chunk.Select(i => new ContactPhotos.PhotoWrite(results[i].RemoteId!, (Contact)results[i].Request.Item!, results[i].Request.Kind == WriteKind.Create,
                        results[i].Request.ExpectedChangeKey, results[i].ChangeKey)).ToArray(), ct).ConfigureAwait(false);
                if (touched.Count == 0) continue;
                var keys = await finder.CurrentKeysAsync(touched.ToArray(), ct).ConfigureAwait(false);
                foreach (var i in chunk)
                {
                    if (keys.TryGetValue(results[i].RemoteId!, out var key)) results[i] = results[i] with { ChangeKey = key };
                }
            }
            catch (EwsException ex)
            {
                // The contacts exist; their photos did not all make it. Failed makes the engine write them again.
                foreach (var i in chunk) results[i] = results[i] with { Outcome = WriteOutcome.Failed, Error = "photo: " + ex.Message };
            }
        }
    }

    /// <summary>Series written with deleted or modified occurrences get those applied now, and report the master's final ChangeKey.</summary>
    private async Task WriteOccurrencesAsync(WriteResult[] results, CancellationToken ct)
    {
        var series = Enumerable.Range(0, results.Length)
            .Where(i => results[i] is { Outcome: WriteOutcome.Ok, RemoteId: not null } r && r.Request.Kind != WriteKind.Delete
                && r.Request.Item is Event { Recurrence: not null } e && (e.DeletedOccurrences.Count > 0 || e.Exceptions.Count > 0 || r.Request.Kind == WriteKind.Update))
            .ToArray();
        var writer = new OccurrenceWriter(context, log);
        foreach (var chunk in series.Chunk(context.BatchSize))
        {
            try
            {
                var keys = await writer.ApplyAsync(chunk.Select(i => new OccurrenceWriter.Master(results[i].RemoteId!, (Event)results[i].Request.Item!, results[i].Request.Kind == WriteKind.Update)).ToArray(), ct).ConfigureAwait(false);
                foreach (var i in chunk)
                {
                    if (keys.TryGetValue(results[i].RemoteId!, out var key)) results[i] = results[i] with { ChangeKey = key };
                }
            }
            catch (EwsException ex)
            {
                // The masters exist; their occurrences did not all make it. Failed makes the engine retry
                // (an update of the master, whose stamp and id it now knows).
                foreach (var i in chunk) results[i] = results[i] with { Outcome = WriteOutcome.Failed, Error = "occurrences: " + ex.Message };
            }
        }
    }

    private static int[] Indexes(IReadOnlyList<WriteRequest> writes, WriteKind kind) =>
        Enumerable.Range(0, writes.Count).Where(i => writes[i].Kind == kind).ToArray();

    private async Task CreateAsync(IReadOnlyList<WriteRequest> writes, int[] chunk, WriteResult[] results, CancellationToken ct)
    {
        var pending = new List<int>();
        foreach (var i in chunk)
        {
            var w = writes[i];
            if (w.Item is null || w.Item.Kind != context.Kind)
            {
                results[i] = new WriteResult(w, WriteOutcome.Failed, Error: $"create without a {context.Kind} item");
            }
            else
            {
                pending.Add(i);
            }
        }
        if (pending.Count == 0) return;
        var elements = pending.Select(i => ItemMapper.ToCreateElement(writes[i].Item!, writes[i].Stamp)).ToArray();
        var messages = await context.Client.SendBatchAsync(pending.Count,
            idx => ItemRequests.CreateItem(context.Kind, context.Folder, idx.Select(k => elements[k])), context.Call, ct).ConfigureAwait(false);
        for (var k = 0; k < pending.Count; k++)
        {
            var w = writes[pending[k]];
            var message = messages[k];
            var id = message.Element.MChild("Items")?.Elements().FirstOrDefault()?.TChild("ItemId");
            results[pending[k]] = message.IsSuccess && id is not null
                ? new WriteResult(w, WriteOutcome.Ok, (string?)id.Attribute("Id"), (string?)id.Attribute("ChangeKey"))
                : new WriteResult(w, WriteOutcome.Failed, Error: $"{message.ResponseCode}: {message.MessageText}");
        }
    }

    private async Task UpdateAsync(IReadOnlyList<WriteRequest> writes, int[] chunk, WriteResult[] results, CancellationToken ct)
    {
        var pending = new List<int>();
        foreach (var i in chunk)
        {
            var w = writes[i];
            if (w.RemoteId is null || w.Item is null || w.Item.Kind != context.Kind)
            {
                results[i] = new WriteResult(w, WriteOutcome.Failed, Error: "update needs a remote id and an item of the folder's kind");
            }
            else
            {
                pending.Add(i);
            }
        }
        if (pending.Count == 0) return;
        var changes = pending.Select(i => new ItemChange(writes[i].RemoteId!, writes[i].ExpectedChangeKey, ItemMapper.ToUpdates(writes[i].Item!, writes[i].Stamp))).ToArray();
        var messages = await context.Client.SendBatchAsync(pending.Count,
            idx => ItemRequests.UpdateItem(context.Kind, idx.Select(k => changes[k])), context.Call, ct).ConfigureAwait(false);
        for (var k = 0; k < pending.Count; k++)
        {
            var w = writes[pending[k]];
            var message = messages[k];
            var id = message.Element.MChild("Items")?.Elements().FirstOrDefault()?.TChild("ItemId");
            results[pending[k]] = message.ResponseCode switch
            {
                _ when message.IsSuccess => new WriteResult(w, WriteOutcome.Ok, (string?)id?.Attribute("Id") ?? w.RemoteId, (string?)id?.Attribute("ChangeKey")),
                EwsCodes.IrresolvableConflict or EwsCodes.StaleObject or EwsCodes.ChangeKeyRequired =>
                    new WriteResult(w, WriteOutcome.Conflict, w.RemoteId, Error: message.ResponseCode),
                EwsCodes.ItemNotFound => new WriteResult(w, WriteOutcome.NotFound, w.RemoteId, Error: message.ResponseCode),
                _ => new WriteResult(w, WriteOutcome.Failed, w.RemoteId, Error: $"{message.ResponseCode}: {message.MessageText}"),
            };
        }
    }

    /// <summary>
    /// The writes whose item is still as the engine read it (one GetItem for the batch); the others get their result
    /// here: NotFound when the item is gone, Conflict when its ChangeKey moved on.
    /// </summary>
    private async Task<List<int>> StillAsReadAsync(IReadOnlyList<WriteRequest> writes, int[] withId, WriteResult[] results, CancellationToken ct)
    {
        var current = await finder.CurrentKeysAsync(withId.Select(i => writes[i].RemoteId!).ToArray(), ct).ConfigureAwait(false);
        var pending = new List<int>();
        foreach (var i in withId)
        {
            var w = writes[i];
            if (!current.TryGetValue(w.RemoteId!, out var key)) results[i] = new WriteResult(w, WriteOutcome.NotFound, w.RemoteId);
            else if (w.ExpectedChangeKey is not null && key != w.ExpectedChangeKey) results[i] = new WriteResult(w, WriteOutcome.Conflict, w.RemoteId, key, "changed since read");
            else pending.Add(i);
        }
        return pending;
    }

    /// <summary>
    /// DeleteItem ignores ChangeKeys, so the current keys are read first (one GetItem for the batch): an
    /// item edited since the engine saw it is reported as a conflict, not deleted.
    /// </summary>
    private async Task DeleteAsync(IReadOnlyList<WriteRequest> writes, int[] chunk, WriteResult[] results, CancellationToken ct)
    {
        var withId = chunk.Where(i => writes[i].RemoteId is not null).ToArray();
        foreach (var i in chunk.Except(withId)) results[i] = new WriteResult(writes[i], WriteOutcome.Failed, Error: "delete needs a remote id");
        if (withId.Length == 0) return;
        var pending = await StillAsReadAsync(writes, withId, results, ct).ConfigureAwait(false);
        if (pending.Count == 0) return;
        var deleteType = context.IsPublic ? "SoftDelete" : context.DeleteType;
        var messages = await context.Client.SendBatchAsync(pending.Count,
            idx => ItemRequests.DeleteItem(context.Kind, idx.Select(k => ItemRequests.ItemId(writes[pending[k]].RemoteId!)), deleteType), context.Call, ct).ConfigureAwait(false);
        for (var k = 0; k < pending.Count; k++)
        {
            var w = writes[pending[k]];
            results[pending[k]] = messages[k] switch
            {
                { IsSuccess: true } => new WriteResult(w, WriteOutcome.Ok, w.RemoteId),
                { ResponseCode: EwsCodes.ItemNotFound } => new WriteResult(w, WriteOutcome.NotFound, w.RemoteId),
                var m => new WriteResult(w, WriteOutcome.Failed, w.RemoteId, Error: $"{m.ResponseCode}: {m.MessageText}"),
            };
        }
    }
}
