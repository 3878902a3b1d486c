using System.Collections.Concurrent;
using System.Xml.Linq;

namespace Tandem.Lab.Store;

/// <summary>
/// The lab's mailboxes, folders and items with their indexes (by id, by folder, changes by number). Each mailbox and the
/// public-folder store has its own lock (<see cref="Locks"/>) guarding its folders' contents, so requests for different
/// mailboxes run in parallel; the id maps and the change-number counter span owners and are concurrent. Mutations are
/// recorded in their owner's <see cref="Journal"/> (dirty marks for the optional SQLite file, <see cref="StoreEvent"/>s for
/// notifications), which the request that made them commits.
/// </summary>
internal sealed partial class LabStore
{
    private readonly ConcurrentDictionary<string, LabFolder> _folders = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, LabItem> _items = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Mailbox> _mailboxes = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Journal> _journals = new(StringComparer.OrdinalIgnoreCase);
    private long _lastChangeNumber;

    public LabStore(TimeProvider time)
    {
        Time = time;
    }

    /// <summary>The per-owner locks. Directory-level changes (adding a mailbox) also take <see cref="Directory"/>.</summary>
    public OwnerLocks Locks { get; } = new();

    /// <summary>Serialises adding mailboxes (the check that an address is free and the add).</summary>
    public Lock Directory { get; } = new();

    public TimeProvider Time { get; }

    /// <summary>
    /// The highest change number handed out, in any owner. A sync state may record it as its watermark: every change to
    /// the folder being read was numbered under that folder's owner lock, which the reader holds.
    /// </summary>
    public long LastChangeNumber => Interlocked.Read(ref _lastChangeNumber);

    public string? PublicRootId { get; private set; }

    public IReadOnlyDictionary<string, Mailbox> Mailboxes => _mailboxes;

    public IEnumerable<LabFolder> Folders => _folders.Values;

    public IEnumerable<LabItem> Items => _items.Values;

    public int ItemCount => _items.Count;

    public long NextChangeNumber() => Interlocked.Increment(ref _lastChangeNumber);

    public LabFolder? Folder(string id) => _folders.GetValueOrDefault(id);

    public LabItem? Item(string id) => _items.GetValueOrDefault(id);

    public Mailbox? FindMailbox(string address) => _mailboxes.GetValueOrDefault(address);

    /// <summary>The journal of <paramref name="owner"/>, for a change made under its lock.</summary>
    public Journal JournalOf(string owner)
    {
        Locks.Demand(owner);
        return _journals.GetOrAdd(owner, static _ => new Journal());
    }

    /// <summary>The journals of the given owners (the ones a request holds), or of every owner when null (start-up, shut-down).</summary>
    public IEnumerable<Journal> Journals(IEnumerable<string>? owners) =>
        owners is null ? _journals.Values : owners.Select(o => _journals.GetValueOrDefault(o)).OfType<Journal>();

    /// <summary>Takes the events the given owners raised since their last commit (every owner's when null).</summary>
    public List<StoreEvent> TakeEvents(IEnumerable<string>? owners)
    {
        var events = new List<StoreEvent>();
        foreach (var journal in Journals(owners))
        {
            events.AddRange(journal.Events);
            journal.Events.Clear();
        }

        return events;
    }

    public Mailbox AddMailbox(string address, string displayName, string password, bool canImpersonate)
    {
        var mailbox = new Mailbox { Address = address.ToLowerInvariant(), DisplayName = displayName, Password = password, CanImpersonate = canImpersonate };
        JournalOf(mailbox.Address).Dirty.Mailboxes.Add(mailbox.Address);
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

        // Listed only once complete: other requests read the directory without a lock.
        _mailboxes[mailbox.Address] = mailbox;
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
            JournalOf(owner).Dirty.Folders.Add(parent.Id);
            Raise(new StoreEvent(StoreEventKind.Created, owner, null, folder.Id, parentId, now));
        }

        JournalOf(owner).Dirty.Folders.Add(folder.Id);
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

    /// <summary>At load only (single-threaded).</summary>
    public void SetLastChangeNumber(long value) => _lastChangeNumber = Math.Max(_lastChangeNumber, value);

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
        JournalOf(folder.Owner).Dirty.Items.Add(item.Id);
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
        JournalOf(folder.Owner).Dirty.Items.Add(item.Id);
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
        JournalOf(destination.Owner).Dirty.Items.Add(moved.Id);
        Raise(new StoreEvent(StoreEventKind.Moved, destination.Owner, moved.Id, null, destination.Id, now, oldId, source.Id));
        return moved;
    }

    private void Detach(LabItem item, LabFolder folder)
    {
        var journal = JournalOf(folder.Owner);
        folder.Items.Remove(item.Id);
        _items.TryRemove(item.Id, out _);
        folder.Changes.Remove(item.ChangeNumber);
        var tombstone = new Tombstone(item.Id, folder.Id, item.ElementName, item.CreatedChangeNumber, NextChangeNumber());
        folder.Changes.Add(tombstone.ChangeNumber, tombstone);
        journal.Dirty.Items.Add(item.Id);
        journal.Dirty.Tombstones.Add(tombstone);
    }

    private void TouchFolder(LabFolder folder, DateTimeOffset now)
    {
        folder.LastCommit = now;
        JournalOf(folder.Owner).Dirty.Folders.Add(folder.Id);
    }

    private void RaiseFolderModified(LabFolder folder, DateTimeOffset now) =>
        Raise(new StoreEvent(StoreEventKind.Modified, folder.Owner, null, folder.Id, folder.ParentId ?? folder.Id, now, UnreadCount: 0));

    private void Raise(StoreEvent e) => JournalOf(e.Owner).Events.Add(e);
}
