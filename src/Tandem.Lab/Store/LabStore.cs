using System.Xml.Linq;

namespace Tandem.Lab.Store;

/// <summary>
/// The lab's mailboxes, folders and items with their indexes (by id, by folder, changes by number). One lock guards it:
/// every request does work proportional to its own size under that lock. Mutations are recorded as dirty so that the
/// optional SQLite file can be brought up to date at the end of each request, and raised as <see cref="StoreEvent"/>s
/// for notifications.
/// </summary>
internal sealed partial class LabStore
{
    private readonly Dictionary<string, LabFolder> _folders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LabItem> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Mailbox> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<StoreEvent> _pendingEvents = [];

    public LabStore(TimeProvider time)
    {
        Time = time;
    }

    public Lock Sync { get; } = new();

    public TimeProvider Time { get; }

    public long LastChangeNumber { get; private set; }

    public string? PublicRootId { get; private set; }

    public IReadOnlyDictionary<string, Mailbox> Mailboxes => _mailboxes;

    public IEnumerable<LabFolder> Folders => _folders.Values;

    public IEnumerable<LabItem> Items => _items.Values;

    public DirtySet Dirty { get; } = new();

    public int ItemCount => _items.Count;

    public long NextChangeNumber() => ++LastChangeNumber;

    public LabFolder? Folder(string id) => _folders.GetValueOrDefault(id);

    public LabItem? Item(string id) => _items.GetValueOrDefault(id);

    public Mailbox? FindMailbox(string address) => _mailboxes.GetValueOrDefault(address);

    /// <summary>Takes the events raised since the last call (published outside the lock).</summary>
    public List<StoreEvent> TakeEvents()
    {
        var events = new List<StoreEvent>(_pendingEvents);
        _pendingEvents.Clear();
        return events;
    }

    public Mailbox AddMailbox(string address, string displayName, string password, bool canImpersonate)
    {
        var mailbox = new Mailbox { Address = address.ToLowerInvariant(), DisplayName = displayName, Password = password, CanImpersonate = canImpersonate };
        _mailboxes[mailbox.Address] = mailbox;
        Dirty.Mailboxes.Add(mailbox.Address);
        var root = AddFolder(mailbox.Address, null, "Root", null, "Folder", "root");
        var top = AddFolder(mailbox.Address, root.Id, "Top of Information Store", "IPF.Note", "Folder", "msgfolderroot");
        mailbox.Distinguished["root"] = root.Id;
        mailbox.Distinguished["msgfolderroot"] = top.Id;
        (string Name, string Display, string Class, string Element)[] defaults =
        [
            ("inbox", "Inbox", "IPF.Note", "Folder"),
            ("drafts", "Drafts", "IPF.Note", "Folder"),
            ("sentitems", "Sent Items", "IPF.Note", "Folder"),
            ("deleteditems", "Deleted Items", "IPF.Note", "Folder"),
            ("outbox", "Outbox", "IPF.Note", "Folder"),
            ("junkemail", "Junk Email", "IPF.Note", "Folder"),
            ("calendar", "Calendar", "IPF.Appointment", "CalendarFolder"),
            ("contacts", "Contacts", "IPF.Contact", "ContactsFolder"),
            ("tasks", "Tasks", "IPF.Task", "TasksFolder"),
            ("notes", "Notes", "IPF.StickyNote", "Folder"),
            ("journal", "Journal", "IPF.Journal", "Folder"),
        ];
        foreach (var d in defaults)
        {
            mailbox.Distinguished[d.Name] = AddFolder(mailbox.Address, top.Id, d.Display, d.Class, d.Element, d.Name).Id;
        }

        // The non-IPM subtree beside the Top of Information Store, as a mailbox root has it: clients that walk the
        // root see these and must leave them alone. Like Exchange's, they carry no FolderClass.
        AddFolder(mailbox.Address, root.Id, "Common Views", null, "Folder");
        mailbox.Distinguished["searchfolders"] = AddFolder(mailbox.Address, root.Id, "Finder", null, "Folder", "searchfolders").Id;
        var recoverable = AddFolder(mailbox.Address, root.Id, "Recoverable Items", null, "Folder", "recoverableitemsroot");
        mailbox.Distinguished["recoverableitemsroot"] = recoverable.Id;
        foreach (var (name, display) in new[] { ("recoverableitemsdeletions", "Deletions"), ("recoverableitemspurges", "Purges"), ("recoverableitemsversions", "Versions") })
        {
            mailbox.Distinguished[name] = AddFolder(mailbox.Address, recoverable.Id, display, null, "Folder", name).Id;
        }

        return mailbox;
    }

