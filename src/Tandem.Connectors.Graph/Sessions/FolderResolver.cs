using Microsoft.Graph.Models;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// Folder paths to Graph contact folders: "Contacts" is the mailbox's default contacts folder (the well-known name
/// "contacts"), "Contacts/Company/Sales" the child folders below it, created on demand.
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

        if (kind != ItemKind.Contact)
        {
            throw new InvalidOperationException($"{folder}: the graph connector carries contacts so far; {kind} folders need an ews connection for now");
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
            var children = await ChildrenAsync(folder.Mailbox, i == 1 ? null : id, cancellationToken).ConfigureAwait(false);
            var match = children.FirstOrDefault(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase));
            if (match is null)
            {
                if (!create)
                {
                    throw new InvalidOperationException($"{folder}: there is no folder '{name}' (see 'tandem folders {folder.Connection}:{folder.Mailbox}')");
                }

                var body = new ContactFolder { DisplayName = name };
                match = await graph.RunAsync(folder.Mailbox, () => i == 1
                    ? graph.Client.Users[folder.Mailbox].ContactFolders.PostAsync(body, rc => GraphContext.Prefer(rc.Headers), cancellationToken)
                    : graph.Client.Users[folder.Mailbox].ContactFolders[id].ChildFolders.PostAsync(body, rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            id = match!.Id!;
        }

        return new GraphFolder(folder.Mailbox, id);
    }

    public async Task<IReadOnlyList<FolderInfo>> ListAsync(string mailbox, CancellationToken cancellationToken)
    {
        var list = new List<FolderInfo> { new(mailbox, "Contacts", ItemKind.Contact, null, DefaultContacts) };
        await WalkAsync(mailbox, null, "Contacts", list, cancellationToken).ConfigureAwait(false);
        return list;
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
        var users = graph.Client.Users[mailbox];
        var page = await graph.RunAsync(mailbox, () => parentId is null
            ? users.ContactFolders.GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken)
            : users.ContactFolders[parentId].ChildFolders.GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
        var all = new List<ContactFolder>(page?.Value ?? []);
        while (page?.OdataNextLink is { } next)
        {
            page = await graph.RunAsync(mailbox, () => users.ContactFolders.WithUrl(next).GetAsync(rc => GraphContext.Prefer(rc.Headers), cancellationToken), cancellationToken).ConfigureAwait(false);
            all.AddRange(page?.Value ?? []);
        }

        return all;
    }
}
