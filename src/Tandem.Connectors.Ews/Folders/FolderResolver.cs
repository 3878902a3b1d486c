using Tandem.Connectors.Ews.Mapping;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Folders;

/// <summary>
/// Walks folder paths: a mailbox path starts at msgfolderroot (its first segment may be a distinguished
/// folder's display name, "Contacts", "Calendar"…), a public path at publicfoldersroot. Creates missing
/// folders on request with the FolderClass of the group's kind.
/// </summary>
internal sealed class FolderResolver(EwsClient client)
{
    private static readonly Dictionary<string, string> WellKnown = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Contacts"] = "contacts", ["Calendar"] = "calendar", ["Tasks"] = "tasks", ["Notes"] = "notes",
        ["Inbox"] = "inbox", ["Drafts"] = "drafts", ["Sent Items"] = "sentitems", ["Deleted Items"] = "deleteditems",
        ["Journal"] = "journal", ["Junk Email"] = "junkemail", ["Outbox"] = "outbox",
    };

    public async Task<IReadOnlyList<FolderEntry>> ChildrenAsync(FolderAddress parent, EwsCall call, CancellationToken ct)
    {
        var all = new List<FolderEntry>();
        for (var offset = 0; ; )
        {
            var response = await client.SendAsync(FolderRequests.FindFolder(parent, offset), call, ct).ConfigureAwait(false);
            var message = Single(response, "FindFolder " + parent);
            var root = message.Element.MChild("RootFolder") ?? throw new EwsException(EwsCodes.BadResponse, "FindFolder answer has no RootFolder");
            var page = root.TChild("Folders")?.Elements().Select(FolderEntry.Parse).OfType<FolderEntry>().ToArray() ?? [];
            all.AddRange(page);
            var last = (bool?)root.Attribute("IncludesLastItemInRange") ?? true;
            if (last || page.Length == 0) return all;
            offset = (int?)root.Attribute("IndexedPagingOffset") ?? offset + page.Length;
        }
    }

    public async Task<FolderEntry?> GetAsync(FolderAddress folder, EwsCall call, CancellationToken ct)
    {
        var response = await client.SendAsync(FolderRequests.GetFolder(folder), call, ct).ConfigureAwait(false);
        var message = EwsClient.Messages(response).FirstOrDefault();
        if (message is null) throw new EwsException(EwsCodes.BadResponse, "GetFolder answer has no message");
        if (!message.IsSuccess)
        {
            if (message.ResponseCode is EwsCodes.FolderNotFound or "ErrorInvalidIdMalformed") return null;
            throw new EwsException(message.ResponseCode, $"GetFolder {folder}: {message.MessageText}");
        }
        return message.Element.MChild("Folders")?.Elements().Select(FolderEntry.Parse).OfType<FolderEntry>().FirstOrDefault();
    }

    /// <summary>The folder at <paramref name="segments"/> under <paramref name="root"/>; null when missing and not created.</summary>
    public async Task<FolderEntry?> ResolveAsync(FolderAddress root, IReadOnlyList<string> segments, bool allowWellKnown, ItemKind kind, bool create, EwsCall call, CancellationToken ct)
    {
        FolderAddress parent = root;
        FolderEntry? current = null;
        for (var i = 0; i < segments.Count; i++)
        {
            var name = segments[i];
            var children = await ChildrenAsync(parent, call, ct).ConfigureAwait(false);
            var match = children.FirstOrDefault(c => string.Equals(c.DisplayName, name, StringComparison.Ordinal))
                ?? children.FirstOrDefault(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase));
            if (match is null && i == 0 && allowWellKnown && WellKnown.TryGetValue(name, out var distinguished))
            {
                // Localized mailboxes call "Contacts" "Kontakte": the distinguished id finds it whatever its name.
                match = await GetAsync(FolderAddress.Named(distinguished, root.Mailbox), call, ct).ConfigureAwait(false);
            }
            if (match is null)
            {
                if (!create) return null;
                match = await CreateAsync(parent, name, kind, call, ct).ConfigureAwait(false);
            }
            current = match;
            parent = match.Address;
        }
        return current;
    }

    private async Task<FolderEntry> CreateAsync(FolderAddress parent, string name, ItemKind kind, EwsCall call, CancellationToken ct)
    {
        var op = FolderRequests.CreateFolder(parent, name, ItemMapper.FolderElement(kind), ItemMapper.FolderClass(kind));
        var response = await client.SendAsync(op, call, ct).ConfigureAwait(false);
        var message = EwsClient.Messages(response).FirstOrDefault() ?? throw new EwsException(EwsCodes.BadResponse, "CreateFolder answer has no message");
        if (message.ResponseCode == EwsCodes.FolderExists)
        {
            // Someone created it between our look and our create: use theirs.
            var again = await ChildrenAsync(parent, call, ct).ConfigureAwait(false);
            return again.FirstOrDefault(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new EwsException(message.ResponseCode, $"CreateFolder '{name}': exists but cannot be found");
        }
        if (!message.IsSuccess) throw new EwsException(message.ResponseCode, $"CreateFolder '{name}': {message.MessageText}");
        var id = message.Element.MChild("Folders")?.Elements().Select(f => f.TChild("FolderId")).FirstOrDefault();
        var folderId = (string?)id?.Attribute("Id") ?? throw new EwsException(EwsCodes.BadResponse, "CreateFolder answer has no FolderId");
        return new FolderEntry(folderId, (string?)id?.Attribute("ChangeKey"), name, ItemMapper.FolderClass(kind), 0, 0);
    }

    private static ResponseMessage Single(System.Xml.Linq.XElement response, string what)
    {
        var message = EwsClient.Messages(response).FirstOrDefault() ?? throw new EwsException(EwsCodes.BadResponse, what + ": no response message");
        if (!message.IsSuccess) throw new EwsException(message.ResponseCode, $"{what}: {message.MessageText ?? message.ResponseCode}");
        return message;
    }
}
