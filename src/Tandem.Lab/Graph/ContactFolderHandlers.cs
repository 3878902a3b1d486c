using System.Text.Json.Nodes;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>/users/{id}/contactFolders: the folders under the default Contacts folder, their child folders, create.</summary>
internal static class ContactFolderHandlers
{
    public static JsonObject Render(LabFolder folder) => new()
    {
        ["id"] = GraphIds.FromStore(folder.Id),
        ["displayName"] = folder.DisplayName,
        ["parentFolderId"] = folder.ParentId is null ? null : GraphIds.FromStore(folder.ParentId),
    };

    /// <summary>GET lists the contact folders under <paramref name="parent"/>; POST creates one (409 when the name is taken).</summary>
    public static GraphResult Children(GraphScope scope, LabFolder parent) =>
        Children(scope, parent, f => f.ElementName == "ContactsFolder", "IPF.Contact", "ContactsFolder", Render);

    /// <summary>The child folders of one kind (contact folders, mail folders) under <paramref name="parent"/>: GET and POST.</summary>
    public static GraphResult Children(GraphScope scope, LabFolder parent, Func<LabFolder, bool> ofKind, string folderClass, string elementName, Func<LabFolder, JsonObject> render)
    {
        var children = parent.Children.Select(scope.Store.Folder).OfType<LabFolder>().Where(ofKind).ToList();
        if (scope.Request.Method == "GET")
        {
            return GraphResult.Ok(new JsonObject { ["value"] = new JsonArray(children.Select(c => (JsonNode)render(c)).ToArray()) });
        }

        if (scope.Request.Method != "POST")
        {
            return GraphResult.Error(405, "MethodNotAllowed", "Only GET and POST are allowed here.");
        }

        var name = (string?)scope.Request.Body?["displayName"];
        if (string.IsNullOrWhiteSpace(name))
        {
            return GraphResult.BadRequest("displayName is required.");
        }

        if (children.Any(c => string.Equals(c.DisplayName, name, StringComparison.OrdinalIgnoreCase)))
        {
            return GraphResult.Error(409, "ErrorFolderExists", "A folder with the specified name already exists.");
        }

        return GraphResult.Created(render(scope.Store.AddFolder(scope.Mailbox.Address, parent.Id, name, folderClass, elementName)));
    }
}
