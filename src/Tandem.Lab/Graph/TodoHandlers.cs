using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// /users/{id}/todo/lists (the mailbox's task folders: the default Tasks folder is the "defaultList"), a list's tasks
/// (list, create, delta), one task (GET/PATCH/DELETE with If-Match on its etag) and its open extensions.
/// </summary>
internal static partial class TodoHandlers
{
    private static readonly string[] DeltaNames = ["delta", "delta()", "microsoft.graph.delta"];

    public static GraphResult Dispatch(GraphScope scope, IReadOnlyList<string> s, string userPath)
    {
        var method = scope.Request.Method;
        if (s.Count < 4 || !Is(s[3], "lists"))
        {
            return GraphResult.BadRequest("The lab's Graph face serves only /todo/lists.");
        }

        if (s.Count == 4)
        {
            return Lists(scope);
        }

        if (scope.TaskList(s[4]) is not { } list)
        {
            return GraphResult.NotFound("The task list");
        }

        if (s.Count == 5)
        {
            return method == "GET" ? GraphResult.Ok(Render(scope, list)) : MethodNotAllowed("GET");
        }

        if (!Is(s[5], "tasks"))
        {
            return GraphResult.BadRequest("Resource not found for the segment '" + s[5] + "'.");
        }

        if (s.Count == 6)
        {
            return Collection(scope, list);
        }

        if (s.Count == 7 && DeltaNames.Any(d => Is(s[6], d)))
        {
            return method == "GET"
                ? FolderDelta.Handle(scope, list, userPath + "todo/lists/" + Uri.EscapeDataString(s[4]) + "/tasks/delta", "Task", TaskJson.Render)
                : MethodNotAllowed("GET");
        }

        if (scope.Task(s[6]) is not { } task || task.FolderId != list.Id)
        {
            return GraphResult.NotFound("The task");
        }

        return s.Count switch
        {
            7 => One(scope, task),
            8 when Is(s[7], "extensions") => Extensions(scope, task, null),
            9 when Is(s[7], "extensions") => Extensions(scope, task, s[8]),
            _ => GraphResult.BadRequest("The lab's Graph face does not serve '" + string.Join('/', s) + "'."),
        };
    }

    private static JsonObject Render(GraphScope scope, LabFolder list) => new()
    {
        ["id"] = GraphIds.FromStore(list.Id),
        ["displayName"] = list.DisplayName,
        ["isOwner"] = true,
        ["isShared"] = false,
        ["wellknownListName"] = list.Id == scope.DefaultTasks.Id ? "defaultList" : "none",
    };

    private static GraphResult Lists(GraphScope scope)
    {
        var lists = scope.TaskLists().ToList();
        if (scope.Request.Method == "GET")
        {
            return GraphResult.Ok(new JsonObject { ["value"] = new JsonArray(lists.Select(l => (JsonNode)Render(scope, l)).ToArray()) });
        }

        if (scope.Request.Method != "POST")
        {
            return MethodNotAllowed("GET and POST");
        }

        var name = (string?)scope.Request.Body?["displayName"];
        if (string.IsNullOrWhiteSpace(name))
        {
            return GraphResult.BadRequest("displayName is required.");
        }

        if (lists.Any(l => string.Equals(l.DisplayName, name, StringComparison.OrdinalIgnoreCase)))
        {
            return GraphResult.Error(409, "ErrorFolderExists", "A folder with the specified name already exists.");
        }

        return GraphResult.Created(Render(scope, scope.Store.AddFolder(scope.Mailbox.Address, scope.DefaultTasks.Id, name, "IPF.Task", "TasksFolder")));
    }

