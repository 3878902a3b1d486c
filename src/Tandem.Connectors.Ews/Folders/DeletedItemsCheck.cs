using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Ews.Folders;

/// <summary>
/// Whether a mailbox folder now lies under the mailbox's Deleted Items: deleting a folder in Outlook moves it there
/// (a soft delete), and its id still opens, so a member followed by id would go on syncing a folder its user deleted.
/// Deleted Items and the top of the folder tree are looked up once per mailbox (one GetFolder); then the parent chain
/// is walked, one GetFolder per level, which for usual folders is one to three requests.
/// </summary>
internal sealed class DeletedItemsCheck(EwsClient client)
{
    private const int MaxDepth = 32;
    private readonly Dictionary<string, Task<Landmarks>> _mailboxes = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// True when <paramref name="folder"/> lies anywhere under Deleted Items, unless the member itself names a folder
    /// there (by the English or the mailbox's own name of Deleted Items): then it was meant to be there.
    /// </summary>
    public async Task<bool> IsDeletedAsync(FolderEntry folder, FolderRef member, string mailbox, EwsCall call, CancellationToken ct)
    {
        var marks = await LandmarksAsync(mailbox, call, ct).ConfigureAwait(false);
        if (marks.DeletedItemsId is null) return false;
        var top = member.Segments.FirstOrDefault();
        if (string.Equals(top, "Deleted Items", StringComparison.OrdinalIgnoreCase) || string.Equals(top, marks.DeletedItemsName, StringComparison.OrdinalIgnoreCase)) return false;
        var resolver = new FolderResolver(client);
        var parent = folder.ParentId;
        for (var depth = 0; depth < MaxDepth && parent is not null; depth++)
        {
            if (string.Equals(parent, marks.DeletedItemsId, StringComparison.Ordinal)) return true;
            if (string.Equals(parent, marks.RootId, StringComparison.Ordinal)) return false;
            var entry = await resolver.GetAsync(FolderAddress.ById(parent), call, ct).ConfigureAwait(false);
            parent = entry?.ParentId;
        }
        return false;
    }

    private Task<Landmarks> LandmarksAsync(string mailbox, EwsCall call, CancellationToken ct)
    {
        lock (_mailboxes)
        {
            if (!_mailboxes.TryGetValue(mailbox, out var known) || known.IsFaulted || known.IsCanceled)
            {
                known = LoadAsync(mailbox, call, ct);
                _mailboxes[mailbox] = known;
            }
            return known;
        }
    }

    private async Task<Landmarks> LoadAsync(string mailbox, EwsCall call, CancellationToken ct)
    {
        var box = call.ImpersonatedMailbox is null ? mailbox : null;
        var response = await client.SendAsync(
            FolderRequests.GetFolder(FolderAddress.Named("deleteditems", box), FolderAddress.Named("msgfolderroot", box)), call, ct).ConfigureAwait(false);
        var entries = EwsClient.Messages(response)
            .Select(m => m.IsSuccess ? m.Element.MChild("Folders")?.Elements().Select(FolderEntry.Parse).FirstOrDefault() : null)
            .ToArray();
        var deleted = entries.ElementAtOrDefault(0);
        return new Landmarks(deleted?.Id, deleted?.DisplayName, entries.ElementAtOrDefault(1)?.Id);
    }

    private sealed record Landmarks(string? DeletedItemsId, string? DeletedItemsName, string? RootId);
}
