using System.Xml.Linq;
using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews.Mapping;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>
/// Deleted and modified occurrences cannot be written with the master: EWS takes them as DeleteItem /
/// UpdateItem on the occurrence (bound through its InstanceIndex) after the master exists. Each step
/// covers all masters of a write batch in one request.
/// </summary>
internal sealed partial class OccurrenceWriter(FolderContext context, ILogger log)
{
    private static readonly HashSet<string> OccurrenceFields =
    [
        "item:Subject", "item:Sensitivity", "item:Body", "item:Categories", "item:Importance", "item:ReminderIsSet",
        "item:ReminderMinutesBeforeStart", "calendar:Start", "calendar:End", "calendar:LegacyFreeBusyStatus", "calendar:Location",
    ];

    // Deleting an occurrence twice is not an error for the sync: it is gone either way.
    private static readonly HashSet<string> AlreadyGone = [EwsCodes.ItemNotFound, "ErrorCalendarOccurrenceIsDeletedFromRecurrence", "ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange"];

    /// <summary>A series written; <paramref name="Updated"/>: it existed before, so it may hold exceptions the model no longer has.</summary>
    public sealed record Master(string ItemId, Event Event, bool Updated = false);

    /// <summary>
    /// Applies the masters' deleted and modified occurrences, and puts back to the pattern the occurrences an updated
    /// series still holds as exceptions that the model removed; returns each master's final ChangeKey.
    /// </summary>
    public async Task<Dictionary<string, string>> ApplyAsync(IReadOnlyList<Master> masters, CancellationToken ct)
    {
        var deletions = new List<XElement>();
        var modifications = await RemovedExceptionsAsync(masters.Where(m => m.Updated).ToArray(), ct).ConfigureAwait(false);
        foreach (var master in masters)
        {
            foreach (var deleted in master.Event.DeletedOccurrences)
            {
                if (OccurrenceIndex.Of(master.Event, deleted) is { } index) deletions.Add(ItemRequests.OccurrenceId(master.ItemId, index));
                else LogNoInstance(log, master.Event.Title, deleted.ToString());
            }
            foreach (var exception in master.Event.Exceptions)
            {
                if (OccurrenceIndex.Of(master.Event, exception.RecurrenceId) is { } index) modifications.Add((master.ItemId, index, exception.Occurrence));
                else LogNoInstance(log, master.Event.Title, exception.RecurrenceId.ToString());
            }
        }
        if (deletions.Count > 0)
        {
            var messages = await context.Client.SendBatchAsync(deletions.Count,
                idx => ItemRequests.DeleteItem(ItemKind.Event, idx.Select(i => deletions[i]), "HardDelete"), context.Call, ct).ConfigureAwait(false);
            foreach (var m in messages.Where(m => !m.IsSuccess && !AlreadyGone.Contains(m.ResponseCode)))
            {
                throw new EwsException(m.ResponseCode, $"deleting an occurrence: {m.MessageText ?? m.ResponseCode}");
            }
        }
        if (modifications.Count > 0) await ModifyAsync(modifications, ct).ConfigureAwait(false);
        return await ChangeKeysAsync(masters.Select(m => m.ItemId).ToArray(), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Exceptions the server holds that the model has not (removed from it since): each is reset to the pattern's own
    /// values. EWS has no operation that turns an exception back into a plain occurrence, and deleting it would lose an
    /// occurrence the model keeps; the reset one reads back as no exception (ItemFetcher drops plain ones).
    /// </summary>
    private async Task<List<(string MasterId, int Index, Event Occurrence)>> RemovedExceptionsAsync(IReadOnlyList<Master> masters, CancellationToken ct)
    {
        var resets = new List<(string MasterId, int Index, Event Occurrence)>();
        if (masters.Count == 0) return resets;
        var messages = await context.Client.SendBatchAsync(masters.Count, idx => X.M("GetItem",
            X.M("ItemShape", X.T("BaseShape", "IdOnly"), X.T("AdditionalProperties", X.T("FieldURI", new XAttribute("FieldURI", "calendar:ModifiedOccurrences")))),
            X.M("ItemIds", idx.Select(i => ItemRequests.ItemId(masters[i].ItemId)))), context.Call, ct).ConfigureAwait(false);
        for (var i = 0; i < masters.Count; i++)
        {
            var master = masters[i];
            var held = messages[i].Element.MChild("Items")?.Elements().FirstOrDefault()?.TChild("ModifiedOccurrences")?.Elements(Ns.T + "Occurrence") ?? [];
            var kept = master.Event.Exceptions.Select(x => EwsTimeZones.ToInstant(x.RecurrenceId)).ToHashSet();
            foreach (var occurrence in held)
            {
                if (EventMapper.OriginalStart(occurrence, master.Event) is not { } original) continue;
                if (master.Event.IsAllDay ? master.Event.Exceptions.Any(x => x.RecurrenceId.Value.Date == original.Value.Date) : kept.Contains(EwsTimeZones.ToInstant(original))) continue;
                if (OccurrenceIndex.Of(master.Event, original) is { } index) resets.Add((master.ItemId, index, EventExtras.PlainOccurrence(master.Event, original)));
            }
        }
        return resets;
    }

    private async Task ModifyAsync(List<(string MasterId, int Index, Event Occurrence)> modifications, CancellationToken ct)
    {
        // UpdateItem needs the occurrence's own id and ChangeKey: bind through the instance index first.
        var bound = await context.Client.SendBatchAsync(modifications.Count, idx => X.M("GetItem",
            X.M("ItemShape", X.T("BaseShape", "IdOnly")),
            X.M("ItemIds", idx.Select(i => ItemRequests.OccurrenceId(modifications[i].MasterId, modifications[i].Index)))), context.Call, ct).ConfigureAwait(false);
        var changes = new List<ItemChange>();
        for (var i = 0; i < modifications.Count; i++)
        {
            var id = bound[i].Element.MChild("Items")?.Elements().FirstOrDefault()?.TChild("ItemId");
            if (!bound[i].IsSuccess || id?.Attribute("Id") is null)
            {
                throw new EwsException(bound[i].ResponseCode, $"binding occurrence {modifications[i].Index}: {bound[i].MessageText ?? bound[i].ResponseCode}");
            }
            var updates = X.T("Updates");
            foreach (var field in EventMapper.ToFields(modifications[i].Occurrence).Where(f => OccurrenceFields.Contains((string?)f.Path.Attribute("FieldURI") ?? "")))
            {
                updates.Add(field.Value is null
                    ? X.T("DeleteItemField", new XElement(field.Path))
                    : X.T("SetItemField", new XElement(field.Path), X.T("CalendarItem", new XElement(field.Value))));
            }
            changes.Add(new ItemChange((string)id.Attribute("Id")!, (string?)id.Attribute("ChangeKey"), updates));
        }
        var messages = await context.Client.SendBatchAsync(changes.Count, idx => ItemRequests.UpdateItem(ItemKind.Event, idx.Select(i => changes[i])), context.Call, ct).ConfigureAwait(false);
        foreach (var m in messages.Where(m => !m.IsSuccess))
        {
            throw new EwsException(m.ResponseCode, $"modifying an occurrence: {m.MessageText ?? m.ResponseCode}");
        }
    }

    private async Task<Dictionary<string, string>> ChangeKeysAsync(IReadOnlyList<string> ids, CancellationToken ct)
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var messages = await context.Client.SendBatchAsync(ids.Count, idx => X.M("GetItem",
            X.M("ItemShape", X.T("BaseShape", "IdOnly")),
            X.M("ItemIds", idx.Select(i => ItemRequests.ItemId(ids[i])))), context.Call, ct).ConfigureAwait(false);
        for (var i = 0; i < ids.Count; i++)
        {
            var id = messages[i].Element.MChild("Items")?.Elements().FirstOrDefault()?.TChild("ItemId");
            if (messages[i].IsSuccess && id?.Attribute("ChangeKey") is { } key) keys[ids[i]] = key.Value;
        }
        return keys;
    }

    [LoggerMessage(EventId = 2601, Level = LogLevel.Warning, Message = "Event {Title}: no occurrence starts at {OriginalStart}; exception not written")]
    private static partial void LogNoInstance(ILogger logger, string title, string originalStart);
}
