using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>What a handler works in: the store (the caller holds its lock), the mailbox the URL names and the request.</summary>
internal sealed record GraphScope(LabStore Store, Mailbox Mailbox, GraphRequest Request, GraphFaults Faults)
{
    /// <summary>A contact folder of this mailbox by Graph id (the default Contacts folder included), or null.</summary>
    public LabFolder? ContactFolder(string graphId)
    {
        // "contacts": the well-known name of the default contacts folder, as for mail folders' "inbox".
        var folder = string.Equals(graphId, "contacts", StringComparison.OrdinalIgnoreCase) ? DefaultContacts : Store.Folder(GraphIds.ToStore(graphId));
        return folder is not null && folder.Owner == Mailbox.Address && folder.ElementName == "ContactsFolder" ? folder : null;
    }

    public LabFolder DefaultContacts => Store.Folder(Mailbox.Distinguished["contacts"])!;

    /// <summary>A contact of this mailbox by Graph id, or null.</summary>
    public LabItem? Contact(string graphId)
    {
        var item = Store.Item(GraphIds.ToStore(graphId));
        return item is not null && item.ElementName == "Contact" && Store.Folder(item.FolderId)?.Owner == Mailbox.Address ? item : null;
    }

    public LabFolder DefaultCalendar => Store.Folder(Mailbox.Distinguished["calendar"])!;

    /// <summary>The mailbox's calendars: the default one and every calendar folder below it, as one flat list.</summary>
    public IEnumerable<LabFolder> Calendars() =>
        new[] { DefaultCalendar }.Concat(Store.Folders.Where(f => f.Owner == Mailbox.Address && f.ElementName == "CalendarFolder" && f.Id != DefaultCalendar.Id));

    /// <summary>A calendar of this mailbox by Graph id, or null.</summary>
    public LabFolder? Calendar(string graphId)
    {
        var folder = Store.Folder(GraphIds.ToStore(graphId));
        return folder is not null && folder.Owner == Mailbox.Address && folder.ElementName == "CalendarFolder" ? folder : null;
    }

    /// <summary>A calendar item of this mailbox by Graph id (a master or a single event), or null.</summary>
    public LabItem? Event(string graphId)
    {
        var item = Store.Item(GraphIds.ToStore(graphId));
        return item is not null && item.ElementName == "CalendarItem" && Store.Folder(item.FolderId)?.Owner == Mailbox.Address ? item : null;
    }

    public LabFolder DefaultTasks => Store.Folder(Mailbox.Distinguished["tasks"])!;

    /// <summary>The mailbox's To Do lists: the default Tasks folder and the task folders below it.</summary>
    public IEnumerable<LabFolder> TaskLists() =>
        new[] { DefaultTasks }.Concat(Store.Folders.Where(f => f.Owner == Mailbox.Address && f.ElementName == "TasksFolder" && f.Id != DefaultTasks.Id));

    public LabFolder? TaskList(string graphId)
    {
        var folder = Store.Folder(GraphIds.ToStore(graphId));
        return folder is not null && folder.Owner == Mailbox.Address && folder.ElementName == "TasksFolder" ? folder : null;
    }

    public LabItem? Task(string graphId)
    {
        var item = Store.Item(GraphIds.ToStore(graphId));
        return item is not null && item.ElementName == "Task" && Store.Folder(item.FolderId)?.Owner == Mailbox.Address ? item : null;
    }

    /// <summary>An absolute URL on the lab's own host (the SDK follows nextLink and deltaLink verbatim).</summary>
    public string Link(string relative) => Request.BaseUrl + relative;

    /// <summary>A mail folder of this mailbox by Graph id or well-known name (inbox, drafts, sentitems, msgfolderroot…), or null.</summary>
    public LabFolder? MailFolder(string graphId)
    {
        var folder = Mailbox.Distinguished.TryGetValue(graphId.ToLowerInvariant(), out var known) ? Store.Folder(known) : Store.Folder(GraphIds.ToStore(graphId));
        return folder is not null && folder.Owner == Mailbox.Address && (IsMailFolder(folder) || folder.Distinguished == "msgfolderroot") ? folder : null;
    }

    /// <summary>A folder Graph lists under mailFolders: a plain folder of mail (not contacts, calendar, tasks or notes).</summary>
    public static bool IsMailFolder(LabFolder folder) =>
        folder.ElementName == "Folder" && (folder.FolderClass is null || folder.FolderClass.StartsWith("IPF.Note", StringComparison.OrdinalIgnoreCase));

    /// <summary>A message of this mailbox by Graph id, or null.</summary>
    public LabItem? MessageOf(string graphId)
    {
        var item = Store.Item(GraphIds.ToStore(graphId));
        return item is not null && item.ElementName == "Message" && Store.Folder(item.FolderId)?.Owner == Mailbox.Address ? item : null;
    }
}
