using System.Collections.Concurrent;

namespace Tandem.Lab.Store;

/// <summary>Folder changes after creation: rename and other property changes, move, delete (with tombstones), empty.</summary>
internal sealed partial class LabStore
{
    // Shared by every owner; readers filter by owner (and hold that owner's lock, under which its tombstones are added).
    private readonly ConcurrentQueue<FolderTombstone> _folderTombstones = new();

    public IEnumerable<FolderTombstone> FolderTombstones => _folderTombstones;

    public void AttachFolderTombstone(FolderTombstone tombstone) => _folderTombstones.Enqueue(tombstone);

    /// <summary>Records a change of a folder's own properties (UpdateFolder): a new ChangeKey, a Modified event.</summary>
    public void TouchFolderProperties(LabFolder folder)
    {
        var now = Time.GetUtcNow();
        folder.ChangeNumber = NextChangeNumber();
        TouchFolder(folder, now);
        Raise(new StoreEvent(StoreEventKind.Modified, folder.Owner, null, folder.Id, folder.ParentId ?? folder.Id, now));
    }

    /// <summary>Moves a folder under another one. Unlike an item, a folder keeps its id when it moves.</summary>
    public void MoveFolder(LabFolder folder, LabFolder destination)
    {
        var now = Time.GetUtcNow();
        var oldParent = _folders[folder.ParentId!];
        oldParent.Children.Remove(folder.Id);
        destination.Children.Add(folder.Id);
        folder.ParentId = destination.Id;
        folder.ChangeNumber = NextChangeNumber();
        oldParent.ChangeNumber = NextChangeNumber();
        destination.ChangeNumber = NextChangeNumber();
        TouchFolder(folder, now);
        TouchFolder(oldParent, now);
        TouchFolder(destination, now);
        Raise(new StoreEvent(StoreEventKind.Moved, folder.Owner, null, folder.Id, destination.Id, now, OldParentFolderId: oldParent.Id));
    }

    /// <summary>Removes a folder with everything in it; each removed folder leaves a tombstone for SyncFolderHierarchy.</summary>
    public void DeleteFolder(LabFolder folder)
    {
        var now = Time.GetUtcNow();
        var ancestors = new List<string>();
        for (var p = folder.ParentId; p is not null && _folders.TryGetValue(p, out var parent); p = parent.ParentId)
        {
            ancestors.Add(p);
        }

        if (folder.ParentId is { } parentId && _folders.TryGetValue(parentId, out var owner))
        {
            owner.Children.Remove(folder.Id);
            owner.ChangeNumber = NextChangeNumber();
            TouchFolder(owner, now);
        }

        Remove(folder, ancestors, now);
    }

    /// <summary>Deletes the items of a folder (EmptyFolder), and its subfolders when asked.</summary>
    public void EmptyFolder(LabFolder folder, bool subFolders)
    {
        foreach (var item in folder.Items.Values.ToList())
        {
            DeleteItem(item);
        }

        if (subFolders)
        {
            foreach (var child in folder.Children.Select(id => _folders[id]).ToList())
            {
                DeleteFolder(child);
            }
        }
    }

    private void Remove(LabFolder folder, List<string> ancestors, DateTimeOffset now)
    {
        var below = new List<string>(ancestors);
        below.Insert(0, folder.Id);
        foreach (var child in folder.Children.Select(id => _folders[id]).ToList())
        {
            Remove(child, below, now);
        }

        var journal = JournalOf(folder.Owner);
        foreach (var id in folder.Items.Keys)
        {
            _items.TryRemove(id, out _);
            journal.Dirty.Items.Add(id);
        }

        _folders.TryRemove(folder.Id, out _);
        var tombstone = new FolderTombstone(folder.Id, folder.Owner, ancestors, folder.CreatedChangeNumber, NextChangeNumber());
        _folderTombstones.Enqueue(tombstone);
        journal.Dirty.Folders.Add(folder.Id);
        journal.Dirty.FolderTombstones.Add(tombstone);
        Raise(new StoreEvent(StoreEventKind.Deleted, folder.Owner, null, folder.Id, folder.ParentId ?? folder.Id, now));
    }
}
