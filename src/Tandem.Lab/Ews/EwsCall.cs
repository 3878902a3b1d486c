using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>One EWS request being served: who called, whose mailbox it acts on, and the operation element.</summary>
internal sealed class EwsCall
{
    public required LabStore Store { get; init; }

    public required Mailbox Caller { get; init; }

    /// <summary>The impersonated mailbox, or the caller's own.</summary>
    public required Mailbox Principal { get; init; }

    public required XElement Operation { get; init; }

    public required LabContext Lab { get; init; }

    /// <summary>Set when the throttling fault answers this request with an ErrorServerBusy response message.</summary>
    public int? ThrottledBackOff { get; init; }

    public string Name => Operation.Name.LocalName;

    /// <summary>The front end the request arrived on.</summary>
    public int FrontEnd { get; init; }

    /// <summary>The HTTP request headers (routing: X-AnchorMailbox, X-PublicFolderMailbox, X-PreferServerAffinity).</summary>
    public Microsoft.AspNetCore.Http.IHeaderDictionary? Headers { get; init; }

    /// <summary>True when the principal is reached through ExchangeImpersonation.</summary>
    public bool Impersonated { get; init; }

    /// <summary>The budget the request is charged to: the target mailbox (a copy of it under impersonation).</summary>
    public string Budget => Notify.StreamingBudgets.Key(Principal.Address, Impersonated);

    /// <summary>The owner locks this request holds while its operation runs (its principal's, and public folders' once touched).</summary>
    public StoreLocks Locks
    {
        get => _locks ?? throw new InvalidOperationException("The operation runs outside the store locks.");
        set => _locks = value;
    }

    private StoreLocks? _locks;

    /// <summary>Work for other mailboxes (delivery to a recipient's Inbox), run once this request's locks are released.</summary>
    public List<Action> AfterRelease { get; } = [];

    public string? Header(string name) => Headers?[name].ToString() is { Length: > 0 } v ? v.Trim() : null;

    public DateTimeOffset Now => Store.Time.GetUtcNow();

    public XElement? Child(string name) => Operation.Element(Ns.M + name);

    /// <summary>A folder the principal may use: its own, or a public folder.</summary>
    public LabFolder ResolveFolder(XElement id)
    {
        if (id.Name == Ns.T + "DistinguishedFolderId")
        {
            var name = (string?)id.Attribute("Id") ?? throw EwsException.FolderNotFound();
            if (name == "publicfoldersroot")
            {
                Locks.Enter(LabFolder.PublicOwner);
                return Store.EnsurePublicRoot();
            }

            var mailbox = Principal;
            if (id.Element(Ns.T + "Mailbox")?.Element(Ns.T + "EmailAddress")?.Value is { Length: > 0 } address)
            {
                mailbox = Store.FindMailbox(address.Trim())
                    ?? throw new EwsException("ErrorNonExistentMailbox", $"No mailbox with such guid or address {address} exists.");
                if (!ReferenceEquals(mailbox, Principal))
                {
                    throw EwsException.AccessDenied();
                }
            }

            return mailbox.Distinguished.TryGetValue(name, out var folderId) ? Store.Folder(folderId)! : throw EwsException.FolderNotFound();
        }

        var fid = (string?)id.Attribute("Id") ?? throw EwsException.InvalidIdMalformed();
        if (!LabIds.LooksLikeFolderId(fid))
        {
            throw EwsException.InvalidIdMalformed();
        }

        var folder = Store.Folder(fid) ?? throw EwsException.FolderNotFound();
        CheckAccess(folder);

        // A public folder found before its lock was taken may have been deleted meanwhile.
        return ReferenceEquals(Store.Folder(fid), folder) ? folder : throw EwsException.FolderNotFound();
    }

    /// <summary>An item, or one occurrence of a recurring master (ItemId of an occurrence, OccurrenceItemId, RecurringMasterItemId).</summary>
    public (LabItem Item, int? Occurrence) ResolveTarget(XElement id)
    {
        if (id.Name == Ns.T + "OccurrenceItemId")
        {
            var master = ResolveItem(new XElement(Ns.T + "ItemId", new XAttribute("Id", (string?)id.Attribute("RecurringMasterId") ?? string.Empty)));
            var index = (int?)id.Attribute("InstanceIndex") ?? 0;
            Occurrences.OriginalStart(master, index);
            return (master, index);
        }

        var raw = (string?)id.Attribute(id.Name == Ns.T + "RecurringMasterItemId" ? "OccurrenceId" : "Id") ?? string.Empty;
        if (Occurrences.TryParse(raw, out var masterId, out var occurrence))
        {
            var master = ResolveItem(new XElement(Ns.T + "ItemId", new XAttribute("Id", masterId)));
            if (id.Name == Ns.T + "RecurringMasterItemId")
            {
                return (master, null);
            }

            Occurrences.OriginalStart(master, occurrence);
            return (master, occurrence);
        }

        return (ResolveItem(id.Name == Ns.T + "RecurringMasterItemId" ? new XElement(Ns.T + "ItemId", new XAttribute("Id", raw)) : id), null);
    }

    public LabItem ResolveItem(XElement id)
    {
        var iid = (string?)id.Attribute("Id") ?? throw EwsException.InvalidIdMalformed();
        if (id.Name != Ns.T + "ItemId")
        {
            // Occurrences are resolved by ResolveTarget; operations on whole items do not take them.
            throw EwsException.ItemNotFound();
        }

        if (!LabIds.LooksLikeItemId(iid))
        {
            throw EwsException.InvalidIdMalformed();
        }

        var item = Store.Item(iid) ?? throw EwsException.ItemNotFound();
        CheckAccess(Store.Folder(item.FolderId) ?? throw EwsException.ItemNotFound());

        // An item of a public folder found before that lock was taken may have been moved or deleted meanwhile.
        return ReferenceEquals(Store.Item(iid), item) ? item : throw EwsException.ItemNotFound();
    }

    /// <summary>Refuses another mailbox's folder; a public folder is allowed, and its store's lock is taken from here on.</summary>
    public void CheckAccess(LabFolder folder)
    {
        if (folder.IsPublic)
        {
            Locks.Enter(LabFolder.PublicOwner);
        }
        else if (!string.Equals(folder.Owner, Principal.Address, StringComparison.OrdinalIgnoreCase))
        {
            throw EwsException.AccessDenied();
        }
    }
}
