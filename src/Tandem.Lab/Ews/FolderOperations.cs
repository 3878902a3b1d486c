using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>GetFolder, FindFolder, CreateFolder and SyncFolderHierarchy.</summary>
internal static class FolderOperations
{
    public static IEnumerable<XElement> GetFolder(EwsCall call)
    {
        var shape = ResponseShape.Parse(call.Child("FolderShape"));
        foreach (var id in call.Child("FolderIds")!.Elements())
        {
            XElement message;
            try
            {
                var folder = call.ResolveFolder(id);
                message = SoapWriter.Success("GetFolder", new XElement(Ns.M + "Folders", FolderRenderer.Render(folder, shape, call.Store)));
            }
            catch (EwsException ex)
            {
                message = SoapWriter.Error("GetFolder", ex);
            }

            yield return message;
        }
    }

    public static IEnumerable<XElement> FindFolder(EwsCall call)
    {
        var shape = ResponseShape.Parse(call.Child("FolderShape"));
        var traversal = (string?)call.Operation.Attribute("Traversal") ?? "Shallow";
        var view = call.Child("IndexedPageFolderView");
        foreach (var id in call.Child("ParentFolderIds")!.Elements())
        {
            XElement message;
            try
            {
                var parent = call.ResolveFolder(id);
                if (parent.IsPublic && traversal == "Deep")
                {
                    throw new EwsException("ErrorInvalidOperation", "Deep traversal is not supported for public folders.");
                }

                var found = new List<LabFolder>();
                Collect(call.Store, parent, traversal == "Deep", found);
                var (page, offset, last) = Paging.Page(found, view);
                message = SoapWriter.Success("FindFolder",
                    new XElement(Ns.M + "RootFolder",
                        new XAttribute("IndexedPagingOffset", offset),
                        new XAttribute("TotalItemsInView", found.Count),
                        new XAttribute("IncludesLastItemInRange", last ? "true" : "false"),
                        new XElement(Ns.T + "Folders", page.Select(f => FolderRenderer.Render(f, shape, call.Store)))));
            }
            catch (EwsException ex)
            {
                message = SoapWriter.Error("FindFolder", ex);
            }

            yield return message;
        }
    }

    public static IEnumerable<XElement> CreateFolder(EwsCall call)
    {
        XElement? parentFault = null;
        LabFolder? parent = null;
        try
        {
            parent = call.ResolveFolder(call.Child("ParentFolderId")!.Elements().First());
        }
        catch (EwsException ex)
        {
            parentFault = SoapWriter.Error("CreateFolder", ex, new XElement(Ns.M + "Folders"));
        }

        foreach (var spec in call.Child("Folders")!.Elements())
        {
            if (parentFault is not null)
            {
                yield return new XElement(parentFault);
                continue;
            }

            XElement message;
            try
            {
                var name = spec.Element(Ns.T + "DisplayName")?.Value ?? throw new EwsException("ErrorInvalidFolderId", "A folder needs a DisplayName.");
                if (parent!.Children.Select(call.Store.Folder).Any(f => string.Equals(f!.DisplayName, name, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new EwsException("ErrorFolderExists", "A folder with the specified name already exists.");
                }

                var element = spec.Name.LocalName;
                // A plain t:Folder gets no FolderClass unless the client gives one (Exchange leaves PR_CONTAINER_CLASS unset).
                var folderClass = spec.Element(Ns.T + "FolderClass")?.Value ?? element switch
                {
                    "ContactsFolder" => "IPF.Contact",
                    "CalendarFolder" => "IPF.Appointment",
                    "TasksFolder" => "IPF.Task",
                    _ => null,
                };
                var folder = call.Store.AddFolder(parent.Owner, parent.Id, name, folderClass, element is "SearchFolder" ? "Folder" : element);
                message = SoapWriter.Success("CreateFolder", new XElement(Ns.M + "Folders", FolderRenderer.Render(folder, ResponseShape.IdOnly, call.Store)));
            }
            catch (EwsException ex)
            {
                message = SoapWriter.Error("CreateFolder", ex, new XElement(Ns.M + "Folders"));
            }

            yield return message;
        }
    }

    public static IEnumerable<XElement> SyncFolderHierarchy(EwsCall call)
    {
        XElement message;
        try
        {
            var shape = ResponseShape.Parse(call.Child("FolderShape"));
            var root = call.Child("SyncFolderId")?.Elements().FirstOrDefault() is { } id
                ? call.ResolveFolder(id)
                : call.Store.Folder(call.Principal.Distinguished["root"])!;
            if (root.IsPublic)
            {
                throw new EwsException("ErrorInvalidOperation", "SyncFolderHierarchy is not supported for public folders.");
            }

            var scope = call.Child("SyncFolderId") is null ? "null" : root.Id;
            var since = 0L;
            if (call.Child("SyncState")?.Value is { Length: > 0 } state)
            {
                since = SyncStateCodec.Read(state, "H:" + scope, call.Lab.Faults) ?? throw SyncStateCodec.Invalid();
            }

            var all = new List<LabFolder>();
            Collect(call.Store, root, true, all);
            var changes = all.Where(f => f.ChangeNumber > since)
                .Select(f => (f.ChangeNumber, Change: new XElement(Ns.T + (f.CreatedChangeNumber > since ? "Create" : "Update"), FolderRenderer.Render(f, shape, call.Store))));

            // A folder deleted since the client's state (and known to it: created before that state) is reported as a
            // Delete to every scope it was under.
            var deletes = call.Store.FolderTombstones
                .Where(t => t.ChangeNumber > since && t.CreatedChangeNumber <= since && t.Owner == root.Owner && t.Ancestors.Contains(root.Id))
                .Select(t => (t.ChangeNumber, Change: new XElement(Ns.T + "Delete", new XElement(Ns.T + "FolderId", new XAttribute("Id", t.FolderId)))));
            var newState = SyncStateCodec.Write("H:" + scope, Math.Max(since, call.Store.LastChangeNumber));
            message = SoapWriter.Success("SyncFolderHierarchy",
                new XElement(Ns.M + "SyncState", newState),
                new XElement(Ns.M + "IncludesLastFolderInRange", "true"),
                new XElement(Ns.M + "Changes", changes.Concat(deletes).OrderBy(c => c.ChangeNumber).Select(c => c.Change)));
        }
        catch (EwsException ex)
        {
            message = SoapWriter.Error("SyncFolderHierarchy", ex, new XElement(Ns.M + "SyncState"));
        }

        yield return message;
    }

    private static void Collect(LabStore store, LabFolder parent, bool deep, List<LabFolder> into)
    {
        foreach (var child in parent.Children.Select(id => store.Folder(id)!).OrderBy(f => f.DisplayName, StringComparer.OrdinalIgnoreCase))
        {
            into.Add(child);
            if (deep)
            {
                Collect(store, child, true, into);
            }
        }
    }
}
