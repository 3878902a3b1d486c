using System.Xml.Linq;
using Tandem.Connectors.Ews.Mapping;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>
/// GetItem in batches with the full shape and Tandem's stamps; calendar masters get their modified
/// occurrences fetched too and attached as exceptions.
/// </summary>
internal sealed class ItemFetcher(FolderContext context)
{
    /// <summary>Fetched items, plus the ids the server no longer knows (deleted since they were listed).</summary>
    public sealed record Result(IReadOnlyList<RemoteItem> Items, IReadOnlyList<string> Missing);

    /// <summary>
    /// Like <see cref="FetchAsync(IReadOnlyList{string}, CancellationToken)"/>, but items still at the ChangeKey our
    /// own write produced (per <paramref name="changeKeys"/> from the listing) come from <paramref name="ownWrites"/>.
    /// </summary>
    public async Task<Result> FetchAsync(IReadOnlyList<string> ids, IReadOnlyDictionary<string, string> changeKeys, OwnWrites ownWrites, CancellationToken ct)
    {
        var known = new List<RemoteItem>();
        var unknown = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            if (ownWrites.TryTake(id, changeKeys.GetValueOrDefault(id), out var item)) known.Add(item);
            else unknown.Add(id);
        }
        if (known.Count == 0) return await FetchAsync(ids, ct).ConfigureAwait(false);
        var fetched = await FetchAsync(unknown, ct).ConfigureAwait(false);
        return new Result([.. known, .. fetched.Items], fetched.Missing);
    }

    public async Task<Result> FetchAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var items = new List<RemoteItem>(ids.Count);
        var missing = new List<string>();
        foreach (var chunk in ids.Chunk(context.BatchSize))
        {
            var messages = await context.Client.SendBatchAsync(chunk.Length,
                idx => ItemRequests.GetItem(context.Kind, idx.Select(i => chunk[i])), context.Call, ct).ConfigureAwait(false);
            var masters = new List<(RemoteItem Item, IReadOnlyList<XElement> Occurrences)>();
            var contacts = new List<(RemoteItem Item, XElement Element)>();
            for (var i = 0; i < chunk.Length; i++)
            {
                var message = messages[i];
                if (message.ResponseCode == EwsCodes.ItemNotFound)
                {
                    missing.Add(chunk[i]);
                    continue;
                }
                if (!message.IsSuccess)
                {
                    throw new EwsException(message.ResponseCode, $"GetItem {chunk[i]}: {message.MessageText ?? message.ResponseCode}");
                }
                var element = message.Element.MChild("Items")?.Elements().FirstOrDefault();
                if (element is null) continue;
                if (!ItemMapper.IsOfKind(context.Kind, element)) continue; // e.g. a distribution list among contacts
                var remote = ItemMapper.FromXml(context.Kind, element, out var occurrences);
                if (context.Kind == ItemKind.Contact && context.Photos is not null) contacts.Add((remote, element));
                else masters.Add((remote, occurrences));
            }
            if (contacts.Count > 0) items.AddRange(await context.Photos!.FillAsync(context, contacts, ct).ConfigureAwait(false));
            foreach (var (item, occurrences) in masters)
            {
                items.Add(occurrences.Count == 0 || item.Item is not Event master
                    ? item
                    : item with { Item = await WithExceptionsAsync(master, occurrences, ct).ConfigureAwait(false) });
            }
        }
        return new Result(items, missing);
    }

    private async Task<Event> WithExceptionsAsync(Event master, IReadOnlyList<XElement> occurrences, CancellationToken ct)
    {
        var ids = occurrences.Select(o => (string)o.TChild("ItemId")!.Attribute("Id")!).ToArray();
        var messages = await context.Client.SendBatchAsync(ids.Length,
            idx => ItemRequests.GetItem(ItemKind.Event, idx.Select(i => ids[i])), context.Call, ct).ConfigureAwait(false);
        var exceptions = new List<EventException>();
        for (var i = 0; i < ids.Length; i++)
        {
            if (!messages[i].IsSuccess) continue; // the occurrence went away meanwhile: it is no longer an exception
            var element = messages[i].Element.MChild("Items")?.Elements().FirstOrDefault();
            var recurrenceId = EventMapper.OriginalStart(occurrences[i], master);
            if (element is null || recurrenceId is null) continue;
            var occurrence = EventMapper.FromXml(element, out _) with
            {
                Uid = null,
                Recurrence = null,
                DeletedOccurrences = ValueList<ItemTime>.Empty,
            };
            // An occurrence put back to the series' own values (how Tandem removes an exception: Exchange keeps listing
            // it as modified) is no exception.
            if (EventExtras.IsPlain(master, recurrenceId, occurrence)) continue;
            exceptions.Add(new EventException(recurrenceId, occurrence));
        }
        var withExceptions = master with { Exceptions = exceptions.ToValueList() };
        return EventExtras.IsFloating(master) ? EventExtras.Floating(withExceptions) : withExceptions;
    }
}
