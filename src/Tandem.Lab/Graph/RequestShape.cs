namespace Tandem.Lab.Graph;

/// <summary>
/// What kind of request a round trip was, with ids blanked ("GET users/{}/contactFolders/{}/contacts/delta"); a $batch is
/// named by the kinds inside it. Benchmarks print the tally to show where round trips go.
/// </summary>
internal static class RequestShape
{
    private static readonly HashSet<string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        "users", "contactFolders", "childFolders", "contacts", "delta", "delta()", "microsoft.graph.delta", "calendar", "calendars", "events",
        "calendarView", "instances", "mailFolders", "messages", "todo", "lists", "tasks", "extensions", "photo", "$value", "subscriptions", "$batch",
    };

    public static string Of(string method, IReadOnlyList<string> segments) =>
        method + " " + string.Join('/', segments.Select(s => Names.Contains(s) ? s : "{}"));

    public static string OfBatch(IEnumerable<(string Method, IReadOnlyList<string> Segments)> steps)
    {
        var inner = steps.GroupBy(s => Of(s.Method, s.Segments), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => g.Key);
        return "$batch of " + string.Join(" + ", inner);
    }
}
