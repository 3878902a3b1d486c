using System.Text.Json.Nodes;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// GET …/contactFolders/{id}/contacts/delta, …/calendars/{id}/events/delta, …/todo/lists/{id}/tasks/delta: pages of
/// changed items of one element name (rendered by the caller) and {"id","@removed"} entries, an absolute
/// @odata.nextLink ($skiptoken) while more remain and an @odata.deltaLink ($deltatoken) at the end. A token issued before
/// <see cref="GraphFaults.LoseDeltaTokens"/> answers 410 Gone, syncStateNotFound.
/// </summary>
internal static class FolderDelta
{
    private const int DefaultPageSize = 100;

    public static GraphResult Handle(GraphScope scope, LabFolder folder, string deltaPath, string elementName, Func<LabItem, IReadOnlyList<string>, JsonObject> render)
    {
        var request = scope.Request;
        var text = request.Q("$skiptoken") ?? request.Q("$deltatoken");
        DeltaToken token;
        if (text is null)
        {
            token = new DeltaToken(scope.Faults.Epoch, 0, Initial: true, request.Q("$expand"));
        }
        else if (DeltaToken.Decode(text) is { } decoded)
        {
            if (decoded.Epoch != scope.Faults.Epoch)
            {
                return GraphResult.Error(410, "syncStateNotFound", "The sync state generation is not found. Start a new delta round.",
                    new Dictionary<string, string> { ["Location"] = scope.Link(deltaPath + "?$deltatoken=") });
            }

            token = decoded;
        }
        else
        {
            return GraphResult.BadRequest("The delta token is not valid.");
        }

        var expand = ODataOptions.ExpandedExtendedIds(token.Expand);
        var pageSize = request.PageSize(DefaultPageSize);
        var value = new JsonArray();
        var last = token.After;
        var more = false;
        foreach (var (number, entry) in folder.Changes.After(token.After))
        {
            if (value.Count == pageSize)
            {
                more = true;
                break;
            }

            last = number;
            switch (entry)
            {
                case LabItem item when item.ElementName == elementName:
                    value.Add(render(item, expand));
                    break;
                case Tombstone t when !token.Initial && t.ElementName == elementName:
                    value.Add(new JsonObject { ["id"] = GraphIds.FromStore(t.ItemId), ["@removed"] = new JsonObject { ["reason"] = "deleted" } });
                    break;
            }
        }

        var json = new JsonObject { ["value"] = value };
        if (more)
        {
            json["@odata.nextLink"] = scope.Link(deltaPath + "?$skiptoken=" + (token with { After = last, Initial = false }).Encode());
        }
        else
        {
            // Everything in the folder up to the store's latest change has been seen.
            json["@odata.deltaLink"] = scope.Link(deltaPath + "?$deltatoken=" + (token with { After = scope.Store.LastChangeNumber, Initial = false }).Encode());
        }

        return GraphResult.Ok(json);
    }
}
