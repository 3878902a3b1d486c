using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// Dispatches one Graph request (direct or a $batch step) to its handler under its mailbox's lock, then commits the store
/// (database, notifications to EWS subscribers) when it changed something: the Graph and EWS faces share one mailbox store.
/// </summary>
internal sealed class GraphRouter(LabContext lab, GraphFaults faults)
{
    private static readonly string[] DeltaNames = ["delta", "delta()", "microsoft.graph.delta"];

    public GraphResult Run(GraphRequest request)
    {
        if (faults.TakeThrottle() is { } retryAfter)
        {
            return GraphResult.Error(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.",
                new Dictionary<string, string> { ["Retry-After"] = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        }

        // The mailbox the URL names (users/{id}/…) is the only store a Graph request reaches: its lock is enough.
        var owner = request.Segments.Count > 1 ? lab.Store.FindMailbox(request.Segments[1])?.Address : null;
        using var locks = StoreLocks.For(lab.Store, owner);
        var result = Dispatch(request);
        if (request.Method != "GET" && result.Status < 400)
        {
            lab.CommitAndPublish(locks);
        }

        return result;
    }

    private GraphResult Dispatch(GraphRequest request)
    {
        var s = request.Segments;
        if (s.Count < 3 || !Is(s[0], "users"))
        {
            return GraphResult.Error(400, "BadRequest", "Resource not found for the segment '" + (s.Count > 0 ? s[0] : "") + "'.");
        }

        if (lab.Store.FindMailbox(s[1]) is not { } mailbox)
        {
            return GraphResult.Error(404, "ErrorInvalidUser", "The requested user '" + s[1] + "' is invalid.");
        }

        var scope = new GraphScope(lab.Store, mailbox, request, faults);
        var userPath = "users/" + Uri.EscapeDataString(s[1]) + "/";
        if (Is(s[2], "calendar") || Is(s[2], "calendars") || Is(s[2], "events"))
        {
            return CalendarHandlers.Dispatch(scope, s, userPath);
        }

        if (Is(s[2], "todo"))
        {
            return TodoHandlers.Dispatch(scope, s, userPath);
        }

        if (Is(s[2], "mailFolders") || Is(s[2], "messages"))
        {
            return MailHandlers.Dispatch(scope, s, userPath);
        }

        return (s.Count, Is(s[2], "contactFolders"), Is(s[2], "contacts")) switch
        {
            (3, true, _) => ContactFolderHandlers.Children(scope, scope.DefaultContacts),
            (3, _, true) => ContactHandlers.Collection(scope, scope.DefaultContacts),
            (4, _, true) => scope.Contact(s[3]) is { } contact ? ContactHandlers.One(scope, contact) : GraphResult.NotFound("The contact"),
            (5 or 6, _, true) when Is(s[4], "photo") => scope.Contact(s[3]) is { } contact ? ContactPhoto.Handle(scope, contact, s.Count == 6 && Is(s[5], "$value")) : GraphResult.NotFound("The contact"),
            (>= 4, true, _) => InFolder(scope, s, userPath),
            _ => GraphResult.Error(400, "BadRequest", "The lab's Graph face does not serve '" + string.Join('/', s) + "'."),
        };
    }

    private static GraphResult InFolder(GraphScope scope, IReadOnlyList<string> s, string userPath)
    {
        if (scope.ContactFolder(s[3]) is not { } folder)
        {
            return GraphResult.NotFound("The contact folder");
        }

        if (s.Count == 4)
        {
            return scope.Request.Method == "GET" ? GraphResult.Ok(ContactFolderHandlers.Render(folder)) : GraphResult.Error(405, "MethodNotAllowed", "Only GET is allowed here.");
        }

        if (s.Count == 5 && Is(s[4], "childFolders"))
        {
            return ContactFolderHandlers.Children(scope, folder);
        }

        if (!Is(s[4], "contacts"))
        {
            return GraphResult.Error(400, "BadRequest", "Resource not found for the segment '" + s[4] + "'.");
        }

        if (s.Count == 5)
        {
            return ContactHandlers.Collection(scope, folder);
        }

        if (s.Count == 6 && DeltaNames.Any(d => Is(s[5], d)))
        {
            return scope.Request.Method == "GET"
                ? FolderDelta.Handle(scope, folder, userPath + "contactFolders/" + Uri.EscapeDataString(s[3]) + "/contacts/delta", "Contact", ContactJson.Render)
                : GraphResult.Error(405, "MethodNotAllowed", "delta is a function: GET only.");
        }

        if (s.Count is 7 or 8 && Is(s[6], "photo"))
        {
            return scope.Contact(s[5]) is { } pictured && pictured.FolderId == folder.Id
                ? ContactPhoto.Handle(scope, pictured, s.Count == 8 && Is(s[7], "$value"))
                : GraphResult.NotFound("The contact");
        }

        return s.Count == 6 && scope.Contact(s[5]) is { } contact && contact.FolderId == folder.Id
            ? ContactHandlers.One(scope, contact)
            : GraphResult.NotFound("The contact");
    }

    private static bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);
}