    public LabFolder EnsurePublicRoot()
    {
        if (PublicRootId is not null)
        {
            return _folders[PublicRootId];
        }

        var root = AddFolder(LabFolder.PublicOwner, null, "IPM_SUBTREE", null, "Folder", "publicfoldersroot");
        PublicRootId = root.Id;
        return root;
    }

    public LabFolder AddFolder(string owner, string? parentId, string displayName, string? folderClass, string elementName, string? distinguished = null)
    {
        var now = Time.GetUtcNow();
        var folder = new LabFolder
        {
            Id = LabIds.NewFolderId(),
            Owner = owner,
            ParentId = parentId,
            DisplayName = displayName,
            FolderClass = folderClass,
            ElementName = elementName,
            Distinguished = distinguished,
            ChangeNumber = NextChangeNumber(),
            LastCommit = now,
        };
        folder.CreatedChangeNumber = folder.ChangeNumber;
        if (folder.IsPublic)
        {
            // PR_REPLICA_LIST: the content mailbox GUID as ASCII + NUL, which clients use to route content requests.
            var guid = System.Text.Encoding.ASCII.GetBytes(Guid.NewGuid().ToString("D") + "\0");
            folder.Extended[ExtendedKey.Tag(0x6698)] = new XElement(Soap.Ns.T + "ExtendedProperty",
                new XElement(Soap.Ns.T + "ExtendedFieldURI", new XAttribute("PropertyTag", "0x6698"), new XAttribute("PropertyType", "Binary")),
                new XElement(Soap.Ns.T + "Value", Convert.ToBase64String(guid)));
        }

        Attach(folder);
        if (parentId is not null)
        {
            var parent = _folders[parentId];
            parent.ChangeNumber = NextChangeNumber();
            Dirty.Folders.Add(parent.Id);
            Raise(new StoreEvent(StoreEventKind.Created, owner, null, folder.Id, parentId, now));
        }

        Dirty.Folders.Add(folder.Id);
        return folder;
    }

    /// <summary>Adds a folder loaded from the database (no events, no new change number).</summary>
    public void Attach(LabFolder folder)
    {
        _folders[folder.Id] = folder;
        if (folder.ParentId is not null && _folders.TryGetValue(folder.ParentId, out var parent) && !parent.Children.Contains(folder.Id))
        {
            parent.Children.Add(folder.Id);
        }

        if (folder.Distinguished == "publicfoldersroot")
        {
            PublicRootId = folder.Id;
        }
    }

    public void AttachMailbox(Mailbox mailbox) => _mailboxes[mailbox.Address] = mailbox;

    public void AttachItem(LabItem item)
    {
        _items[item.Id] = item;
        var folder = _folders[item.FolderId];
        folder.Items[item.Id] = item;
        folder.Changes.Add(item.ChangeNumber, item);
    }

    public void AttachTombstone(Tombstone tombstone) => _folders[tombstone.FolderId].Changes.Add(tombstone.ChangeNumber, tombstone);

    public void SetLastChangeNumber(long value) => LastChangeNumber = Math.Max(LastChangeNumber, value);

