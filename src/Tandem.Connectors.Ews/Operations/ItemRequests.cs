using System.Xml.Linq;
using Tandem.Connectors.Ews.Mapping;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Operations;

/// <summary>One UpdateItem change: which item, at which ChangeKey, and its t:Updates.</summary>
internal sealed record ItemChange(string ItemId, string? ChangeKey, XElement Updates);

/// <summary>
/// Builders for the item operations. Every calendar write says SendToNone (copies never invite or
/// cancel), every note and message write SaveOnly (a copy is never sent), every update NeverOverwrite with the ChangeKey last seen.
/// </summary>
internal static class ItemRequests
{
    public const int MaxSyncChanges = 512;
    public const int FindPageSize = 500;

    public static XElement ItemId(string id, string? changeKey = null)
    {
        var e = X.T("ItemId", new XAttribute("Id", id));
        if (!string.IsNullOrEmpty(changeKey)) e.Add(new XAttribute("ChangeKey", changeKey));
        return e;
    }

    public static XElement GetItem(ItemKind kind, IEnumerable<string> ids) => X.M("GetItem",
        ItemMapper.ItemShape(kind),
        X.M("ItemIds", ids.Select(id => ItemId(id))));

    public static XElement CreateItem(ItemKind kind, FolderAddress folder, IEnumerable<XElement> items)
    {
        var op = X.M("CreateItem");
        if (kind is ItemKind.Note or ItemKind.Message) op.Add(new XAttribute("MessageDisposition", "SaveOnly"));
        if (kind == ItemKind.Event) op.Add(new XAttribute("SendMeetingInvitations", "SendToNone"));
        op.Add(X.M("SavedItemFolderId", folder.ToXml()), X.M("Items", items));
        return op;
    }

    public static XElement UpdateItem(ItemKind kind, IEnumerable<ItemChange> changes)
    {
        var op = X.M("UpdateItem", new XAttribute("ConflictResolution", "NeverOverwrite"));
        if (kind is ItemKind.Note or ItemKind.Message) op.Add(new XAttribute("MessageDisposition", "SaveOnly"));
        if (kind == ItemKind.Event) op.Add(new XAttribute("SendMeetingInvitationsOrCancellations", "SendToNone"));
        op.Add(X.M("ItemChanges", changes.Select(c => X.T("ItemChange", ItemId(c.ItemId, c.ChangeKey), c.Updates))));
        return op;
    }

    public static XElement DeleteItem(ItemKind kind, IEnumerable<XElement> itemIds, string deleteType)
    {
        var op = X.M("DeleteItem", new XAttribute("DeleteType", deleteType));
        if (kind == ItemKind.Event) op.Add(new XAttribute("SendMeetingCancellations", "SendToNone"));
        if (kind == ItemKind.Task) op.Add(new XAttribute("AffectedTaskOccurrences", "AllOccurrences"));
        op.Add(X.M("ItemIds", itemIds));
        return op;
    }

    /// <summary>An occurrence of a recurring master by its 1-based instance index (to delete or modify one occurrence).</summary>
    public static XElement OccurrenceId(string masterId, int instanceIndex) =>
        X.T("OccurrenceItemId", new XAttribute("RecurringMasterId", masterId), new XAttribute("InstanceIndex", instanceIndex));

    /// <summary>Ids, change keys, modification times and stamps: enough to see what changed without fetching bodies.</summary>
    public static XElement FindItemScan(FolderAddress folder, int offset, XElement? restriction = null) => new(Ns.M + "FindItem",
        new XAttribute("Traversal", "Shallow"),
        X.M("ItemShape",
            X.T("BaseShape", "IdOnly"),
            X.T("AdditionalProperties",
                X.T("FieldURI", new XAttribute("FieldURI", "item:LastModifiedTime")),
                X.T("FieldURI", new XAttribute("FieldURI", "item:ItemClass")),
                Props.Stamp.Select(p => p.Path()))),
        X.M("IndexedPageItemView",
            new XAttribute("MaxEntriesReturned", FindPageSize),
            new XAttribute("Offset", offset),
            new XAttribute("BasePoint", "Beginning")),
        restriction is null ? null : X.M("Restriction", restriction),
        X.M("ParentFolderIds", folder.ToXml()));

    /// <summary>Items of one group whose logical id is one of <paramref name="logicalIds"/> (all the group's items when none are named).</summary>
    public static XElement StampRestriction(string groupId, IReadOnlyCollection<string> logicalIds)
    {
        var group = IsEqualTo(Props.StampGroup, groupId);
        if (logicalIds.Count == 0) return group;
        var ids = logicalIds.Select(id => IsEqualTo(Props.StampLogicalId, id)).ToArray();
        var idPart = ids.Length == 1 ? ids[0] : X.T("Or", ids);
        return X.T("And", group, idPart);
    }

    private static XElement IsEqualTo(ExtendedProp prop, string value) => X.T("IsEqualTo",
        prop.Path(),
        X.T("FieldURIOrConstant", X.T("Constant", new XAttribute("Value", value))));

    public static XElement SyncFolderItems(FolderAddress folder, string? syncState, int maxChanges = MaxSyncChanges) => X.M("SyncFolderItems",
        X.M("ItemShape", X.T("BaseShape", "IdOnly")),
        X.M("SyncFolderId", folder.ToXml()),
        string.IsNullOrEmpty(syncState) ? null : X.M("SyncState", syncState),
        X.M("MaxChangesReturned", Math.Clamp(maxChanges, 1, MaxSyncChanges)));
}
