using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// UpdateFolder, MoveFolder, DeleteFolder and EmptyFolder. Distinguished folders cannot be deleted or moved; a name
/// already used under the same parent is refused; every change shows in SyncFolderHierarchy (Update, Delete).
/// </summary>
internal static class FolderChangeOperations
{
    public static IEnumerable<XElement> UpdateFolder(EwsCall call)
    {
        var results = new List<XElement>();
        foreach (var change in call.Child("FolderChanges")!.Elements(Ns.T + "FolderChange"))
        {
            try
            {
                var folder = call.ResolveFolder(change.Elements().First());
                foreach (var update in change.Element(Ns.T + "Updates")!.Elements())
                {
                    Apply(call, folder, update);
                }

                call.Store.TouchFolderProperties(folder);
                results.Add(SoapWriter.Success("UpdateFolder", new XElement(Ns.M + "Folders", FolderRenderer.Render(folder, ResponseShape.IdOnly, call.Store))));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("UpdateFolder", ex, new XElement(Ns.M + "Folders")));
            }
        }

        return results;
    }

    public static IEnumerable<XElement> MoveFolder(EwsCall call)
    {
        var results = new List<XElement>();
        LabFolder? destination = null;
        EwsException? destinationError = null;
        try
        {
            destination = call.ResolveFolder(call.Child("ToFolderId")!.Elements().First());
        }
        catch (EwsException ex)
        {
            destinationError = ex;
        }

        foreach (var id in call.Child("FolderIds")!.Elements())
        {
            try
            {
                var folder = call.ResolveFolder(id);
                if (destinationError is not null)
                {
                    throw destinationError;
                }

                if (folder.Distinguished is not null)
                {
                    throw new EwsException("ErrorMoveDistinguishedFolder", "Distinguished folders cannot be moved.");
                }

                for (var f = destination; f is not null; f = f.ParentId is { } p ? call.Store.Folder(p) : null)
                {
                    if (f.Id == folder.Id)
                    {
                        throw new EwsException("ErrorMoveCopyFailed", "A folder cannot be moved into itself or one of its subfolders.");
                    }
                }

                if (destination!.Owner != folder.Owner)
                {
                    throw new EwsException("ErrorCrossMailboxMoveCopy", "Cannot move or copy a folder between mailboxes.");
                }

                EnsureUniqueName(call.Store, destination, folder.DisplayName, folder);
                call.Store.MoveFolder(folder, destination);
                results.Add(SoapWriter.Success("MoveFolder", new XElement(Ns.M + "Folders", FolderRenderer.Render(folder, ResponseShape.IdOnly, call.Store))));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("MoveFolder", ex, new XElement(Ns.M + "Folders")));
            }
        }

        return results;
    }

    /// <summary>HardDelete and SoftDelete remove the folder and its contents; MoveToDeletedItems moves it to Deleted Items.</summary>
    public static IEnumerable<XElement> DeleteFolder(EwsCall call)
    {
        var deleteType = (string?)call.Operation.Attribute("DeleteType") ?? "HardDelete";
        var results = new List<XElement>();
        foreach (var id in call.Child("FolderIds")!.Elements())
        {
            try
            {
                var folder = call.ResolveFolder(id);
                if (folder.Distinguished is not null)
                {
                    throw new EwsException("ErrorDeleteDistinguishedFolder", "Distinguished folders cannot be deleted.");
                }

                var deletedItems = folder.IsPublic ? null : call.Store.Folder(call.Store.FindMailbox(folder.Owner)!.Distinguished["deleteditems"]);
                if (deleteType == "MoveToDeletedItems" && deletedItems is not null && folder.ParentId != deletedItems.Id)
                {
                    call.Store.MoveFolder(folder, deletedItems);
                }
                else
                {
                    call.Store.DeleteFolder(folder);
                }

                results.Add(SoapWriter.Success("DeleteFolder"));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("DeleteFolder", ex));
            }
        }

        return results;
    }

    public static IEnumerable<XElement> EmptyFolder(EwsCall call)
    {
        var subFolders = string.Equals((string?)call.Operation.Attribute("DeleteSubFolders"), "true", StringComparison.Ordinal)
            || (string?)call.Operation.Attribute("DeleteSubFolders") == "1";
        var results = new List<XElement>();
        foreach (var id in call.Child("FolderIds")!.Elements())
        {
            try
            {
                var folder = call.ResolveFolder(id);
                if (folder.IsPublic)
                {
                    throw new EwsException("ErrorCannotEmptyFolder", "Public folders cannot be emptied with EmptyFolder.");
                }

                call.Store.EmptyFolder(folder, subFolders);
                results.Add(SoapWriter.Success("EmptyFolder"));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("EmptyFolder", ex));
            }
        }

        return results;
    }

    private static void Apply(EwsCall call, LabFolder folder, XElement update)
    {
        var path = PropertyPath.Parse(update.Elements().First());
        var delete = update.Name.LocalName == "DeleteFolderField";
        var value = update.Elements().Skip(1).FirstOrDefault();
        switch (path.Kind)
        {
            case PathKind.Extended when delete:
                folder.Extended.Remove(path.ExtendedKey!);
                break;
            case PathKind.Extended:
                var property = value?.Element(Ns.T + "ExtendedProperty") ?? throw Missing();
                folder.Extended[path.ExtendedKey!] = ItemBag.Detached(property);
                break;
            case PathKind.Field when path.Element == "DisplayName" && !delete:
                var name = value?.Element(Ns.T + "DisplayName")?.Value ?? throw Missing();
                if (folder.ParentId is { } parentId)
                {
                    EnsureUniqueName(call.Store, call.Store.Folder(parentId)!, name, folder);
                }

                folder.DisplayName = name;
                break;
            case PathKind.Field when path.Element == "FolderClass":
                folder.FolderClass = delete ? null : value?.Element(Ns.T + "FolderClass")?.Value ?? throw Missing();
                break;
            default:
                throw new EwsException("ErrorInvalidPropertyForOperation", $"The lab cannot update folder property {path.Element}.");
        }
    }

    private static void EnsureUniqueName(LabStore store, LabFolder parent, string name, LabFolder self)
    {
        if (parent.Children.Select(store.Folder).Any(f => f is not null && f.Id != self.Id && string.Equals(f.DisplayName, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new EwsException("ErrorFolderExists", "A folder with the specified name already exists.");
        }
    }

    private static EwsException Missing() =>
        new("ErrorIncorrectUpdatePropertyCount", "An object within a change description must contain one and only one property to modify.");
}
