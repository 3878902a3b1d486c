using Tandem.Core.Items;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// The folder a stored deltaLink reads: …/users/{mailbox}/contactFolders/{id}/contacts/delta, …/calendars/{id}/events/delta,
/// …/todo/lists/{id}/tasks/delta or …/mailFolders/{id}/messages/delta (OData's key form, contactFolders('{id}'), too).
/// A member with a token is opened by it, with no folder look-up: a cycle's folder look-ups cost no request, a folder
/// renamed or moved keeps syncing, and one deleted fails its delta read with that reason instead of being created
/// again empty. A link this does not recognise, or one of another mailbox, gives null: the folder is looked up by path.
/// </summary>
internal static class DeltaLinkFolder
{
    public static GraphFolder? Of(string? token, string mailbox, ItemKind kind)
    {
        if (token is null || !Uri.TryCreate(token, UriKind.Absolute, out var uri)) return null;
        var segments = new List<string>();
        foreach (var raw in uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            // contactFolders('id') is contactFolders/id
            var part = Uri.UnescapeDataString(raw);
            var open = part.IndexOf("('", StringComparison.Ordinal);
            if (open > 0 && part.EndsWith("')", StringComparison.Ordinal))
            {
                segments.Add(part[..open]);
                segments.Add(part[(open + 2)..^2].Replace("''", "'", StringComparison.Ordinal));
            }
            else
            {
                segments.Add(part);
            }
        }

        var users = segments.FindIndex(s => s.Equals("users", StringComparison.OrdinalIgnoreCase));
        if (users < 0 || users + 1 >= segments.Count || !segments[users + 1].Equals(mailbox, StringComparison.OrdinalIgnoreCase)) return null;
        var rest = segments.Skip(users + 2).ToList();
        string[] shape = kind switch
        {
            ItemKind.Contact => ["contactFolders", "", "contacts"],
            ItemKind.Event => ["calendars", "", "events"],
            ItemKind.Task => ["todo", "lists", "", "tasks"],
            ItemKind.Message => ["mailFolders", "", "messages"],
            _ => [],
        };
        if (shape.Length == 0 || rest.Count != shape.Length + 1 || !IsDelta(rest[^1])) return null;
        string? id = null;
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i].Length == 0) id = rest[i];
            else if (!rest[i].Equals(shape[i], StringComparison.OrdinalIgnoreCase)) return null;
        }

        return string.IsNullOrEmpty(id) ? null : new GraphFolder(mailbox, id, kind);
    }

    private static bool IsDelta(string segment) =>
        segment.Equals("delta", StringComparison.OrdinalIgnoreCase) || segment.Equals("delta()", StringComparison.OrdinalIgnoreCase)
        || segment.Equals("microsoft.graph.delta", StringComparison.OrdinalIgnoreCase) || segment.Equals("microsoft.graph.delta()", StringComparison.OrdinalIgnoreCase);
}
