using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Tandem.Connectors.Graph.Tests.Lab;

/// <summary>The lab's Graph face spoken to in raw HTTP: names, links, $batch, concurrency, faults — what Graph does, not what our client expects.</summary>
public sealed class GraphFaceTests(GraphLab lab) : IClassFixture<GraphLab>
{
    private const string User = "users/bob@lab.test/";

    [Fact]
    public async Task Contact_PropertyNames_AreGraphsOwn()
    {
        using var http = lab.Http();
        var folder = await NewFolderAsync(http);
        var created = await SendAsync(http, HttpMethod.Post, $"{User}contactFolders/{folder}/contacts", FullContactJson());
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = (string)created.Body!["id"]!;
        var read = await SendAsync(http, HttpMethod.Get, $"{User}contacts/{id}?$expand=" + Uri.EscapeDataString("singleValueExtendedProperties($filter=id eq 'String 0x3A24')"));
        var names = Names();
        var contact = read.Body!.AsObject();
        foreach (var (name, value) in contact)
        {
            if (name.StartsWith('@')) continue;
            Assert.True(names["contact"].Concat(names["outlookItem"]).Concat(names["entity"]).Contains(name), $"contact property '{name}' is not in Graph's contact type");
            if (name.EndsWith("Address", StringComparison.Ordinal) && value is JsonObject address)
            {
                Assert.All(address.Select(p => p.Key), k => Assert.Contains(k, names["physicalAddress"]));
            }
        }

        Assert.All(contact["emailAddresses"]!.AsArray().SelectMany(e => e!.AsObject().Select(p => p.Key)), k => Assert.Contains(k, names["emailAddress"]));
        var extended = Assert.Single(contact["singleValueExtendedProperties"]!.AsArray())!.AsObject();
        Assert.All(extended.Select(p => p.Key), k => Assert.Contains(k, names["singleValueLegacyExtendedProperty"]));
        Assert.Equal("+1 555 0100", (string?)extended["value"]);
        var folders = await SendAsync(http, HttpMethod.Get, $"{User}contactFolders");
        Assert.All(folders.Body!["value"]!.AsArray().SelectMany(f => f!.AsObject().Select(p => p.Key)),
            k => Assert.Contains(k, names["contactFolder"].Concat(names["entity"])));
    }

    [Fact]
    public async Task Delta_AsTheSdkCallsIt_AbsoluteLinksOnTheLabsHost_ThenRemovedEntries()
    {
        using var http = lab.Http();
        var folder = await NewFolderAsync(http);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((string)(await SendAsync(http, HttpMethod.Post, $"{User}contactFolders/{folder}/contacts", new JsonObject { ["givenName"] = "N" + i })).Body!["id"]!);
        }

