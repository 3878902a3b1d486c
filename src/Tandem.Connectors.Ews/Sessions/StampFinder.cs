using Tandem.Connectors.Ews.Mapping;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>Finds items by Tandem's stamp (FindItem with an extended-property restriction) and reads current ChangeKeys.</summary>
internal sealed class StampFinder(FolderContext context)
{
    /// <summary>Logical ids per restriction: one look-up per write batch, an OR list Exchange still evaluates quickly.</summary>
    private const int IdsPerQuery = 100;

    public sealed record Found(string Id, string ChangeKey);

    /// <summary>
    /// The group's items among <paramref name="logicalIds"/>. Many ids are looked up with one restriction on
    /// the group alone (the same restriction every time, which Exchange caches), few with an OR of their ids.
    /// </summary>
    public async Task<Dictionary<string, Found>> FindIdsAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken ct)
    {
        var found = new Dictionary<string, Found>(StringComparer.Ordinal);
        var distinct = logicalIds.Distinct(StringComparer.Ordinal).ToArray();
        if (distinct.Length > IdsPerQuery)
        {
            var wanted = distinct.ToHashSet(StringComparer.Ordinal);
            await CollectAsync(ItemRequests.StampRestriction(groupId, []), groupId, found, ct).ConfigureAwait(false);
            foreach (var key in found.Keys.Where(k => !wanted.Contains(k)).ToArray()) found.Remove(key);
            return found;
        }
        foreach (var chunk in distinct.Chunk(IdsPerQuery))
        {
            await CollectAsync(ItemRequests.StampRestriction(groupId, chunk), groupId, found, ct).ConfigureAwait(false);
        }
        return found;
    }

    private async Task CollectAsync(System.Xml.Linq.XElement restriction, string groupId, Dictionary<string, Found> found, CancellationToken ct)
    {
        {
            for (var offset = 0; ; )
            {
                var response = await context.Client.SendAsync(ItemRequests.FindItemScan(context.Folder, offset, restriction), context.Call, ct).ConfigureAwait(false);
                var message = EwsClient.Messages(response).FirstOrDefault() ?? throw new EwsException(EwsCodes.BadResponse, "FindItem answer has no message");
                if (!message.IsSuccess) throw new EwsException(message.ResponseCode, $"FindItem by stamp: {message.MessageText ?? message.ResponseCode}");
                var root = message.Element.MChild("RootFolder");
                var page = root?.TChild("Items")?.Elements().ToArray() ?? [];
                foreach (var item in page)
                {
                    var stamp = ItemMapper.ReadStamp(item);
                    var id = item.TChild("ItemId");
                    if (stamp is null || stamp.GroupId != groupId || id?.Attribute("Id") is null) continue;
                    // Two copies with one stamp should not exist; keep the first so the answer is stable.
                    found.TryAdd(stamp.LogicalId, new Found((string)id.Attribute("Id")!, (string?)id.Attribute("ChangeKey") ?? string.Empty));
                }
                if (root is null || ((bool?)root.Attribute("IncludesLastItemInRange") ?? true) || page.Length == 0) break;
                offset = (int?)root.Attribute("IndexedPagingOffset") ?? offset + page.Length;
            }
        }
    }

    /// <summary>Current ChangeKey per item id; ids the server does not know are absent.</summary>
    public async Task<Dictionary<string, string>> CurrentKeysAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var messages = await context.Client.SendBatchAsync(ids.Count, idx => IdOnlyGet(idx.Select(i => ids[i])), context.Call, ct).ConfigureAwait(false);
        for (var i = 0; i < ids.Count; i++)
        {
            if (messages[i].ResponseCode == EwsCodes.ItemNotFound) continue;
            if (!messages[i].IsSuccess) throw new EwsException(messages[i].ResponseCode, $"GetItem {ids[i]}: {messages[i].MessageText}");
            var id = messages[i].Element.MChild("Items")?.Elements().FirstOrDefault()?.TChild("ItemId");
            if (id is not null) keys[ids[i]] = (string?)id.Attribute("ChangeKey") ?? string.Empty;
        }
        return keys;
    }

    private static System.Xml.Linq.XElement IdOnlyGet(IEnumerable<string> ids) => X.M("GetItem",
        X.M("ItemShape", X.T("BaseShape", "IdOnly")),
        X.M("ItemIds", ids.Select(id => ItemRequests.ItemId(id))));
}
