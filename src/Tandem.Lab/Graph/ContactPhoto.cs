using System.Text.Json.Nodes;
using System.Xml.Linq;
using Tandem.Lab.Ews;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// /contacts/{id}/photo and /photo/$value: the contact's photo is the file attachment with IsContactPhoto that the EWS face
/// keeps (Outlook's ContactPicture.jpg), so a photo set over either face is seen over the other. GET $value answers the
/// bytes (404 without a photo), GET photo its metadata; PUT or PATCH $value replaces the picture and gives the contact a
/// new change key. DELETE is refused as Graph refuses it for contacts (it deletes user and group photos only).
/// </summary>
internal static class ContactPhoto
{
    private const string PhotoName = "ContactPicture.jpg";

    public static GraphResult Handle(GraphScope scope, LabItem contact, bool value)
    {
        var request = scope.Request;
        var stored = Stored(contact);
        switch (request.Method)
        {
            case "GET" when stored is null:
                return GraphResult.Error(404, "ErrorItemNotFound", "The photo wasn't found.");
            case "GET" when value:
                return GraphResult.Bytes(Convert.FromBase64String(stored.Element(Ns.T + "Content")?.Value.Trim() ?? ""), ContentType(stored));
            case "GET":
                return GraphResult.Ok(new JsonObject { ["@odata.mediaContentType"] = ContentType(stored), ["id"] = "default", ["height"] = null, ["width"] = null });
            case "PUT" or "PATCH" when value:
                if (request.Bytes is not { Length: > 0 } picture)
                {
                    return GraphResult.BadRequest("The photo body is empty; send the picture's bytes with an image content type.");
                }

                stored?.Remove();
                AttachmentOperations.Add(contact, new XElement(Ns.T + "FileAttachment",
                    new XElement(Ns.T + "Name", PhotoName),
                    new XElement(Ns.T + "ContentType", request.ContentType?.Split(';')[0].Trim() ?? "image/jpeg"),
                    new XElement(Ns.T + "IsContactPhoto", "true"),
                    new XElement(Ns.T + "Content", Convert.ToBase64String(picture))));
                scope.Store.Touch(contact, ["Attachments"]);
                return GraphResult.NoContent();
            case "DELETE":
                return GraphResult.Error(405, "ErrorInvalidRequest", "The photo of an Outlook contact cannot be deleted (only user and group photos can).");
            default:
                return GraphResult.Error(405, "MethodNotAllowed", value ? "Only GET, PUT and PATCH are allowed here." : "Only GET is allowed here.");
        }
    }

    private static XElement? Stored(LabItem contact) =>
        contact.Props.GetValueOrDefault("Attachments")?.Elements().FirstOrDefault(a => (string?)a.Element(Ns.T + "IsContactPhoto") == "true");

    private static string ContentType(XElement stored) => stored.Element(Ns.T + "ContentType")?.Value is { Length: > 0 } type ? type : "image/jpeg";
}
