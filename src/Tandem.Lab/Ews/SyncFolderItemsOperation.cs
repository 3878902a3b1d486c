using System.Globalization;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// SyncFolderItems: changes after the sync state's change number, oldest first, at most MaxChangesReturned; Create when
/// the client has never seen the item, ReadFlagChange when only its read flag changed since (EWS reference:
/// ReadFlagChange, "the read flag of an item has changed": ItemId and IsRead, not the item), Update otherwise, Delete
/// from tombstones of items it had seen; Ignore skips ids. Refused on public folders, as Exchange does not support it there.
/// </summary>
internal static class SyncFolderItemsOperation
{
    public static IEnumerable<XElement> SyncFolderItems(EwsCall call)
    {
        XElement message;
        try
        {
            var folder = call.ResolveFolder(call.Child("SyncFolderId")!.Elements().First());
            if (folder.IsPublic)
            {
                throw new EwsException("ErrorInvalidOperation", "SyncFolderItems is not supported for public folders.");
            }

            var shape = ResponseShape.Parse(call.Child("ItemShape"));
            var since = 0L;
            if (call.Child("SyncState")?.Value is { Length: > 0 } state)
            {
                since = SyncStateCodec.Read(state, "I:" + folder.Id, call.Lab.Faults) ?? throw SyncStateCodec.Invalid();
            }

            var max = int.Parse(call.Child("MaxChangesReturned")!.Value, CultureInfo.InvariantCulture);
            var ignore = call.Child("Ignore")?.Elements(Ns.T + "ItemId").Select(e => (string?)e.Attribute("Id")).OfType<string>()
                .ToHashSet(StringComparer.Ordinal) ?? [];
            var changes = new List<XElement>();
            var watermark = since;
            var more = false;
            foreach (var (number, entry) in folder.Changes.After(since))
            {
                if (changes.Count == max)
                {
                    more = true;
                    break;
                }

                watermark = number;
                switch (entry)
                {
                    case LabItem item when !ignore.Contains(item.Id) && OnlyReadFlagChanged(item, since):
                        changes.Add(new XElement(Ns.T + "ReadFlagChange", ItemRenderer.IdOnly(item).Element(Ns.T + "ItemId"),
                            new XElement(Ns.T + "IsRead", item.Text("IsRead") ?? "false")));
                        break;
                    case LabItem item when !ignore.Contains(item.Id):
                        changes.Add(new XElement(Ns.T + (item.CreatedChangeNumber > since ? "Create" : "Update"), ItemRenderer.Render(item, shape, call.Store)));
                        break;
                    case Tombstone t when t.CreatedChangeNumber <= since && !ignore.Contains(t.ItemId):
                        changes.Add(new XElement(Ns.T + "Delete", new XElement(Ns.T + "ItemId", new XAttribute("Id", t.ItemId))));
                        break;
                }
            }

            if (!more)
            {
                watermark = Math.Max(watermark, call.Store.LastChangeNumber);
            }

            message = SoapWriter.Success("SyncFolderItems",
                new XElement(Ns.M + "SyncState", SyncStateCodec.Write("I:" + folder.Id, watermark)),
                new XElement(Ns.M + "IncludesLastItemInRange", more ? "false" : "true"),
                new XElement(Ns.M + "Changes", changes));
        }
        catch (EwsException ex)
        {
            message = SoapWriter.Error("SyncFolderItems", ex, new XElement(Ns.M + "SyncState"));
        }

        return [message];
    }

    /// <summary>The client has seen the item, and IsRead is the one property changed after that.</summary>
    private static bool OnlyReadFlagChanged(LabItem item, long since)
    {
        if (since == 0 || item.CreatedChangeNumber > since) return false;
        var changed = item.PropertyChangeNumbers.Where(p => p.Value > since).Select(p => p.Key).ToList();
        return changed.Count > 0 && changed.All(k => k == "IsRead");
    }
}