    public LabItem AddItem(LabFolder folder, string elementName, IEnumerable<XElement> props, IEnumerable<(string Key, XElement Property)> extended)
    {
        var now = Time.GetUtcNow();
        var cn = NextChangeNumber();
        var item = new LabItem { Id = LabIds.NewItemId(), FolderId = folder.Id, ElementName = elementName, ChangeNumber = cn, CreatedChangeNumber = cn, Created = now, Modified = now };
        foreach (var p in props)
        {
            item.Props[p.Name.LocalName] = p;
            item.PropertyChangeNumbers[p.Name.LocalName] = cn;
        }

        foreach (var (key, property) in extended)
        {
            item.Extended[key] = property;
            item.PropertyChangeNumbers["x:" + key] = cn;
        }

        AttachItem(item);
        TouchFolder(folder, now);
        Dirty.Items.Add(item.Id);
        Raise(new StoreEvent(StoreEventKind.Created, folder.Owner, item.Id, null, folder.Id, now));
        RaiseFolderModified(folder, now);
        return item;
    }

    /// <summary>Records that an item was changed: a new change number (so a new ChangeKey) and LastModifiedTime.</summary>
    public void Touch(LabItem item, IEnumerable<string> changedKeys)
    {
        var now = Time.GetUtcNow();
        var folder = _folders[item.FolderId];
        folder.Changes.Remove(item.ChangeNumber);
        item.ChangeNumber = NextChangeNumber();
        item.Modified = now;
        foreach (var key in changedKeys)
        {
            item.PropertyChangeNumbers[key] = item.ChangeNumber;
        }

        folder.Changes.Add(item.ChangeNumber, item);
        TouchFolder(folder, now);
        Dirty.Items.Add(item.Id);
        Raise(new StoreEvent(StoreEventKind.Modified, folder.Owner, item.Id, null, folder.Id, now));
    }

    public void DeleteItem(LabItem item)
    {
        var now = Time.GetUtcNow();
        var folder = _folders[item.FolderId];
        Detach(item, folder);
        folder.DeletedCount++;
        TouchFolder(folder, now);
        Raise(new StoreEvent(StoreEventKind.Deleted, folder.Owner, item.Id, null, folder.Id, now));
        RaiseFolderModified(folder, now);
    }

    /// <summary>Moves an item: like Exchange, the moved item gets a new ItemId; the old folder sees a delete.</summary>
    public LabItem MoveItem(LabItem item, LabFolder destination)
    {
        var now = Time.GetUtcNow();
        var source = _folders[item.FolderId];
        var oldId = item.Id;
        Detach(item, source);
        TouchFolder(source, now);
        var cn = NextChangeNumber();
        var moved = new LabItem { Id = LabIds.NewItemId(), FolderId = destination.Id, ElementName = item.ElementName, ChangeNumber = cn, CreatedChangeNumber = cn, Created = item.Created, Modified = now };
        foreach (var (k, v) in item.Props)
        {
            moved.Props[k] = v;
        }

        foreach (var (k, v) in item.Extended)
        {
            moved.Extended[k] = v;
        }

        foreach (var (k, _) in item.PropertyChangeNumbers)
        {
            moved.PropertyChangeNumbers[k] = cn;
        }

        AttachItem(moved);
        TouchFolder(destination, now);
        Dirty.Items.Add(moved.Id);
        Raise(new StoreEvent(StoreEventKind.Moved, destination.Owner, moved.Id, null, destination.Id, now, oldId, source.Id));
        return moved;
    }

    private void Detach(LabItem item, LabFolder folder)
    {
        folder.Items.Remove(item.Id);
        _items.Remove(item.Id);
        folder.Changes.Remove(item.ChangeNumber);
        var tombstone = new Tombstone(item.Id, folder.Id, item.ElementName, item.CreatedChangeNumber, NextChangeNumber());
        folder.Changes.Add(tombstone.ChangeNumber, tombstone);
        Dirty.Items.Add(item.Id);
        Dirty.Tombstones.Add(tombstone);
    }

    private void TouchFolder(LabFolder folder, DateTimeOffset now)
    {
        folder.LastCommit = now;
        Dirty.Folders.Add(folder.Id);
    }

    private void RaiseFolderModified(LabFolder folder, DateTimeOffset now) =>
        Raise(new StoreEvent(StoreEventKind.Modified, folder.Owner, null, folder.Id, folder.ParentId ?? folder.Id, now, UnreadCount: 0));

    private void Raise(StoreEvent e) => _pendingEvents.Add(e);
}
