using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>CreateItem, GetItem and DeleteItem (UpdateItem has its own file).</summary>
internal static class ItemOperations
{
    public static IEnumerable<XElement> CreateItem(EwsCall call)
    {
        LabFolder? target = null;
        EwsException? targetError = null;
        if (call.Child("SavedItemFolderId")?.Elements().FirstOrDefault() is { } folderId)
        {
            try
            {
                target = call.ResolveFolder(folderId);
            }
            catch (EwsException ex)
            {
                targetError = ex;
            }
        }

        var disposition = (string?)call.Operation.Attribute("MessageDisposition");
        var invitations = (string?)call.Operation.Attribute("SendMeetingInvitations");
        var results = new List<XElement>();
        foreach (var element in call.Child("Items")!.Elements())
        {
            try
            {
                if (targetError is not null)
                {
                    throw targetError;
                }

                var kind = element.Name.LocalName;
                if (ResponseObjects.IsResponseObject(kind))
                {
                    results.Add(ResponseObjects.Process(call, element));
                    continue;
                }

                if (kind == "CalendarItem" && invitations is null)
                {
                    throw new EwsException("ErrorSendMeetingInvitationsRequired", "SendMeetingInvitations attribute is required for calendar items.");
                }

                if (kind is "Message" && disposition is null)
                {
                    throw new EwsException("ErrorMessageDispositionRequired", "MessageDisposition attribute is required.");
                }

                var folder = target ?? call.Store.Folder(call.Principal.Distinguished[ItemTypes.DefaultFolder(kind)])!;
                var (props, extended) = ItemBag.Split(element);
                var afterCreate = MimeImport.Absorb(kind, element, props);
                if (kind == "CalendarItem" && !props.Any(p => p.Name.LocalName == "UID"))
                {
                    // Exchange gives every calendar item a UID (the hex of its GlobalObjectId) when the client sends none.
                    props.Add(new XElement(Ns.T + "UID", GlobalObjectId.NewUid(call.Now)));
                }

                if (kind == "Message" && disposition is "SendOnly" or "SendAndSaveCopy")
                {
                    Deliver(call, props, extended);
                    if (disposition == "SendOnly")
                    {
                        results.Add(SoapWriter.Success("CreateItem", new XElement(Ns.M + "Items")));
                        continue;
                    }

                    folder = target ?? call.Store.Folder(call.Principal.Distinguished["sentitems"])!;
                }

                var item = call.Store.AddItem(folder, kind, props, extended);
                afterCreate?.Invoke(call.Store, item);

                // Attachments sent inside the item are kept (Exchange creates them with it), never dropped.
                foreach (var attachment in element.Element(Ns.T + "Attachments")?.Elements() ?? [])
                {
                    AttachmentOperations.Add(item, attachment);
                }

                if (kind == "Contact" && !item.Props.ContainsKey("FileAs"))
                {
                    item.Props["FileAs"] = new XElement(Ns.T + "FileAs", ItemRenderer.DerivedFileAs(item));
                    item.PropertyChangeNumbers["FileAs"] = item.ChangeNumber;
                }

                results.Add(SoapWriter.Success("CreateItem", new XElement(Ns.M + "Items", ItemRenderer.IdOnly(item))));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("CreateItem", ex, new XElement(Ns.M + "Items")));
            }
        }

        return results;
    }

    public static IEnumerable<XElement> GetItem(EwsCall call)
    {
        var shape = ResponseShape.Parse(call.Child("ItemShape"));
        var results = new List<XElement>();
        foreach (var id in call.Child("ItemIds")!.Elements())
        {
            try
            {
                var (item, occurrence) = call.ResolveTarget(id);
                var shown = occurrence is { } index ? Occurrences.View(item, index) : item;
                results.Add(SoapWriter.Success("GetItem", new XElement(Ns.M + "Items", ItemRenderer.Render(shown, shape, call.Store))));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("GetItem", ex, new XElement(Ns.M + "Items")));
            }
        }

        return results;
    }

    public static IEnumerable<XElement> DeleteItem(EwsCall call)
    {
        var deleteType = (string?)call.Operation.Attribute("DeleteType") ?? "HardDelete";
        var cancellations = call.Operation.Attribute("SendMeetingCancellations");
        var occurrences = call.Operation.Attribute("AffectedTaskOccurrences");
        var results = new List<XElement>();
        foreach (var id in call.Child("ItemIds")!.Elements())
        {
            try
            {
                if ((string?)id.Attribute("ChangeKey") is { } changeKey && LabIds.ChangeNumberOf(changeKey) is null)
                {
                    throw UpdateItemOperation.InvalidChangeKey();
                }

                var (item, occurrence) = call.ResolveTarget(id);
                if (item.ElementName == "CalendarItem" && cancellations is null)
                {
                    throw new EwsException("ErrorSendMeetingCancellationsRequired", "SendMeetingCancellations attribute is required for Calendar items.");
                }

                if (item.ElementName == "Task" && occurrences is null)
                {
                    throw new EwsException("ErrorAffectedTaskOccurrencesRequired", "AffectedTaskOccurrences attribute is required for Task items.");
                }

                if (occurrence is { } index)
                {
                    Occurrences.Delete(call.Store, item, index);
                    results.Add(SoapWriter.Success("DeleteItem"));
                    continue;
                }

                var folder = call.Store.Folder(item.FolderId)!;
                var deleted = call.Store.Folder(folder.IsPublic ? folder.Id : call.Principal.Distinguished["deleteditems"])!;
                if (deleteType == "MoveToDeletedItems" && !folder.IsPublic && deleted.Id != folder.Id)
                {
                    call.Store.MoveItem(item, deleted);
                }
                else
                {
                    call.Store.DeleteItem(item);
                }

                results.Add(SoapWriter.Success("DeleteItem"));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("DeleteItem", ex));
            }
        }

        return results;
    }

    /// <summary>Sending inside the lab: a copy lands in the Inbox of each recipient who has a lab mailbox.</summary>
    private static void Deliver(EwsCall call, List<XElement> props, List<(string Key, XElement Property)> extended)
    {
        var recipients = props.Where(p => p.Name.LocalName is "ToRecipients" or "CcRecipients" or "BccRecipients")
            .SelectMany(p => p.Descendants(Ns.T + "EmailAddress")).Select(e => e.Value.Trim()).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var address in recipients)
        {
            if (call.Store.FindMailbox(address) is { } mailbox)
            {
                var copy = props.Where(p => p.Name.LocalName != "BccRecipients").Select(p => new XElement(p)).ToList();
                copy.Add(new XElement(Ns.T + "From", new XElement(Ns.T + "Mailbox",
                    new XElement(Ns.T + "Name", call.Principal.DisplayName), new XElement(Ns.T + "EmailAddress", call.Principal.Address))));
                var copyExtended = extended.Select(x => (x.Key, new XElement(x.Property))).ToList();

                // Like transport, delivery happens apart from the sender's request: under the recipient's lock, after
                // the sender's is released (holding two mailboxes' locks could deadlock with a reply going the other way).
                call.AfterRelease.Add(() =>
                {
                    using var locks = StoreLocks.For(call.Store, mailbox.Address);
                    call.Store.AddItem(call.Store.Folder(mailbox.Distinguished["inbox"])!, "Message", copy, copyExtended);
                    call.Lab.CommitAndPublish(locks);
                });
            }
        }
    }
}
