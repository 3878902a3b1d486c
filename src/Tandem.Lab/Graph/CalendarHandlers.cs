using System.Globalization;
using System.Text.Json.Nodes;
using Tandem.Lab.Ews;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// /users/{id}/calendar, /calendars (the default calendar and the calendars beside it, one flat list as Graph shows them),
/// /calendars/{id}/events (list with an extended-property filter, create, delta), /events/{id} (a master, a single event,
/// or an occurrence by its id: GET, PATCH makes an exception, DELETE cancels it) and /events/{id}/instances.
/// </summary>
internal static class CalendarHandlers
{
    private static readonly string[] DeltaNames = ["delta", "delta()", "microsoft.graph.delta"];

    public static GraphResult Dispatch(GraphScope scope, IReadOnlyList<string> s, string userPath)
    {
        var method = scope.Request.Method;
        if (Is(s[2], "calendar") && s.Count == 3)
        {
            return method == "GET" ? GraphResult.Ok(Render(scope.DefaultCalendar)) : MethodNotAllowed("GET");
        }

        if (Is(s[2], "calendars"))
        {
            if (s.Count == 3)
            {
                return Calendars(scope);
            }

            if (scope.Calendar(s[3]) is not { } calendar)
            {
                return GraphResult.NotFound("The calendar");
            }

            if (s.Count == 4)
            {
                return method == "GET" ? GraphResult.Ok(Render(calendar)) : MethodNotAllowed("GET");
            }

            if (!Is(s[4], "events"))
            {
                return GraphResult.BadRequest("Resource not found for the segment '" + s[4] + "'.");
            }

            if (s.Count == 5)
            {
                return Collection(scope, calendar);
            }

            if (s.Count == 6 && DeltaNames.Any(d => Is(s[5], d)))
            {
                return method == "GET"
                    ? FolderDelta.Handle(scope, calendar, userPath + "calendars/" + Uri.EscapeDataString(s[3]) + "/events/delta", "CalendarItem", DeltaEntry)
                    : MethodNotAllowed("GET");
            }

            return s.Count == 6 ? One(scope, s[5]) : GraphResult.BadRequest("The lab's Graph face does not serve this path.");
        }

        // /events/{id}[/instances]
        return s.Count switch
        {
            4 => One(scope, s[3]),
            5 when Is(s[4], "instances") => Instances(scope, s[3]),
            _ => GraphResult.BadRequest("The lab's Graph face does not serve '" + string.Join('/', s) + "'."),
        };
    }

    public static JsonObject Render(LabFolder folder) => new()
    {
        ["id"] = GraphIds.FromStore(folder.Id),
        ["name"] = folder.DisplayName,
        ["canEdit"] = true,
        ["isDefaultCalendar"] = folder.Distinguished == "calendar",
    };

    /// <summary>What the events delta lists for an event: id, type, start and end; clients read the rest with a GET.</summary>
    private static JsonObject DeltaEntry(LabItem item, IReadOnlyList<string> expand) => new()
    {
        ["id"] = GraphIds.FromStore(item.Id),
        ["type"] = item.Props.ContainsKey("Recurrence") ? "seriesMaster" : "singleInstance",
        ["start"] = new JsonObject { ["dateTime"] = item.Text("Start")?.TrimEnd('Z'), ["timeZone"] = "UTC" },
        ["end"] = new JsonObject { ["dateTime"] = item.Text("End")?.TrimEnd('Z'), ["timeZone"] = "UTC" },
    };

    private static GraphResult Calendars(GraphScope scope)
    {
        var calendars = scope.Calendars().ToList();
        if (scope.Request.Method == "GET")
        {
            return GraphResult.Ok(new JsonObject { ["value"] = new JsonArray(calendars.Select(c => (JsonNode)Render(c)).ToArray()) });
        }

        if (scope.Request.Method != "POST")
        {
            return MethodNotAllowed("GET and POST");
        }

        var name = (string?)scope.Request.Body?["name"];
        if (string.IsNullOrWhiteSpace(name))
        {
            return GraphResult.BadRequest("name is required.");
        }

        if (calendars.Any(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase)))
        {
            return GraphResult.Error(409, "ErrorFolderExists", "A folder with the specified name already exists.");
        }

