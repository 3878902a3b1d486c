using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Tandem.Connectors.Graph.Sessions;

namespace Tandem.Connectors.Graph;

/// <summary>
/// Where Graph's change notifications arrive (the service's HTTP endpoint hands each POST here): the subscriptions of
/// every graph connector of one factory, by id. A notification whose clientState is not the one its subscription was made
/// with is refused as forged (and still answered 202, as Microsoft asks, so a forger learns nothing). The handshake that
/// proves the endpoint when a subscription is made is <see cref="ValidationResponse"/>.
/// </summary>
public sealed class GraphNotificationHub
{
    private readonly ConcurrentDictionary<string, GraphSubscription> _subscriptions = new(StringComparer.Ordinal);
    private long _accepted;
    private long _refused;

    /// <summary>Notifications (changes and lifecycle events) accepted so far.</summary>
    public long Accepted => Interlocked.Read(ref _accepted);

    /// <summary>Notifications refused: unknown subscription or wrong clientState.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>The subscriptions alive.</summary>
    public int Count => _subscriptions.Count;

    /// <summary>
    /// The validation handshake: Graph POSTs ?validationToken=… and wants it back, URL-decoded, as text/plain within
    /// 10 s. Null when the request is no validation (a notification).
    /// </summary>
    public static string? ValidationResponse(string? validationToken) => string.IsNullOrEmpty(validationToken) ? null : validationToken;

    /// <summary>Reads one notification POST (a batch of notifications, maybe for several subscriptions) and acts on each.</summary>
    public async Task ReceiveAsync(Stream body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonDocument json;
        try
        {
            json = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            Interlocked.Increment(ref _refused);
            return;
        }

        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("value", out var value) || value.ValueKind != JsonValueKind.Array)
            {
                Interlocked.Increment(ref _refused);
                return;
            }

            foreach (var n in value.EnumerateArray())
            {
                var id = Text(n, "subscriptionId");
                if (id is null || !_subscriptions.TryGetValue(id, out var subscription) || !SameSecret(Text(n, "clientState"), subscription.ClientState))
                {
                    Interlocked.Increment(ref _refused);
                    continue;
                }

                Interlocked.Increment(ref _accepted);
                if (Text(n, "lifecycleEvent") is { } lifecycle)
                {
                    subscription.OnLifecycle(lifecycle);
                }
                else
                {
                    subscription.OnChange();
                }
            }
        }
    }

    internal void Add(GraphSubscription subscription) => _subscriptions[subscription.Id] = subscription;

    internal void Remove(string id) => _subscriptions.TryRemove(id, out _);

    private static bool SameSecret(string? given, string expected) =>
        given is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(expected));

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
