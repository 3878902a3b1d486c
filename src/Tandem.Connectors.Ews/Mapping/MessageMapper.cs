using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>
/// Message ↔ a t:Message carried by its MimeContent, so every header, body and attachment travels as the MIME text
/// Exchange itself renders. A copy is written with PR_MESSAGE_FLAGS = MSGFLAG_READ: without it a message made from MIME
/// is saved unsent, and Outlook shows it as a draft waiting to be sent (MS-OXCMSG 2.2.1.6). Nothing is ever sent: the
/// requests say SaveOnly (<see cref="Operations.ItemRequests"/>).
/// </summary>
internal static class MessageMapper
{
    public const string ItemClass = "IPM.Note";

    private const string MessageFlagRead = "1";

    public static IEnumerable<ItemField> ToFields(Message m)
    {
        yield return ItemField.Uri("item:MimeContent", m.MimeContent.Length == 0 ? null : X.T("MimeContent", m.MimeContent));
        yield return ItemField.Uri("item:Categories", EwsValues.Categories(m.Categories));
        yield return ItemField.Extended(Props.MessageFlags, MessageFlagRead);
    }

    public static Message FromXml(XElement x)
    {
        var mime = x.TChild("MimeContent")?.Value.Trim();
        if (string.IsNullOrEmpty(mime)) throw new FormatException("the message came without its MimeContent");
        try
        {
            _ = Convert.FromBase64String(mime);
        }
        catch (FormatException e)
        {
            throw new FormatException("the message's MimeContent is not base64: " + e.Message, e);
        }
        return new Message { MimeContent = mime, Categories = EwsValues.ReadCategories(x) };
    }

    /// <summary>Mail folders hold reports, meeting messages and notes too; a mail group carries messages proper.</summary>
    public static bool IsMessage(XElement x)
    {
        if (x.Name.LocalName != "Message") return false;
        var itemClass = x.Text("ItemClass");
        return itemClass is null || !itemClass.StartsWith(NoteMapper.ItemClass, StringComparison.OrdinalIgnoreCase);
    }
}
