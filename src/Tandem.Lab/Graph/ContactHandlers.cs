using System.Text.Json.Nodes;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>Contacts of a folder: list (paged, filtered by an extended property), create, and one contact's GET/PATCH/DELETE.</summary>
internal static class ContactHandlers
{
    public static GraphResult Collection(GraphScope scope, LabFolder folder)
    {
        var request = scope.Request;
        if (request.Method == "POST")
        {
            if (request.Body is null)
            {
                return GraphResult.BadRequest("A contact body is required.");
            }

            var draft = new LabItem { Id = "", FolderId = folder.Id, ElementName = "Contact" };
            ContactJson.Apply(draft, request.Body);
            var created = scope.Store.AddItem(folder, "Contact", draft.Props.Values, draft.Extended.Select(e => (e.Key, e.Value)));
            return GraphResult.Created(ContactJson.Render(created, ExtendedIdsOf(request.Body)));
        }

        if (request.Method != "GET")
        {
            return GraphResult.Error(405, "MethodNotAllowed", "Only GET and POST are allowed here.");
        }

        var expand = ODataOptions.ExpandedExtendedIds(request.Q("$expand"));
        return ItemPage.Filtered(scope, folder, "Contact", ContactJson.ReadExtended, i => ContactJson.Render(i, expand));
    }

    public static GraphResult One(GraphScope scope, LabItem item)
    {
        var request = scope.Request;
        var expand = ODataOptions.ExpandedExtendedIds(request.Q("$expand"));
        if (request.Method == "GET")
        {
            return GraphResult.Ok(ContactJson.Render(item, expand));
        }

        if (Stale(request, item) is { } refused)
        {
            return refused;
        }

        switch (request.Method)
        {
            case "PATCH":
                if (request.Body is null)
                {
                    return GraphResult.BadRequest("A contact body is required.");
                }

                var changed = ContactJson.Apply(item, request.Body);
                scope.Store.Touch(item, changed);
                return GraphResult.Ok(ContactJson.Render(item, expand.Count > 0 ? expand : ExtendedIdsOf(request.Body)));
            case "DELETE":
                scope.Store.DeleteItem(item);
                return GraphResult.NoContent();
            default:
                return GraphResult.Error(405, "MethodNotAllowed", "Only GET, PATCH and DELETE are allowed here.");
        }
    }

    private static List<string> ExtendedIdsOf(JsonObject body) =>
        body["singleValueExtendedProperties"] is JsonArray a ? a.Select(p => (string?)p?["id"]).OfType<string>().ToList() : [];

    /// <summary>Optimistic concurrency: a stale If-Match is refused (412), so a client never overwrites what it has not seen.</summary>
    internal static GraphResult? Stale(GraphRequest request, LabItem item) =>
        request.IfMatch is { } ifMatch && ifMatch != "*" && ifMatch != ContactJson.Etag(item) && ifMatch != item.ChangeKey
            ? GraphResult.Error(412, "ErrorIrresolvableConflict", "The change key passed in the request does not match the current change key of the item.")
            : null;
}
