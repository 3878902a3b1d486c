using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// A stored task (t:Task, as EWS clients send it) as To Do's todoTask, and a todoTask body applied to one. Open extensions
/// are kept as named properties of the item (one per extension name, its data as JSON), as Exchange keeps them: they are
/// nothing EWS shows as a task field.
/// </summary>
internal static class TaskJson
{
    private static readonly string[] Statuses = ["NotStarted", "InProgress", "Completed", "WaitingOnOthers", "Deferred"];

    public static JsonObject Render(LabItem item, IReadOnlyList<string> extensions)
    {
        var body = item.Props.GetValueOrDefault("Body");
        var json = new JsonObject
        {
            ["@odata.etag"] = ContactJson.Etag(item),
            ["id"] = GraphIds.FromStore(item.Id),
            ["createdDateTime"] = ContactJson.Time(item.Created),
            ["lastModifiedDateTime"] = ContactJson.Time(item.Modified),
            ["title"] = item.Text("Subject") ?? "",
            ["body"] = new JsonObject { ["content"] = body?.Value ?? "", ["contentType"] = "text" },
            ["importance"] = (item.Text("Importance") ?? "Normal").ToLowerInvariant(),
            ["status"] = Camel(Statuses.Contains(item.Text("Status")) ? item.Text("Status")! : "NotStarted"),
            ["isReminderOn"] = item.Text("ReminderIsSet") == "true",
            ["categories"] = new JsonArray(item.Props.TryGetValue("Categories", out var cats) ? cats.Elements(Ns.T + "String").Select(s => (JsonNode?)s.Value).ToArray() : []),
            ["startDateTime"] = Time(item.Text("StartDate")),
            ["dueDateTime"] = Time(item.Text("DueDate")),
            ["completedDateTime"] = Time(item.Text("CompleteDate")),
            ["reminderDateTime"] = item.Text("ReminderIsSet") == "true" ? Time(item.Text("ReminderDueBy")) : null,
            ["recurrence"] = RecurrenceJson.Render(item.Props.GetValueOrDefault("Recurrence"), "UTC"),
        };
        if (extensions.Count > 0)
        {
            json["extensions"] = new JsonArray(extensions.Select(name => Extension(item, name)).OfType<JsonObject>().Select(e => (JsonNode?)e).ToArray());
        }

        return json;
    }

    /// <summary>One open extension of the item, or null.</summary>
    public static JsonObject? Extension(LabItem item, string name)
    {
        if (!item.Extended.TryGetValue(ExtensionKey(name).Key, out var stored) || JsonNode.Parse(ExtendedPropertyId.ValueOf(stored) ?? "{}") is not JsonObject data)
        {
            return null;
        }

        var json = new JsonObject { ["@odata.type"] = "#microsoft.graph.openTypeExtension", ["id"] = name, ["extensionName"] = name };
        foreach (var (key, value) in data)
        {
            json[key] = value?.DeepClone();
        }

        return json;
    }

    /// <summary>Stores an open extension's data (its own fields without the OData ones); null removes it.</summary>
    public static void SetExtension(LabItem item, string name, JsonObject? extension, ISet<string> changed)
    {
        string? value = null;
        if (extension is not null)
        {
            var data = new JsonObject();
            foreach (var (key, node) in extension.Where(p => !p.Key.StartsWith('@') && p.Key is not ("id" or "extensionName")))
            {
                data[key] = node?.DeepClone();
            }

            value = data.ToJsonString();
        }

        ContactJson.SetExtended(item, ExtensionKey(name), value, changed);
    }

    /// <summary>Applies the properties present in <paramref name="body"/>; returns the changed keys. Throws FormatException on a bad value.</summary>
    public static ISet<string> Apply(LabItem item, JsonObject body)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (body.TryGetPropertyValue("title", out var title)) ContactJson.SetProp(item, "Subject", ContactJson.Str(title), changed);
        if (body["body"] is JsonObject b)
        {
            var content = ContactJson.Str(b["content"]);
            ContactJson.SetElement(item, "Body", content is null ? null : ContactFields.T("Body", new XAttribute("BodyType", "Text"), content), changed);
        }

        if (body.TryGetPropertyValue("categories", out var categories))
        {
            var list = ContactJson.Strs(categories);
            ContactJson.SetElement(item, "Categories", list.Count == 0 ? null : ContactFields.T("Categories", list.Select(c => ContactFields.T("String", c)).ToArray()), changed);
        }

        if (ContactJson.Str(body["importance"]) is { } importance) ContactJson.SetProp(item, "Importance", Pascal(importance), changed);
        if (ContactJson.Str(body["status"]) is { } status)
        {
            ContactJson.SetProp(item, "Status", Statuses.Contains(Pascal(status)) ? Pascal(status) : throw new FormatException($"status '{status}' is not a task status."), changed);
        }

        if (body["isReminderOn"] is JsonValue reminder) ContactJson.SetProp(item, "ReminderIsSet", (bool)reminder ? "true" : "false", changed);
        SetTime(item, body, "startDateTime", "StartDate", changed);
        SetTime(item, body, "dueDateTime", "DueDate", changed);
        SetTime(item, body, "completedDateTime", "CompleteDate", changed);
        SetTime(item, body, "reminderDateTime", "ReminderDueBy", changed);
        if (body.TryGetPropertyValue("recurrence", out var recurrence))
        {
            ContactJson.SetElement(item, "Recurrence", recurrence is JsonObject o ? RecurrenceJson.Parse(o) : null, changed);
        }

        foreach (var extension in (body["extensions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var name = ContactJson.Str(extension["extensionName"]) ?? throw new FormatException("an extension needs an extensionName.");
            SetExtension(item, name, extension, changed);
        }

        return changed;
    }

    private static ExtendedPropertyId ExtensionKey(string name) =>
        ExtendedPropertyId.Parse("String {00020329-0000-0000-c000-000000000046} Name " + name) ?? throw new FormatException($"'{name}' is not an extension name.");

    private static JsonObject? Time(string? utc) =>
        DateTimeOffset.TryParse(utc, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? new JsonObject { ["dateTime"] = t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'.0000000'", CultureInfo.InvariantCulture), ["timeZone"] = "UTC" }
            : null;

    private static void SetTime(LabItem item, JsonObject body, string graph, string ews, ISet<string> changed)
    {
        if (!body.TryGetPropertyValue(graph, out var node))
        {
            return;
        }

        if (node is not JsonObject t || ContactJson.Str(t["dateTime"]) is not { } text)
        {
            ContactJson.SetProp(item, ews, null, changed);
            return;
        }

        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
        {
            throw new FormatException($"{graph}.dateTime '{text}' is not a date and time.");
        }

        var zone = Ews.RecurrenceExpander.Zone(ContactJson.Str(t["timeZone"]) ?? "UTC");
        var instant = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(wall, DateTimeKind.Unspecified), zone);
        ContactJson.SetProp(item, ews, ContactJson.Time(new DateTimeOffset(instant, TimeSpan.Zero)), changed);
    }

    private static string Pascal(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Camel(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}
