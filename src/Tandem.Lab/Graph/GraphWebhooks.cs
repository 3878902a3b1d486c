using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// Graph change notifications as the lab delivers them: POST /subscriptions validates the notification URL first (a POST
/// with ?validationToken= that must echo the token as text/plain within 10 s), caps the lifetime (<see cref="MaxLifetime"/>)
/// and answers the expiry it granted; PATCH renews, DELETE ends. Every change of the store, over either face, is POSTed
/// to the subscribers of its folder with their clientState. Lifecycle notifications (missed, subscriptionRemoved,
/// reauthorizationRequired) are sent on demand (<see cref="SendLifecycleAsync"/>), as Exchange sends them when it must.
/// </summary>
public sealed class GraphWebhooks
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly ConcurrentDictionary<string, Hook> _hooks = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _delivered;
    private long _renewals;

    internal GraphWebhooks(TimeProvider time) => _time = time;

    /// <summary>The longest lifetime granted (Exchange's for Outlook resources is under 3 days); a request for more gets this.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(4230);

    /// <summary>Subscriptions alive.</summary>
    public int Count => _hooks.Count;

    /// <summary>Change notifications delivered (answered 2xx) so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Renewals (PATCH) accepted so far.</summary>
    public long Renewals => Interlocked.Read(ref _renewals);

    /// <summary>The expiry of each subscription alive.</summary>
    public IReadOnlyList<DateTimeOffset> Expirations => [.. _hooks.Values.Select(h => h.Expiration)];

    /// <summary>
    /// Called as each change notification is sent: the mailbox it is about, its changeType and the Stopwatch timestamp.
    /// Benchmarks time propagation with it (a notification leaves the lab; the copies' own notifications mark their writes).
    /// </summary>
    public Action<string, string, long>? OnDelivery { get; set; }

    /// <summary>Sends a lifecycle notification for every subscription; subscriptionRemoved removes them first, as Exchange does.</summary>
    public async Task SendLifecycleAsync(string lifecycleEvent)
    {
        foreach (var hook in _hooks.Values.ToList())
        {
            if (lifecycleEvent == "subscriptionRemoved")
            {
                _hooks.TryRemove(hook.Id, out _);
            }

            var value = new JsonObject
            {
                ["subscriptionId"] = hook.Id,
                ["subscriptionExpirationDateTime"] = hook.Expiration.ToString("o", CultureInfo.InvariantCulture),
                ["lifecycleEvent"] = lifecycleEvent,
                ["clientState"] = hook.ClientState,
                ["tenantId"] = "00000000-0000-0000-0000-000000000000",
            };
            await PostAsync(hook.LifecycleUrl ?? hook.NotificationUrl, value).ConfigureAwait(false);
        }
    }

    /// <summary>/subscriptions requests (outside the store lock: validation calls the subscriber back).</summary>
    internal async Task<GraphResult> HandleAsync(GraphRequest request, LabContext lab)
    {
        var s = request.Segments;
        switch (request.Method, s.Count)
        {
            case ("POST", 1):
                return await CreateAsync(request, lab).ConfigureAwait(false);
            case ("GET", 1):
                return GraphResult.Ok(new JsonObject { ["value"] = new JsonArray(_hooks.Values.Select(h => (JsonNode?)h.Render()).ToArray()) });
            case ("GET", 2):
                return _hooks.TryGetValue(s[1], out var found) ? GraphResult.Ok(found.Render()) : GraphResult.NotFound("The subscription");
            case ("PATCH", 2):
                if (!_hooks.TryGetValue(s[1], out var hook))
                {
                    return GraphResult.Error(404, "ResourceNotFound", "The object was not found.");
                }

                if (!DateTimeOffset.TryParse((string?)request.Body?["expirationDateTime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var wanted))
                {
                    return GraphResult.BadRequest("expirationDateTime is required.");
                }

                hook.Expiration = Cap(wanted);
                Interlocked.Increment(ref _renewals);
                return GraphResult.Ok(hook.Render());
            case ("DELETE", 2):
                return _hooks.TryRemove(s[1], out _) ? GraphResult.NoContent() : GraphResult.Error(404, "ResourceNotFound", "The object was not found.");
            default:
                return GraphResult.Error(405, "MethodNotAllowed", "Only GET, POST, PATCH and DELETE are allowed here.");
        }
    }

    /// <summary>Delivers the store's changes to the subscribers of the folders they happened in (fire and forget, as Graph does).</summary>
    internal void Publish(IReadOnlyList<StoreEvent> events, LabStore store)
    {
        if (_hooks.IsEmpty)
        {
            return;
        }

        foreach (var e in events.Where(e => e.ItemId is not null))
        {
            var folder = store.Folder(e.ParentFolderId);
            foreach (var hook in _hooks.Values.Where(h => h.Owner == e.Owner && (h.FolderId == e.ParentFolderId || (h.FolderId is null && folder?.ElementName == h.FolderElement))))
            {
                var value = new JsonObject
                {
                    ["subscriptionId"] = hook.Id,
                    ["subscriptionExpirationDateTime"] = hook.Expiration.ToString("o", CultureInfo.InvariantCulture),
                    ["changeType"] = e.Kind switch { StoreEventKind.Created => "created", StoreEventKind.Deleted => "deleted", _ => "updated" },
                    ["resource"] = hook.Resource + "/" + GraphIds.FromStore(e.ItemId!),
                    ["resourceData"] = new JsonObject { ["id"] = GraphIds.FromStore(e.ItemId!) },
                    ["clientState"] = hook.ClientState,
                    ["tenantId"] = "00000000-0000-0000-0000-000000000000",
                };
                OnDelivery?.Invoke(hook.Owner, (string)value["changeType"]!, System.Diagnostics.Stopwatch.GetTimestamp());
                _ = PostAsync(hook.NotificationUrl, value);
            }
        }
    }

    private async Task<GraphResult> CreateAsync(GraphRequest request, LabContext lab)
    {
        var body = request.Body;
        var notificationUrl = (string?)body?["notificationUrl"];
        var resource = ((string?)body?["resource"])?.Trim('/');
        if (notificationUrl is null || !Uri.TryCreate(notificationUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && !url.IsLoopback))
        {
            return GraphResult.BadRequest("notificationUrl must be an https URL (http only on loopback, for the lab).");
        }

        if (resource is null || !DateTimeOffset.TryParse((string?)body?["expirationDateTime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var wanted))
        {
            return GraphResult.BadRequest("resource and expirationDateTime are required.");
        }

        var (owner, folderId, element, error) = Target(resource, lab);
        if (error is not null)
        {
            return GraphResult.BadRequest(error);
        }

        var lifecycleUrl = (string?)body?["lifecycleNotificationUrl"];
        foreach (var target in new[] { notificationUrl, lifecycleUrl }.OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if (!await ValidatesAsync(target).ConfigureAwait(false))
            {
                return GraphResult.BadRequest("Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.");
            }
        }

        var hook = new Hook(Guid.NewGuid().ToString(), resource, owner!, folderId, element, notificationUrl, lifecycleUrl, (string?)body?["clientState"], (string?)body?["changeType"] ?? "created,updated,deleted")
        {
            Expiration = Cap(wanted),
        };
        _hooks[hook.Id] = hook;
        return GraphResult.Created(hook.Render());
    }

    /// <summary>Which folder a resource names: contactFolders/{id}/contacts, todo/lists/{id}/tasks, or a mailbox's events.</summary>
    private static (string? Owner, string? FolderId, string? Element, string? Error) Target(string resource, LabContext lab)
    {
        var (s, _) = GraphRequest.SplitUrl(resource);
        if (s.Count < 3 || !s[0].Equals("users", StringComparison.OrdinalIgnoreCase))
        {
            return (null, null, null, $"Resource '{resource}' is not supported by the lab's change notifications.");
        }

        if (lab.Store.FindMailbox(s[1]) is not { } mailbox)
        {
            return (null, null, null, "The requested user '" + s[1] + "' is invalid.");
        }

        using (StoreLocks.For(lab.Store, mailbox.Address))
        {
            var scope = new GraphScope(lab.Store, mailbox, new GraphRequest("GET", s, new Dictionary<string, string>(), null, null, null, ""), new GraphFaults());
            return s switch
            {
                [_, _, var c, var id, var items] when Is(c, "contactFolders") && Is(items, "contacts") && scope.ContactFolder(id) is { } f => (mailbox.Address, f.Id, null, null),
                [_, _, var c] when Is(c, "contacts") => (mailbox.Address, scope.DefaultContacts.Id, null, null),
                [_, _, var e] when Is(e, "events") => (mailbox.Address, null, "CalendarFolder", null),
                [_, _, var c, var id, var e] when Is(c, "calendars") && Is(e, "events") && scope.Calendar(id) is { } f => (mailbox.Address, f.Id, null, null),
                [_, _, var t, var l, var id, var tasks] when Is(t, "todo") && Is(l, "lists") && Is(tasks, "tasks") && scope.TaskList(id) is { } f => (mailbox.Address, f.Id, null, null),
                _ => (null, null, null, $"Resource '{resource}' is not supported by the lab's change notifications."),
            };
        }
    }

    private static async Task<bool> ValidatesAsync(string target)
    {
        var token = "lab-validation-" + Guid.NewGuid().ToString("N");
        var separator = target.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        try
        {
            using var response = await Http.PostAsync(target + separator + "validationToken=" + Uri.EscapeDataString(token), content: null).ConfigureAwait(false);
            return response.IsSuccessStatusCode
                && response.Content.Headers.ContentType?.MediaType == "text/plain"
                && await response.Content.ReadAsStringAsync().ConfigureAwait(false) == token;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    private async Task PostAsync(string target, JsonObject notification)
    {
        var payload = new JsonObject { ["value"] = new JsonArray(notification) }.ToJsonString();
        try
        {
            using var content = new StringContent(payload, Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await Http.PostAsync(target, content).ConfigureAwait(false);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref _delivered);
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // Graph retries for hours and then drops; the subscriber's delta catches up either way.
        }
    }

    private DateTimeOffset Cap(DateTimeOffset wanted)
    {
        var max = _time.GetUtcNow() + MaxLifetime;
        return wanted > max ? max : wanted;
    }

    private static bool Is(string segment, string name) => string.Equals(segment, name, StringComparison.OrdinalIgnoreCase);

    private sealed record Hook(string Id, string Resource, string Owner, string? FolderId, string? FolderElement, string NotificationUrl, string? LifecycleUrl, string? ClientState, string ChangeType)
    {
        public DateTimeOffset Expiration { get; set; }

        public JsonObject Render() => new()
        {
            ["id"] = Id,
            ["resource"] = Resource,
            ["changeType"] = ChangeType,
            ["notificationUrl"] = NotificationUrl,
            ["lifecycleNotificationUrl"] = LifecycleUrl,
            ["clientState"] = ClientState,
            ["expirationDateTime"] = Expiration.ToString("o", CultureInfo.InvariantCulture),
        };
    }
}
