using Microsoft.Graph.Models;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// Folder paths to Graph folders, created on demand: "Contacts" is the mailbox's default contacts folder (the well-known
/// name "contacts"), "Contacts/Company/Sales" the child folders below it; "Calendar" the default calendar and
/// "Calendar/Holidays" another calendar of the mailbox (Graph's calendars are one flat list); "Tasks" the default To Do
/// list and "Tasks/Projects" another list; any other path a mail folder by display names from the top of the mailbox
/// ("Inbox/Announcements").
/// </summary>
internal sealed class FolderResolver(GraphContext graph)
{
    /// <summary>Well-known name of the default contacts folder (the lab serves it; on Exchange Online it is unverified).</summary>
    public const string DefaultContacts = "contacts";

    public async Task<GraphFolder> ResolveAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken)
    {
        if (folder.IsPublicFolder)
        {
            throw new InvalidOperationException(NoPublicFolders);
        }

        switch (kind)
        {
            case ItemKind.Event:
                return await CalendarAsync(folder, create, cancellationToken).ConfigureAwait(false);
            case ItemKind.Task:
                return await TaskListAsync(folder, create, cancellationToken).ConfigureAwait(false);
            case ItemKind.Message:
                return await MailFolderAsync(folder, create, cancellationToken).ConfigureAwait(false);
            case ItemKind.Contact:
                break;
            default:
                throw new InvalidOperationException($"{folder}: Microsoft Graph v1.0 has no API for Outlook notes; a notes group needs an ews connection");
        }

        var segments = folder.Segments;
        if (segments.Count == 0 || !segments[0].Equals("Contacts", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{folder}: a contacts folder path starts with 'Contacts' (the default contacts folder), e.g. {folder.Connection}:{folder.Mailbox}/Contacts/Company");
        }

        var id = DefaultContacts;
        for (var i = 1; i < segments.Count; i++)
        {
            var name = segments[i];
            var parent = i == 1 ? null : id;
            // A receiving member is opened by path only until its first deltaLink, mostly to create its folder: created
            // straight away (one request), and looked up only when Graph answers that the name is taken.
            var match = create
                ? await CreateChildAsync(folder.Mailbox, parent, name, cancellationToken).ConfigureAwait(false)
                : await ChildAsync(folder.Mailbox, parent, name, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"{folder}: there is no folder '{name}' (see 'tandem folders {folder.Connection}:{folder.Mailbox}')");
            id = match.Id!;
        }

        return new GraphFolder(folder.Mailbox, id, ItemKind.Contact);
    }

    private async Task<ContactFolder?> ChildAsync(string mailbox, string? parentId, string name, CancellationToken cancellationToken) =>
        (await ChildrenAsync(mailbox, parentId, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A new contact folder, or the one of that name already there (Graph refuses the create with 409 ErrorFolderExists).</summary>
    private async Task<ContactFolder> CreateChildAsync(string mailbox, string? parentId, string name, CancellationToken cancellationToken)
    {
        try
        {
            // builder and body made afresh for each attempt, as every request here: a model once serialized sends only
            // what changed since (its backing store), so a retried POST would go without displayName
            return await graph.Coalescer.SendAsync(mailbox, () => parentId is null
                ? graph.Client.Users[mailbox].ContactFolders.ToPostRequestInformation(new ContactFolder { DisplayName = name }, rc => GraphContext.Prefer(rc.Headers))
                : graph.Client.Users[mailbox].ContactFolders[parentId].ChildFolders.ToPostRequestInformation(new ContactFolder { DisplayName = name }, rc => GraphContext.Prefer(rc.Headers)),
                ContactFolder.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
        }
        catch (Microsoft.Graph.Models.ODataErrors.ODataError e) when (e.ResponseStatusCode == 409)
        {
            return await ChildAsync(mailbox, parentId, name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"{mailbox}: Graph refused to create the contact folder '{name}' ({GraphErrors.Describe(e)}) and lists none of that name");
        }
    }

    public async Task<IReadOnlyList<FolderInfo>> ListAsync(string mailbox, CancellationToken cancellationToken)
    {
        var list = new List<FolderInfo> { new(mailbox, "Contacts", ItemKind.Contact, null, DefaultContacts) };
        await WalkAsync(mailbox, null, "Contacts", list, cancellationToken).ConfigureAwait(false);
        var defaultCalendar = await DefaultCalendarAsync(mailbox, cancellationToken).ConfigureAwait(false);
        foreach (var calendar in await CalendarsAsync(mailbox, cancellationToken).ConfigureAwait(false))
        {
            list.Add(new FolderInfo(mailbox, calendar.Id == defaultCalendar ? "Calendar" : "Calendar/" + calendar.Name, ItemKind.Event, null, calendar.Id));
        }

        foreach (var taskList in await TaskListsAsync(mailbox, cancellationToken).ConfigureAwait(false))
        {
            list.Add(new FolderInfo(mailbox, taskList.WellknownListName == WellknownListName.DefaultList ? "Tasks" : "Tasks/" + taskList.DisplayName, ItemKind.Task, null, taskList.Id));
        }

        await WalkMailAsync(mailbox, null, null, list, cancellationToken).ConfigureAwait(false);
        return list;
    }

    /// <summary>"Inbox/Announcements": mail folders by display name from the top of the mailbox, created on demand.</summary>
    private async Task<GraphFolder> MailFolderAsync(FolderRef folder, bool create, CancellationToken cancellationToken)
    {
        var segments = folder.Segments;
        if (segments.Count == 0)
        {
            throw new InvalidOperationException($"{folder}: a mail folder path names folders from the top of the mailbox, e.g. {folder.Connection}:{folder.Mailbox}/Inbox/Announcements");
        }

        string? id = null;
        foreach (var name in segments)
        {
            var match = (await MailChildrenAsync(folder.Mailbox, id, cancellationToken).ConfigureAwait(false))
                .FirstOrDefault(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                if (!create)
                {
                    throw new InvalidOperationException($"{folder}: there is no mail folder '{name}' (see 'tandem folders {folder.Connection}:{folder.Mailbox}')");
                }

                var body = new MailFolder { DisplayName = name };
                var parent = id;
                match = await graph.RunAsync(folder.Mailbox, () => parent is null
                    ? graph.Client.Users[folder.Mailbox].MailFolders.PostAsync(body, rc => GraphContext.Prefer(rc.Headers), cancellationToken)
                    : graph.Client.Users[folder.Mailbox].MailFolders[parent].ChildFolders.PostAsync(body, rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            id = match!.Id!;
        }

        return new GraphFolder(folder.Mailbox, id!, ItemKind.Message);
    }

    private async Task WalkMailAsync(string mailbox, string? parentId, string? path, List<FolderInfo> list, CancellationToken cancellationToken)
    {
        foreach (var child in await MailChildrenAsync(mailbox, parentId, cancellationToken).ConfigureAwait(false))
        {
            var childPath = path is null ? child.DisplayName! : path + "/" + child.DisplayName;
            list.Add(new FolderInfo(mailbox, childPath, ItemKind.Message, null, child.Id));
            await WalkMailAsync(mailbox, child.Id, childPath, list, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The mail folders at the top of the mailbox (<paramref name="parentId"/> null) or under a folder; every page.</summary>
    private async Task<List<MailFolder>> MailChildrenAsync(string mailbox, string? parentId, CancellationToken cancellationToken)
    {
        var folders = graph.Client.Users[mailbox].MailFolders;
        var page = await graph.RunAsync(mailbox, () => parentId is null
            ? folders.GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken)
            : folders[parentId].ChildFolders.GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        var all = new List<MailFolder>(page?.Value ?? []);
        while (page?.OdataNextLink is { } next)
        {
            page = await graph.RunAsync(mailbox, () => folders.WithUrl(next).GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
            all.AddRange(page?.Value ?? []);
        }

        return all;
    }

    private async Task<GraphFolder> CalendarAsync(FolderRef folder, bool create, CancellationToken cancellationToken)
    {
        var segments = folder.Segments;
        if (segments.Count is 0 or > 2 || !segments[0].Equals("Calendar", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{folder}: a calendar path is 'Calendar' (the default calendar) or 'Calendar/NAME' (another calendar of the mailbox; Graph's calendars are one flat list)");
        }

        if (segments.Count == 1)
        {
            return new GraphFolder(folder.Mailbox, await DefaultCalendarAsync(folder.Mailbox, cancellationToken).ConfigureAwait(false), ItemKind.Event);
        }

        var match = (await CalendarsAsync(folder.Mailbox, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(c => string.Equals(c.Name, segments[1], StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            if (!create) throw new InvalidOperationException($"{folder}: there is no calendar '{segments[1]}' (see 'tandem folders {folder.Connection}:{folder.Mailbox}')");
            match = await graph.RunAsync(folder.Mailbox, () => graph.Client.Users[folder.Mailbox].Calendars.PostAsync(new Calendar { Name = segments[1] }, rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return new GraphFolder(folder.Mailbox, match!.Id!, ItemKind.Event);
    }

    private async Task<GraphFolder> TaskListAsync(FolderRef folder, bool create, CancellationToken cancellationToken)
    {
        var segments = folder.Segments;
        if (segments.Count is 0 or > 2 || !segments[0].Equals("Tasks", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"{folder}: a To Do path is 'Tasks' (the default list) or 'Tasks/NAME' (another To Do list)");
        }

        var lists = await TaskListsAsync(folder.Mailbox, cancellationToken).ConfigureAwait(false);
        var match = segments.Count == 1
            ? lists.FirstOrDefault(l => l.WellknownListName == WellknownListName.DefaultList)
            : lists.FirstOrDefault(l => string.Equals(l.DisplayName, segments[1], StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            if (!create || segments.Count == 1) throw new InvalidOperationException($"{folder}: there is no To Do list '{(segments.Count == 1 ? "Tasks" : segments[1])}' (see 'tandem folders {folder.Connection}:{folder.Mailbox}')");
            match = await graph.RunAsync(folder.Mailbox, () => graph.Client.Users[folder.Mailbox].Todo.Lists.PostAsync(new TodoTaskList { DisplayName = segments[1] }, rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        return new GraphFolder(folder.Mailbox, match!.Id!, ItemKind.Task);
    }

    private async Task<string> DefaultCalendarAsync(string mailbox, CancellationToken cancellationToken)
    {
        var calendar = await graph.RunAsync(mailbox, () => graph.Client.Users[mailbox].Calendar.GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        return calendar?.Id ?? throw new InvalidOperationException($"{mailbox}: Graph answered without the default calendar");
    }

    private async Task<List<Calendar>> CalendarsAsync(string mailbox, CancellationToken cancellationToken)
    {
        var calendars = graph.Client.Users[mailbox].Calendars;
        var page = await graph.RunAsync(mailbox, () => calendars.GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        var all = new List<Calendar>(page?.Value ?? []);
        while (page?.OdataNextLink is { } next)
        {
            page = await graph.RunAsync(mailbox, () => calendars.WithUrl(next).GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
            all.AddRange(page?.Value ?? []);
        }

        return all;
    }

    private async Task<List<TodoTaskList>> TaskListsAsync(string mailbox, CancellationToken cancellationToken)
    {
        var lists = graph.Client.Users[mailbox].Todo.Lists;
        var page = await graph.RunAsync(mailbox, () => lists.GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        var all = new List<TodoTaskList>(page?.Value ?? []);
        while (page?.OdataNextLink is { } next)
        {
            page = await graph.RunAsync(mailbox, () => lists.WithUrl(next).GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
            all.AddRange(page?.Value ?? []);
        }

        return all;
    }

    public static string NoPublicFolders =>
        "Microsoft Graph has no public folders (there is no API for them). Use a shared mailbox as the group's source over graph, " +
        "or reach the public folders with an ews connection to Exchange Server (see README, 'Exchange Online through Microsoft Graph').";

    private async Task WalkAsync(string mailbox, string? parentId, string path, List<FolderInfo> list, CancellationToken cancellationToken)
    {
        foreach (var child in await ChildrenAsync(mailbox, parentId, cancellationToken).ConfigureAwait(false))
        {
            var childPath = path + "/" + child.DisplayName;
            list.Add(new FolderInfo(mailbox, childPath, ItemKind.Contact, null, child.Id));
            await WalkAsync(mailbox, child.Id, childPath, list, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The folders under the default contacts folder (<paramref name="parentId"/> null) or under a folder; every page.</summary>
    private async Task<List<ContactFolder>> ChildrenAsync(string mailbox, string? parentId, CancellationToken cancellationToken)
    {
        var page = await graph.Coalescer.SendAsync(mailbox, () => parentId is null
            ? graph.Client.Users[mailbox].ContactFolders.ToGetRequestInformation(rc => GraphContext.Prefer(rc.Headers))
            : graph.Client.Users[mailbox].ContactFolders[parentId].ChildFolders.ToGetRequestInformation(rc => GraphContext.Prefer(rc.Headers)), ContactFolderCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
        var all = new List<ContactFolder>(page.Value ?? []);
        while (page.OdataNextLink is { } next)
        {
            page = await graph.Coalescer.SendAsync(mailbox, () => graph.Client.Users[mailbox].ContactFolders.WithUrl(next).ToGetRequestInformation(rc => GraphContext.Prefer(rc.Headers)),
                ContactFolderCollectionResponse.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false);
            all.AddRange(page.Value ?? []);
        }

        return all;
    }
}
