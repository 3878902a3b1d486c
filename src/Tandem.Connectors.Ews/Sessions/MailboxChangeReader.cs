using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Connectors;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>
/// Change detection for mailbox folders with SyncFolderItems: loops 512 changes at a time until
/// IncludesLastItemInRange, then fetches the created/updated items. A sync from no state is a complete
/// listing; an invalid state restarts from none and is reported complete only because that restart ran
/// to its end.
/// </summary>
internal sealed partial class MailboxChangeReader(FolderContext context, OwnWrites ownWrites, ILogger log)
{
    public const string TokenPrefix = "sfi:";

    public async Task<ChangeSet> ReadAsync(string? token, CancellationToken ct)
    {
        var state = token is not null && token.StartsWith(TokenPrefix, StringComparison.Ordinal) ? token[TokenPrefix.Length..] : null;
        if (token is not null && state is null) LogForeignToken(log, context.Folder.ToString());
        while (true)
        {
            var complete = state is null;
            var (changed, changeKeys, deleted, newState, invalid) = await SyncAsync(state, ct).ConfigureAwait(false);
            if (invalid)
            {
                if (state is null) throw new EwsException(EwsCodes.InvalidSyncStateData, "SyncFolderItems refused a sync from no state");
                LogInvalidState(log, context.Folder.ToString());
                state = null;
                continue;
            }
            var fetched = await new ItemFetcher(context).FetchAsync(changed, changeKeys, ownWrites, ct).ConfigureAwait(false);
            var deletions = deleted.ToList();
            // An item listed as changed but gone by the time we fetched it was deleted meanwhile.
            if (!complete) deletions.AddRange(fetched.Missing);
            return new ChangeSet(fetched.Items, deletions, TokenPrefix + newState, complete);
        }
    }

    private async Task<(List<string> Changed, Dictionary<string, string> ChangeKeys, List<string> Deleted, string State, bool Invalid)> SyncAsync(string? state, CancellationToken ct)
    {
        var changed = new List<string>();
        var changeKeys = new Dictionary<string, string>(StringComparer.Ordinal);
        var changedSet = new HashSet<string>(StringComparer.Ordinal);
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        var current = state;
        for (var round = 0; ; round++)
        {
            var response = await context.Client.SendAsync(ItemRequests.SyncFolderItems(context.Folder, current), context.Call, ct).ConfigureAwait(false);
            var message = EwsClient.Messages(response).FirstOrDefault() ?? throw new EwsException(EwsCodes.BadResponse, "SyncFolderItems answer has no message");
            if (message.ResponseCode == EwsCodes.InvalidSyncStateData) return ([], [], [], string.Empty, true);
            if (!message.IsSuccess) throw new EwsException(message.ResponseCode, $"SyncFolderItems {context.Folder}: {message.MessageText ?? message.ResponseCode}");
            foreach (var change in message.Element.MChild("Changes")?.Elements() ?? [])
            {
                var kind = change.Name.LocalName;
                var itemId = kind == "Delete" ? change.TChild("ItemId") : change.Elements().FirstOrDefault()?.TChild("ItemId");
                var id = (string?)itemId?.Attribute("Id");
                if (id is null) continue;
                switch (kind)
                {
                    case "Create" or "Update":
                        deleted.Remove(id);
                        if (changedSet.Add(id)) changed.Add(id);
                        if ((string?)itemId!.Attribute("ChangeKey") is { } key) changeKeys[id] = key;
                        break;
                    case "Delete":
                        if (changedSet.Remove(id)) changed.Remove(id);
                        deleted.Add(id);
                        break;
                }
            }
            var newState = message.Element.MChild("SyncState")?.Value;
            if (string.IsNullOrEmpty(newState)) throw new EwsException(EwsCodes.BadResponse, "SyncFolderItems answer has no SyncState");
            current = newState;
            var last = bool.TryParse(message.Element.MChild("IncludesLastItemInRange")?.Value, out var l) && l;
            if (last) return (changed, changeKeys, deleted.ToList(), current, false);
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Warning, Message = "SyncFolderItems on {Folder}: sync state invalid, re-reading the whole folder")]
    private static partial void LogInvalidState(ILogger logger, string folder);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Folder {Folder}: the stored sync state is not a SyncFolderItems state, re-reading the whole folder")]
    private static partial void LogForeignToken(ILogger logger, string folder);
}
