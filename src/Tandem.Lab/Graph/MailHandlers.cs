using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Tandem.Lab.Ews;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// /users/{id}/mailFolders (the folders under the Top of Information Store, by id or well-known name), their childFolders,
/// their messages (list, delta, a MIME POST) and /users/{id}/messages/{id} (GET, PATCH, DELETE, $value). A message POSTed
/// as MIME (Content-Type text/plain, the MIME in base64) is made from it and saved unsent — a draft, as Exchange Online
/// saves it — and never sent. A JSON body is refused: Tandem writes messages as MIME only, and a lab that accepted a shape
/// it does not model would hide a mistake.
/// </summary>
internal static class MailHandlers
{
    private static readonly string[] DeltaNames = ["delta", "delta()", "microsoft.graph.delta"];

    public static GraphResult Dispatch(GraphScope scope, IReadOnlyList<string> s, string userPath)
    {
        if (Is(s[2], "messages"))
        {
            return s.Count switch
            {
                4 => scope.MessageOf(s[3]) is { } m ? One(scope, m) : GraphResult.NotFound("The message"),
                5 when Is(s[4], "$value") => scope.MessageOf(s[3]) is { } m ? Value(scope, m) : GraphResult.NotFound("The message"),
                _ => GraphResult.Error(400, "BadRequest", "The lab's Graph face does not serve '" + string.Join('/', s) + "'."),
            };
        }

        var root = scope.Store.Folder(scope.Mailbox.Distinguished["msgfolderroot"])!;
        if (s.Count == 3)
        {
            return Children(scope, root);
        }

        if (scope.MailFolder(s[3]) is not { } folder)
        {
            return GraphResult.NotFound("The mail folder");
        }

        if (s.Count == 4)
        {
            return scope.Request.Method == "GET" ? GraphResult.Ok(RenderFolder(folder)) : GraphResult.Error(405, "MethodNotAllowed", "Only GET is allowed here.");
        }

        if (s.Count == 5 && Is(s[4], "childFolders"))
        {
            return Children(scope, folder);
        }

        if (!Is(s[4], "messages"))
        {
            return GraphResult.Error(400, "BadRequest", "Resource not found for the segment '" + s[4] + "'.");
        }

        if (s.Count == 5)
        {
            return Collection(scope, folder);
        }

        if (s.Count == 6 && DeltaNames.Any(d => Is(s[5], d)))
        {
            return scope.Request.Method == "GET"
                ? FolderDelta.Handle(scope, folder, userPath + "mailFolders/" + Uri.EscapeDataString(s[3]) + "/messages/delta", "Message", MessageJson.Render)
                : GraphResult.Error(405, "MethodNotAllowed", "delta is a function: GET only.");
        }

        var message = s.Count >= 6 ? scope.MessageOf(s[5]) : null;
        if (message is null || message.FolderId != folder.Id)
        {
            return GraphResult.NotFound("The message");
        }

        return s.Count == 6 ? One(scope, message) : s.Count == 7 && Is(s[6], "$value") ? Value(scope, message) : GraphResult.NotFound("The message");
    }

    public static JsonObject RenderFolder(LabFolder folder) => new()
    {
        ["id"] = GraphIds.FromStore(folder.Id),
        ["displayName"] = folder.DisplayName,
        ["parentFolderId"] = folder.ParentId is null ? null : GraphIds.FromStore(folder.ParentId),
        ["childFolderCount"] = folder.Children.Count,
        ["totalItemCount"] = folder.Items.Count,
        ["unreadItemCount"] = folder.Items.Values.Count(i => !MessageJson.IsRead(i)),
        ["isHidden"] = false,
    };

    private static GraphResult Children(GraphScope scope, LabFolder parent) =>
        ContactFolderHandlers.Children(scope, parent, GraphScope.IsMailFolder, "IPF.Note", "Folder", RenderFolder);

    private static GraphResult Collection(GraphScope scope, LabFolder folder)
    {
        var request = scope.Request;
        if (request.Method == "POST")
        {
            return Create(scope, folder);
        }

        if (request.Method != "GET")
        {
            return GraphResult.Error(405, "MethodNotAllowed", "Only GET and POST are allowed here.");
        }

        var expand = ODataOptions.ExpandedExtendedIds(request.Q("$expand"));
        return ItemPage.Filtered(scope, folder, "Message", MessageJson.Extended, i => MessageJson.Render(i, expand));
    }

    /// <summary>POST text/plain: the body is the message's MIME in base64; the message is made from it, unsent.</summary>
    private static GraphResult Create(GraphScope scope, LabFolder folder)
    {
        var text = scope.Request.Text;
        if (text is null)
        {
            return GraphResult.BadRequest("The lab's Graph face creates messages from MIME only: Content-Type text/plain, the MIME content in base64.");
        }

        byte[] mime;
        try
        {
            mime = Convert.FromBase64String(text.Trim());
        }
        catch (FormatException)
        {
            return GraphResult.BadRequest("Invalid base64 string for MIME content.");
        }

        if (mime.Length == 0 || Encoding.ASCII.GetString(mime, 0, Math.Min(mime.Length, 4096)).IndexOf(':', StringComparison.Ordinal) < 0)
        {
            return GraphResult.BadRequest("The MIME content has no header fields.");
        }

        var props = new List<XElement>();
        MessageMime.Absorb(new XElement(Ns.T + "Message", new XElement(Ns.T + MessageMime.Element, Convert.ToBase64String(mime))), props);
        var flags = MessageJson.MessageFlags;
        var created = scope.Store.AddItem(folder, "Message", props, [(flags.Key, flags.ToElement(MessageJson.DraftFlags.ToString(System.Globalization.CultureInfo.InvariantCulture)))]);
        return GraphResult.Created(MessageJson.Render(created, []));
    }

    private static GraphResult One(GraphScope scope, LabItem item)
    {
        var request = scope.Request;
        var expand = ODataOptions.ExpandedExtendedIds(request.Q("$expand"));
        if (request.Method == "GET")
        {
            return GraphResult.Ok(MessageJson.Render(item, expand));
        }

        if (ContactHandlers.Stale(request, item) is { } refused)
        {
            return refused;
        }

        switch (request.Method)
        {
            case "PATCH":
                if (request.Body is null)
                {
                    return GraphResult.BadRequest("A message body is required.");
                }

                try
                {
                    scope.Store.Touch(item, MessageJson.Apply(item, request.Body));
                }
                catch (FormatException e)
                {
                    return GraphResult.BadRequest(e.Message);
                }

                var ids = request.Body["singleValueExtendedProperties"] is JsonArray a ? a.Select(p => (string?)p?["id"]).OfType<string>().ToList() : [];
                return GraphResult.Ok(MessageJson.Render(item, expand.Count > 0 ? expand : ids));
            case "DELETE":
                scope.Store.DeleteItem(item);
                return GraphResult.NoContent();
            default:
                return GraphResult.Error(405, "MethodNotAllowed", "Only GET, PATCH and DELETE are allowed here.");
        }
    }

    private static GraphResult Value(GraphScope scope, LabItem item) =>
        scope.Request.Method != "GET"
            ? GraphResult.Error(405, "MethodNotAllowed", "Only GET is allowed here.")
            : MessageJson.Mime(item) is { } mime ? GraphResult.Bytes(mime, "text/plain") : GraphResult.NotFound("The message's MIME content");

    private static bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);
}
