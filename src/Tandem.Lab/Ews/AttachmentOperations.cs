using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// CreateAttachment, GetAttachment and DeleteAttachment, and the attachments a CreateItem carries inline. Attachments
/// live inside their item (the t:Attachments property, content included), so they persist and move with it. An
/// attachment id is its item's id followed by a unique part, so it leads back to the item. Each change gives the item a
/// new ChangeKey, and the answer names the root item and its ChangeKey as Exchange's does.
/// </summary>
internal static class AttachmentOperations
{
    private const int UniqueBytes = 16;

    public static IEnumerable<XElement> CreateAttachment(EwsCall call)
    {
        var results = new List<XElement>();
        LabItem? item = null;
        EwsException? parentError = null;
        try
        {
            item = call.ResolveItem(new XElement(Ns.T + "ItemId", call.Child("ParentItemId")!.Attributes()));
        }
        catch (EwsException ex)
        {
            parentError = ex;
        }

        var created = new List<XElement>();
        foreach (var attachment in call.Child("Attachments")!.Elements())
        {
            if (parentError is not null)
            {
                results.Add(SoapWriter.Error("CreateAttachment", parentError, new XElement(Ns.M + "Attachments")));
                continue;
            }

            created.Add(Add(item!, attachment));
        }

        if (item is not null && created.Count > 0)
        {
            call.Store.Touch(item, ["Attachments"]);
            results.AddRange(created.Select(a => SoapWriter.Success("CreateAttachment", new XElement(Ns.M + "Attachments",
                new XElement(a.Name, new XElement(Ns.T + "AttachmentId", new XAttribute("Id", (string)a.Element(Ns.T + "AttachmentId")!.Attribute("Id")!),
                    new XAttribute("RootItemId", item.Id), new XAttribute("RootItemChangeKey", item.ChangeKey)))))));
        }

        return results;
    }

    public static IEnumerable<XElement> GetAttachment(EwsCall call)
    {
        var results = new List<XElement>();
        foreach (var id in call.Child("AttachmentIds")!.Elements())
        {
            try
            {
                var (_, attachment) = Resolve(call, (string?)id.Attribute("Id"));
                results.Add(SoapWriter.Success("GetAttachment", new XElement(Ns.M + "Attachments", Shown(attachment, withContent: true))));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("GetAttachment", ex, new XElement(Ns.M + "Attachments")));
            }
        }

        return results;
    }

    public static IEnumerable<XElement> DeleteAttachment(EwsCall call)
    {
        var results = new List<XElement>();
        foreach (var id in call.Child("AttachmentIds")!.Elements())
        {
            try
            {
                var (item, attachment) = Resolve(call, (string?)id.Attribute("Id"));
                attachment.Remove();
                if (!item.Props["Attachments"].HasElements)
                {
                    item.Props.Remove("Attachments");
                }

                call.Store.Touch(item, ["Attachments"]);
                results.Add(SoapWriter.Success("DeleteAttachment",
                    new XElement(Ns.M + "RootItemId", new XAttribute("RootItemId", item.Id), new XAttribute("RootItemChangeKey", item.ChangeKey))));
            }
            catch (EwsException ex)
            {
                results.Add(SoapWriter.Error("DeleteAttachment", ex));
            }
        }

        return results;
    }

    /// <summary>Stores an attachment a client sent (CreateAttachment, or inline in CreateItem) under a new id.</summary>
    public static XElement Add(LabItem item, XElement sent)
    {
        var attachment = ItemBag.Detached(TypedValues.Canonical(sent, sent.Name.LocalName + "Type"));
        attachment.Element(Ns.T + "AttachmentId")?.Remove();
        var itemBytes = LabIds.Decode(item.Id)!;
        var id = Convert.ToBase64String([.. itemBytes, .. Guid.NewGuid().ToByteArray()]);
        attachment.AddFirst(new XElement(Ns.T + "AttachmentId", new XAttribute("Id", id)));
        if (!item.Props.TryGetValue("Attachments", out var container))
        {
            container = new XElement(Ns.T + "Attachments");
            item.Props["Attachments"] = container;
        }

        container.Add(attachment);
        return attachment;
    }

    /// <summary>An attachment as a response shows it: Size and LastModifiedTime computed, the content only when asked.</summary>
    public static XElement Shown(XElement stored, bool withContent)
    {
        var shown = new XElement(stored);
        var content = shown.Element(Ns.T + "Content");
        var size = content is null ? 0 : Convert.FromBase64String(content.Value.Trim()).Length;
        if (!withContent)
        {
            content?.Remove();
        }

        shown.Element(Ns.T + "Size")?.Remove();
        var order = EwsSchema.Instance.ElementOrder(shown.Name.LocalName + "Type");
        var parts = shown.Elements().Append(new XElement(Ns.T + "Size", size))
            .OrderBy(e => order.GetValueOrDefault(e.Name.LocalName, int.MaxValue)).ToList();
        shown.RemoveNodes();
        shown.Add(parts);
        return shown;
    }

    public static bool HasContactPhoto(LabItem item) =>
        item.Props.GetValueOrDefault("Attachments")?.Elements().Any(a => (string?)a.Element(Ns.T + "IsContactPhoto") == "true") == true;

    private static (LabItem Item, XElement Attachment) Resolve(EwsCall call, string? id)
    {
        if (id is null || LabIds.Decode(id) is not { } bytes || bytes.Length <= UniqueBytes)
        {
            throw EwsException.InvalidIdMalformed();
        }

        var itemId = Convert.ToBase64String(bytes, 0, bytes.Length - UniqueBytes);
        if (!LabIds.LooksLikeItemId(itemId))
        {
            throw EwsException.InvalidIdMalformed();
        }

        var item = call.ResolveItem(new XElement(Ns.T + "ItemId", new XAttribute("Id", itemId)));
        var attachment = item.Props.GetValueOrDefault("Attachments")?.Elements().FirstOrDefault(a => (string?)a.Element(Ns.T + "AttachmentId")?.Attribute("Id") == id)
            ?? throw new EwsException("ErrorInvalidAttachmentId", "The attachment could not be found.");
        return (item, attachment);
    }
}