        var (items, deltaLink, pages) = await RoundAsync(http, $"{lab.GraphUrl}/{User}contactFolders/{folder}/contacts/delta()", pageSize: 2);
        Assert.Equal(2, pages);
        Assert.Equal(ids.Order(), items.Select(i => (string)i["id"]!).Order());
        Assert.StartsWith(lab.GraphUrl + "/", deltaLink, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(http, HttpMethod.Delete, $"{User}contacts/{ids[0]}")).Status);
        var (changes, _, _) = await RoundAsync(http, deltaLink, pageSize: 10);
        var removed = Assert.Single(changes);
        Assert.Equal(ids[0], (string?)removed["id"]);
        Assert.Equal("deleted", (string?)removed["@removed"]?["reason"]);
    }

    [Fact]
    public async Task Patch_WithAStaleIfMatch_Is412AndChangesNothing()
    {
        using var http = lab.Http();
        var folder = await NewFolderAsync(http);
        var created = (await SendAsync(http, HttpMethod.Post, $"{User}contactFolders/{folder}/contacts", new JsonObject { ["givenName"] = "Old" })).Body!;
        var etag = (string)created["@odata.etag"]!;
        var first = await SendAsync(http, HttpMethod.Patch, $"{User}contacts/{created["id"]}", new JsonObject { ["givenName"] = "First" }, etag);
        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.NotEqual(etag, (string?)first.Body!["@odata.etag"]);
        var stale = await SendAsync(http, HttpMethod.Patch, $"{User}contacts/{created["id"]}", new JsonObject { ["givenName"] = "Second" }, etag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.Status);
        Assert.Equal("First", (string?)(await SendAsync(http, HttpMethod.Get, $"{User}contacts/{created["id"]}")).Body!["givenName"]);
    }

    [Fact]
    public async Task Batch_Of21_IsRefused_Of20_AnswersEachById()
    {
        using var http = lab.Http();
        var folder = await NewFolderAsync(http);
        JsonObject Batch(int n) => new()
        {
            ["requests"] = new JsonArray(Enumerable.Range(0, n).Select(i => (JsonNode)new JsonObject
            {
                ["id"] = "r" + i, ["method"] = "POST", ["url"] = $"/{User}contactFolders/{folder}/contacts",
                ["headers"] = new JsonObject { ["Content-Type"] = "application/json" }, ["body"] = new JsonObject { ["givenName"] = "B" + i },
            }).ToArray()),
        };
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(http, HttpMethod.Post, "$batch", Batch(21))).Status);
        var answer = await SendAsync(http, HttpMethod.Post, "$batch", Batch(20));
        var responses = answer.Body!["responses"]!.AsArray();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => "r" + i).Order(), responses.Select(r => (string)r!["id"]!).Order());
        Assert.All(responses, r => Assert.Equal(201, (int)r!["status"]!));
    }

    [Fact]
    public async Task EventAndTask_PropertyNames_AreGraphsOwn()
    {
        using var http = lab.Http();
        var names = Names();
        void Check(JsonObject json, params string[] types)
        {
            foreach (var name in json.Select(p => p.Key).Where(k => !k.StartsWith('@')))
            {
                Assert.True(types.Any(t => names[t].Contains(name)), $"property '{name}' is not in Graph's {string.Join("/", types)}");
            }
        }

        var calendar = await SendAsync(http, HttpMethod.Post, User + "calendars", new JsonObject { ["name"] = "Face " + Guid.NewGuid().ToString("N") });
        Assert.Equal(HttpStatusCode.Created, calendar.Status);
        Check(calendar.Body!.AsObject(), "calendar", "entity");
        var created = await SendAsync(http, HttpMethod.Post, $"{User}calendars/{(string)calendar.Body!["id"]!}/events", new JsonObject
        {
            ["subject"] = "Weekly", ["body"] = new JsonObject { ["contentType"] = "text", ["content"] = "agenda" },
            ["start"] = new JsonObject { ["dateTime"] = "2026-03-02T09:30:00", ["timeZone"] = "W. Europe Standard Time" },
            ["end"] = new JsonObject { ["dateTime"] = "2026-03-02T10:30:00", ["timeZone"] = "W. Europe Standard Time" },
            ["recurrence"] = new JsonObject
            {
                ["pattern"] = new JsonObject { ["type"] = "weekly", ["interval"] = 1, ["daysOfWeek"] = new JsonArray("monday"), ["firstDayOfWeek"] = "monday" },
                ["range"] = new JsonObject { ["type"] = "numbered", ["startDate"] = "2026-03-02", ["numberOfOccurrences"] = 3 },
            },
            ["attendees"] = new JsonArray(new JsonObject { ["type"] = "required", ["emailAddress"] = new JsonObject { ["address"] = "carol@lab.test" } }),
        });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        var id = (string)created.Body!["id"]!;
        var read = (await SendAsync(http, HttpMethod.Get, $"{User}events/{id}?$expand=exceptionOccurrences")).Body!.AsObject();
        Check(read, "event", "outlookItem", "entity");
        Assert.Equal("W. Europe Standard Time", (string?)read["originalStartTimeZone"]);
        Assert.Equal("2026-03-02T08:30:00.0000000", (string?)read["start"]!["dateTime"]);
        Check(read["start"]!.AsObject(), "dateTimeTimeZone");
        Check(read["body"]!.AsObject(), "itemBody");
        Check(read["location"]!.AsObject(), "location");
        Check(read["recurrence"]!.AsObject(), "patternedRecurrence");
        Check(read["recurrence"]!["pattern"]!.AsObject(), "recurrencePattern");
        Check(read["recurrence"]!["range"]!.AsObject(), "recurrenceRange");
        var attendee = Assert.Single(read["attendees"]!.AsArray())!.AsObject();
        Check(attendee, "attendee");
        Check(attendee["status"]!.AsObject(), "responseStatus");
        var instances = (await SendAsync(http, HttpMethod.Get, $"{User}events/{id}/instances?startDateTime=2026-03-01T00:00:00Z&endDateTime=2026-04-01T00:00:00Z")).Body!["value"]!.AsArray();
        Assert.Equal(3, instances.Count);
        Assert.All(instances, i => Check(i!.AsObject(), "event", "outlookItem", "entity"));

        var lists = (await SendAsync(http, HttpMethod.Get, User + "todo/lists")).Body!["value"]!.AsArray();
        Assert.All(lists, l => Check(l!.AsObject(), "todoTaskList", "entity"));
        var listId = (string)lists.Single(l => (string?)l!["wellknownListName"] == "defaultList")!["id"]!;
        var task = await SendAsync(http, HttpMethod.Post, $"{User}todo/lists/{listId}/tasks", new JsonObject
        {
            ["title"] = "Report", ["status"] = "inProgress",
            ["dueDateTime"] = new JsonObject { ["dateTime"] = "2026-04-15T00:00:00", ["timeZone"] = "UTC" },
            ["extensions"] = new JsonArray(new JsonObject { ["@odata.type"] = "#microsoft.graph.openTypeExtension", ["extensionName"] = "org.example.x", ["k"] = "v" }),
        });
        Assert.Equal(HttpStatusCode.Created, task.Status);
        var readTask = (await SendAsync(http, HttpMethod.Get, $"{User}todo/lists/{listId}/tasks/{(string)task.Body!["id"]!}?$expand=" + Uri.EscapeDataString("extensions($filter=id eq 'org.example.x')"))).Body!.AsObject();
        Check(readTask, "todoTask", "entity");
        var extension = Assert.Single(readTask["extensions"]!.AsArray())!.AsObject();
        Assert.Equal("v", (string?)extension["k"]);
        Assert.Equal("org.example.x", (string?)extension["extensionName"]);
    }

    [Fact]
    public async Task Throttle_Answers429WithRetryAfter_ThenServesAgain()
    {
        using var http = lab.Http();
        var folder = await NewFolderAsync(http);
        lab.Server.Graph.Faults.Throttle(1, retryAfterSeconds: 7);
        var throttled = await http.GetAsync($"{User}contactFolders/{folder}/contacts");
        Assert.Equal((HttpStatusCode)429, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{User}contactFolders/{folder}/contacts")).StatusCode);
    }

    [Fact]
    public async Task LostDeltaTokens_Answer410SyncStateNotFound()
    {
        using var http = lab.Http();
        var folder = await NewFolderAsync(http);
        var (_, deltaLink, _) = await RoundAsync(http, $"{lab.GraphUrl}/{User}contactFolders/{folder}/contacts/delta", pageSize: 10);
        lab.Server.Graph.Faults.LoseDeltaTokens();
        var gone = await SendAsync(http, HttpMethod.Get, deltaLink);
        Assert.Equal(HttpStatusCode.Gone, gone.Status);
        Assert.Equal("syncStateNotFound", (string?)gone.Body!["error"]!["code"]);
    }

    [Fact]
    public async Task NoBearerToken_Is401()
    {
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync($"{lab.GraphUrl}/{User}contactFolders")).StatusCode);
    }

    private static JsonObject FullContactJson() => new()
    {
        ["givenName"] = "Ada", ["surname"] = "Lovelace", ["title"] = "Dr.", ["birthday"] = "1815-12-10T00:00:00Z",
        ["emailAddresses"] = new JsonArray(new JsonObject { ["address"] = "ada@example.org", ["name"] = "Ada" }),
        ["businessPhones"] = new JsonArray("+1 555 0101"), ["mobilePhone"] = "+1 555 0102",
        ["homeAddress"] = new JsonObject { ["street"] = "1 Road", ["city"] = "London" },
        ["categories"] = new JsonArray("Friends"), ["personalNotes"] = "notes",
        ["singleValueExtendedProperties"] = new JsonArray(new JsonObject { ["id"] = "String 0x3A24", ["value"] = "+1 555 0100" }),
    };

    internal static Dictionary<string, string[]> Names()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "graph-v1-names.json")))!.AsObject();
        return json.Where(p => p.Value is JsonArray).ToDictionary(p => p.Key, p => p.Value!.AsArray().Select(v => (string)v!).ToArray());
    }

    private static async Task<string> NewFolderAsync(HttpClient http)
    {
        var created = await SendAsync(http, HttpMethod.Post, User + "contactFolders", new JsonObject { ["displayName"] = "Face " + Guid.NewGuid().ToString("N") });
        Assert.Equal(HttpStatusCode.Created, created.Status);
        return (string)created.Body!["id"]!;
    }

    private static async Task<(List<JsonObject> Items, string DeltaLink, int Pages)> RoundAsync(HttpClient http, string url, int pageSize)
    {
        var items = new List<JsonObject>();
        for (var pages = 1; ; pages++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Add("Prefer", $"odata.maxpagesize={pageSize}");
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            items.AddRange(body["value"]!.AsArray().Select(v => v!.AsObject()));
            if ((string?)body["@odata.nextLink"] is { } next)
            {
                Assert.True(Uri.IsWellFormedUriString(next, UriKind.Absolute), "nextLink is absolute: " + next);
                url = next;
                continue;
            }

            return (items, (string)body["@odata.deltaLink"]!, pages);
        }
    }

    internal static async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpClient http, HttpMethod method, string url, JsonObject? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        request.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }
}