        return GraphResult.Created(Render(scope.Store.AddFolder(scope.Mailbox.Address, scope.DefaultCalendar.Id, name, "IPF.Appointment", "CalendarFolder")));
    }

    private static GraphResult Collection(GraphScope scope, LabFolder calendar)
    {
        var request = scope.Request;
        if (request.Method == "POST")
        {
            if (request.Body is null)
            {
                return GraphResult.BadRequest("An event body is required.");
            }

            var draft = new LabItem { Id = "", FolderId = calendar.Id, ElementName = "CalendarItem" };
            try
            {
                EventJson.Apply(draft, request.Body);
            }
            catch (FormatException e)
            {
                return GraphResult.BadRequest(e.Message);
            }

            if (!draft.Props.ContainsKey("Start") || !draft.Props.ContainsKey("End"))
            {
                return GraphResult.BadRequest("start and end are required.");
            }

            var created = scope.Store.AddItem(calendar, "CalendarItem", draft.Props.Values, draft.Extended.Select(e => (e.Key, e.Value)));
            return GraphResult.Created(EventJson.Render(created, request, ExtendedIdsOf(request.Body), withExceptions: false));
        }

        if (request.Method != "GET")
        {
            return MethodNotAllowed("GET and POST");
        }

        var expand = ODataOptions.ExpandedExtendedIds(request.Q("$expand"));
        var withExceptions = request.Q("$expand")?.Contains("exceptionOccurrences", StringComparison.OrdinalIgnoreCase) == true;
        return ItemPage.Filtered(scope, calendar, "CalendarItem", MessageJson.Extended, i => EventJson.Render(i, request, expand, withExceptions));
    }

    private static GraphResult One(GraphScope scope, string graphId)
    {
        var request = scope.Request;
        var storeId = GraphIds.ToStore(graphId);
        LabItem? master = null;
        var index = 0;
        LabItem? item;
        if (Occurrences.TryParse(storeId, out var masterId, out index))
        {
            master = scope.Event(GraphIds.FromStore(masterId));
            try
            {
                item = master is null ? null : Occurrences.View(master, index);
            }
            catch (EwsException)
            {
                item = null;
            }
        }
        else
        {
            item = scope.Event(graphId);
        }

        if (item is null)
        {
            return GraphResult.NotFound("The event");
        }

        var expand = ODataOptions.ExpandedExtendedIds(request.Q("$expand"));
        var withExceptions = request.Q("$expand")?.Contains("exceptionOccurrences", StringComparison.OrdinalIgnoreCase) == true;
        if (request.Method == "GET")
        {
            return GraphResult.Ok(EventJson.Render(item, request, expand, withExceptions, master));
        }

        // Optimistic concurrency: a stale If-Match is refused, so a client never overwrites what it has not seen.
        if (request.IfMatch is { } ifMatch && ifMatch != "*" && ifMatch != ContactJson.Etag(item) && ifMatch != item.ChangeKey)
        {
            return GraphResult.Error(412, "ErrorIrresolvableConflict", "The change key passed in the request does not match the current change key of the item.");
        }

        switch (request.Method)
        {
            case "PATCH":
                if (request.Body is null)
                {
                    return GraphResult.BadRequest("An event body is required.");
                }

                ISet<string> changed;
                try
                {
                    changed = EventJson.Apply(item, request.Body);
                }
                catch (FormatException e)
                {
                    return GraphResult.BadRequest(e.Message);
                }

                if (master is not null)
                {
                    Occurrences.SaveException(scope.Store, master, index, item, changed.ToList());
                    item = Occurrences.View(master, index);
                }
                else
                {
                    scope.Store.Touch(item, changed);
                }

                return GraphResult.Ok(EventJson.Render(item, request, expand.Count > 0 ? expand : ExtendedIdsOf(request.Body), false, master));
            case "DELETE":
                if (master is not null)
                {
                    Occurrences.Delete(scope.Store, master, index);
                }
                else
                {
                    scope.Store.DeleteItem(item);
                }

                return GraphResult.NoContent();
            default:
                return MethodNotAllowed("GET, PATCH and DELETE");
        }
    }

    private static GraphResult Instances(GraphScope scope, string graphId)
    {
        var request = scope.Request;
        if (request.Method != "GET")
        {
            return MethodNotAllowed("GET");
        }

        if (scope.Event(graphId) is not { } master)
        {
            return GraphResult.NotFound("The event");
        }

        if (!DateTimeOffset.TryParse(request.Q("startDateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var from)
            || !DateTimeOffset.TryParse(request.Q("endDateTime"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var to))
        {
            return GraphResult.BadRequest("startDateTime and endDateTime are required.");
        }

        var expand = ODataOptions.ExpandedExtendedIds(request.Q("$expand"));
        var views = Occurrences.Instances(master)
            .TakeWhile(i => i.OriginalStart < to)
            .Where(i => i.OriginalStart >= from && !Occurrences.IsDeleted(master, i.OriginalStart))
            .Select(i => Occurrences.View(master, i.Index, i.OriginalStart))
            .ToList();
        return GraphResult.Ok(new JsonObject { ["value"] = new JsonArray(views.Select(v => (JsonNode)EventJson.Render(v, request, expand, false, master)).ToArray()) });
    }

    private static List<string> ExtendedIdsOf(JsonObject body) =>
        body["singleValueExtendedProperties"] is JsonArray a ? a.Select(p => (string?)p?["id"]).OfType<string>().ToList() : [];

    private static GraphResult MethodNotAllowed(string allowed) => GraphResult.Error(405, "MethodNotAllowed", "Only " + allowed + " allowed here.");

    private static bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);
}
