using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Mapping;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Connectors;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>
/// Change detection for public folders, where SyncFolderItems is not supported: a FindItem scan of ids
/// and ChangeKeys, paged with IndexedPageItemView, compared with the previous scan. A scan whose pages do
/// not add up (items added or removed while paging) is repeated; one that cannot be completed fails,
/// because a partial listing must never be mistaken for deletions.
/// </summary>
internal sealed partial class PublicFolderChangeReader(FolderContext context, OwnWrites ownWrites, ILogger log)
{
    private const int ScanAttempts = 3;

    public async Task<ChangeSet> ReadAsync(string? token, CancellationToken ct)
    {
        var previous = ScanToken.Decode(token);
        var seen = await ScanAsync(ct).ConfigureAwait(false);
        List<string> changed;
        var deletions = new List<string>();
        if (previous is null)
        {
            changed = seen.Keys.ToList();
        }
        else
        {
            changed = seen.Where(p => !previous.TryGetValue(p.Key, out var ck) || ck != p.Value).Select(p => p.Key).ToList();
            deletions.AddRange(previous.Keys.Where(id => !seen.ContainsKey(id)));
        }
        var fetched = await new ItemFetcher(context).FetchAsync(changed, seen, ownWrites, ct).ConfigureAwait(false);
        foreach (var id in fetched.Missing)
        {
            seen.Remove(id);
            if (previous is not null && previous.ContainsKey(id)) deletions.Add(id);
        }
        // Record the ChangeKey GetItem saw: an edit between scan and fetch is then not reported twice.
        foreach (var item in fetched.Items) seen[item.RemoteId] = item.ChangeKey;
        return new ChangeSet(fetched.Items, deletions, ScanToken.Encode(seen), previous is null);
    }

    /// <summary>Every item of the folder (id → ChangeKey), or an exception; never a partial list.</summary>
    internal async Task<Dictionary<string, string>> ScanAsync(CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var seen = new Dictionary<string, string>(StringComparer.Ordinal);
            var consistent = true;
            int? total = null;
            for (var offset = 0; ; )
            {
                var response = await context.Client.SendAsync(ItemRequests.FindItemScan(context.Folder, offset), context.Call, ct).ConfigureAwait(false);
                var message = EwsClient.Messages(response).FirstOrDefault() ?? throw new EwsException(EwsCodes.BadResponse, "FindItem answer has no message");
                if (!message.IsSuccess) throw new EwsException(message.ResponseCode, $"FindItem {context.Folder}: {message.MessageText ?? message.ResponseCode}");
                var root = message.Element.MChild("RootFolder") ?? throw new EwsException(EwsCodes.BadResponse, "FindItem answer has no RootFolder");
                var pageTotal = (int?)root.Attribute("TotalItemsInView");
                if (total is not null && pageTotal is not null && pageTotal != total) consistent = false;
                total ??= pageTotal;
                var page = root.TChild("Items")?.Elements().ToArray() ?? [];
                foreach (var item in page)
                {
                    if (!ItemMapper.IsOfKind(context.Kind, item)) continue;
                    var id = item.TChild("ItemId");
                    if (id?.Attribute("Id") is { } idAttr) seen[idAttr.Value] = (string?)id.Attribute("ChangeKey") ?? string.Empty;
                }
                var last = (bool?)root.Attribute("IncludesLastItemInRange") ?? false;
                if (last) break;
                if (page.Length == 0) { consistent = false; break; }
                offset = (int?)root.Attribute("IndexedPagingOffset") ?? offset + page.Length;
            }
            if (consistent) return seen;
            LogInconsistent(log, context.Folder.ToString(), attempt);
            if (attempt >= ScanAttempts)
            {
                throw new EwsException("IncompleteListing", $"public folder {context.Folder} kept changing while it was listed; not reporting a partial listing");
            }
        }
    }

    [LoggerMessage(EventId = 2301, Level = LogLevel.Information, Message = "Public folder {Folder} changed while being scanned (attempt {Attempt}); scanning again")]
    private static partial void LogInconsistent(ILogger logger, string folder, int attempt);
}