    private static GraphResult Collection(GraphScope scope, LabFolder list)
    {
        var request = scope.Request;
        if (request.Method == "POST")
        {
            if (request.Body is null)
            {
                return GraphResult.BadRequest("A task body is required.");
            }

            var draft = new LabItem { Id = "", FolderId = list.Id, ElementName = "Task" };
            try
            {
                TaskJson.Apply(draft, request.Body);
            }
            catch (FormatException e)
            {
                return GraphResult.BadRequest(e.Message);
            }

            var created = scope.Store.AddItem(list, "Task", draft.Props.Values, draft.Extended.Select(e => (e.Key, e.Value)));
            return GraphResult.Created(TaskJson.Render(created, []));
        }

        if (request.Method != "GET")
        {
            return MethodNotAllowed("GET and POST");
        }

        var extensions = ExpandedExtensions(request.Q("$expand"));
        return ItemPage.Of(scope, list.Items.Values.Where(i => i.ElementName == "Task").OrderBy(i => i.CreatedChangeNumber), i => TaskJson.Render(i, extensions));
    }

    private static GraphResult One(GraphScope scope, LabItem task)
    {
        var request = scope.Request;
        if (request.Method == "GET")
        {
            return GraphResult.Ok(TaskJson.Render(task, ExpandedExtensions(request.Q("$expand"))));
        }

        if (Stale(request, task) is { } refused)
        {
            return refused;
        }

        switch (request.Method)
        {
            case "PATCH":
                if (request.Body is null)
                {
                    return GraphResult.BadRequest("A task body is required.");
                }

                try
                {
                    scope.Store.Touch(task, TaskJson.Apply(task, request.Body));
                }
                catch (FormatException e)
                {
                    return GraphResult.BadRequest(e.Message);
                }

                return GraphResult.Ok(TaskJson.Render(task, []));
            case "DELETE":
                scope.Store.DeleteItem(task);
                return GraphResult.NoContent();
            default:
                return MethodNotAllowed("GET, PATCH and DELETE");
        }
    }

    private static GraphResult Extensions(GraphScope scope, LabItem task, string? name)
    {
        var request = scope.Request;
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (name is null)
        {
            if (request.Method != "POST")
            {
                return MethodNotAllowed("POST");
            }

            if (ContactJson.Str(request.Body?["extensionName"]) is not { } newName)
            {
                return GraphResult.BadRequest("extensionName is required.");
            }

            if (TaskJson.Extension(task, newName) is not null)
            {
                return GraphResult.Error(409, "NameAlreadyExists", "An extension with this name already exists.");
            }

            TaskJson.SetExtension(task, newName, request.Body, changed);
            scope.Store.Touch(task, changed);
            return GraphResult.Created(TaskJson.Extension(task, newName)!);
        }

        var current = TaskJson.Extension(task, name);
        switch (request.Method)
        {
            case "GET":
                return current is null ? GraphResult.NotFound("The extension") : GraphResult.Ok(current);
            case "PATCH":
                if (request.Body is null)
                {
                    return GraphResult.BadRequest("An extension body is required.");
                }

                // Graph replaces an open extension's data with what the PATCH sends; a missing one is created.
                TaskJson.SetExtension(task, name, request.Body, changed);
                scope.Store.Touch(task, changed);
                return GraphResult.Ok(TaskJson.Extension(task, name)!);
            case "DELETE":
                if (current is null)
                {
                    return GraphResult.NotFound("The extension");
                }

                TaskJson.SetExtension(task, name, null, changed);
                scope.Store.Touch(task, changed);
                return GraphResult.NoContent();
            default:
                return MethodNotAllowed("GET, PATCH and DELETE");
        }
    }

    private static GraphResult? Stale(GraphRequest request, LabItem item) =>
        request.IfMatch is { } ifMatch && ifMatch != "*" && ifMatch != ContactJson.Etag(item) && ifMatch != item.ChangeKey
            ? GraphResult.Error(412, "ErrorIrresolvableConflict", "The etag passed in the request does not match the current etag of the task.")
            : null;

    /// <summary>The extension names of $expand=extensions($filter=id eq '…').</summary>
    private static List<string> ExpandedExtensions(string? expand) =>
        expand is null || !expand.Contains("extensions", StringComparison.OrdinalIgnoreCase) ? [] : IdEquals().Matches(expand).Select(m => m.Groups[1].Value).ToList();

    private static GraphResult MethodNotAllowed(string allowed) => GraphResult.Error(405, "MethodNotAllowed", "Only " + allowed + " allowed here.");

    private static bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\bid eq '([^']*)'", RegexOptions.IgnoreCase)]
    private static partial Regex IdEquals();
}
