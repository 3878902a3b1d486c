using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// UpdateItem with Exchange's concurrency rules. The ChangeKey is required. A stale one is refused under NeverOverwrite;
/// under AutoResolve it is refused only when a property being set was changed after the client's version (the lab
/// keeps the change number of each property); AlwaysOverwrite applies regardless.
/// </summary>
internal static class UpdateItemOperation
{
    public static IEnumerable<XElement> UpdateItem(EwsCall call)
    {
        var resolution = (string?)call.Operation.Attribute("ConflictResolution") ?? "AutoResolve";
        var results = new List<XElement>();
        foreach (var change in call.Child("ItemChanges")!.Elements(Ns.T + "ItemChange"))
        {
            try
            {
                var id = change.Elements().First();
                var (master, occurrence) = call.ResolveTarget(id);
                var item = occurrence is { } index ? Occurrences.View(master, index) : master;
                var updates = change.Element(Ns.T + "Updates")!.Elements().ToList();
                CheckConcurrency(item, (string?)id.Attribute("ChangeKey"), resolution, updates);
                var changed = new List<string>();
                foreach (var update in updates)
                {
                    changed.Add(Apply(item, update));
                }

                if (occurrence is { } changedIndex)
                {
                    Occurrences.SaveException(call.Store, master, changedIndex, item, changed);
                    item = Occurrences.View(master, changedIndex);
                }
                else
                {
                    call.Store.Touch(item, changed);
                }

                results.Add(SoapWriter.Success("UpdateItem",
                    new XElement(Ns.M + "Items", ItemRenderer.IdOnly(item)),
                    new XElement(Ns.M + "ConflictResults", new XElement(Ns.T + "Count", 0))));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("UpdateItem", ex, new XElement(Ns.M + "Items")));
            }
        }

        return results;
    }

    private static void CheckConcurrency(LabItem item, string? changeKey, string resolution, List<XElement> updates)
    {
        if (changeKey is null)
        {
            throw new EwsException("ErrorChangeKeyRequiredForWriteOperations", "When making a request that will modify an item, you must supply the change key.");
        }

        if (LabIds.ChangeNumberOf(changeKey) is null)
        {
            throw InvalidChangeKey();
        }

        if (changeKey == item.ChangeKey || resolution == "AlwaysOverwrite")
        {
            return;
        }

        var held = LabIds.ChangeNumberOf(changeKey)!.Value;
        if (resolution == "AutoResolve")
        {
            var touched = updates.Select(u => PropertyPath.Parse(u.Elements().First()).BagKey);
            if (!touched.Any(k => item.PropertyChangeNumbers.GetValueOrDefault(k) > held))
            {
                return;
            }
        }

        throw new EwsException("ErrorIrresolvableConflict",
            "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.");
    }

    /// <summary>Applies one SetItemField / AppendToItemField / DeleteItemField; returns the bag key it changed.</summary>
    private static string Apply(LabItem item, XElement update)
    {
        var path = PropertyPath.Parse(update.Elements().First());
        var kind = update.Name.LocalName;
        var value = update.Elements().Skip(1).FirstOrDefault() is { } sent ? TypedValues.Canonical(sent) : null;
        switch (path.Kind)
        {
            case PathKind.Extended when kind == "DeleteItemField":
                item.Extended.Remove(path.ExtendedKey!);
                break;
            case PathKind.Extended:
                var property = value?.Element(Ns.T + "ExtendedProperty") ?? throw Missing();
                if (ItemBag.KeyOf(property) != path.ExtendedKey)
                {
                    throw new EwsException("ErrorInvalidPropertySet", "The property in the item does not match the property path.");
                }

                item.Extended[path.ExtendedKey!] = ItemBag.Detached(property);
                break;
            case PathKind.Indexed:
                ApplyIndexed(item, path, kind, value);
                break;
            case PathKind.Field when Occurrences.IsReadOnly(path.Element):
                throw ReadOnly();
            case PathKind.Field when kind == "DeleteItemField":
                item.Props.Remove(path.Element);
                break;
            case PathKind.Field:
                var element = value?.Elements().FirstOrDefault(e => e.Name.LocalName == path.Element) ?? throw Missing();
                var stored = ItemBag.Detached(element);
                if (kind == "AppendToItemField" && item.Props.TryGetValue(path.Element, out var existing))
                {
                    if (existing.HasElements || stored.HasElements)
                    {
                        existing.Add(stored.Elements());
                    }
                    else
                    {
                        existing.Value += stored.Value;
                    }
                }
                else
                {
                    item.Props[path.Element] = stored;
                }

                break;
        }

        return path.BagKey;
    }

    private static void ApplyIndexed(LabItem item, PropertyPath path, string kind, XElement? value)
    {
        item.Props.TryGetValue(path.Element, out var container);
        var current = container?.Elements(Ns.T + "Entry").FirstOrDefault(e => (string?)e.Attribute("Key") == path.Index);
        if (kind == "DeleteItemField")
        {
            if (path.SubField is not null)
            {
                current?.Element(Ns.T + path.SubField)?.Remove();
            }

            // An entry of a physical address with its last part deleted is gone, not an empty <Entry Key="Home"/>.
            if (path.SubField is null || current is { HasElements: false })
            {
                current?.Remove();
            }

            if (container is not null && !container.HasElements)
            {
                item.Props.Remove(path.Element);
            }

            return;
        }

        var entry = value?.Element(Ns.T + path.Element)?.Elements(Ns.T + "Entry").FirstOrDefault() ?? throw Missing();
        entry = ItemBag.Detached(entry);
        if (container is null)
        {
            container = new XElement(Ns.T + path.Element);
            item.Props[path.Element] = container;
        }

        if (path.SubField is not null && current is not null)
        {
            // A physical address is set one part (Street, City…) at a time; keep the parts in the schema's order.
            current.Element(Ns.T + path.SubField)?.Remove();
            current.Add(entry.Elements());
            var order = EwsSchema.Instance.ElementOrder("PhysicalAddressDictionaryEntryType");
            var parts = current.Elements().OrderBy(e => order.GetValueOrDefault(e.Name.LocalName, int.MaxValue)).ToList();
            current.RemoveNodes();
            current.Add(parts);
        }
        else
        {
            current?.Remove();
            container.Add(entry);
        }
    }

    /// <summary>A ChangeKey that is not one Exchange could have issued (not base64 of its layout).</summary>
    public static EwsException InvalidChangeKey() => new("ErrorInvalidChangeKey", "The change key is invalid.");

    public static EwsException ReadOnly() => new("ErrorInvalidPropertySet", "Set action is invalid for property.");

    private static EwsException Missing() =>
        new("ErrorIncorrectUpdatePropertyCount", "An object within a change description must contain one and only one property to modify.");
}
