using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// One webhook subscription to a folder's changes. Made with a fresh random clientState (checked on every notification
/// by the hub) and the same URL for lifecycle notifications (which can only be set at creation). The expiry is whatever
/// Graph granted in its answer — never assumed — and the subscription is renewed at half its remaining life, also
/// from the answer; one Graph no longer knows (404) is made again. Lifecycle: reauthorizationRequired renews now;
/// missed and subscriptionRemoved (made again first) make the folder's next read a whole new delta round (reconciled by
/// ids and stamps, so nothing is duplicated), and wake the group.
/// </summary>
internal sealed partial class GraphSubscription : IAsyncDisposable
{
    /// <summary>What Tandem asks for: the longest lifetime Microsoft documents for Outlook resources (Graph may grant less).</summary>
    public static readonly TimeSpan RequestedLifetime = TimeSpan.FromMinutes(4230);

    private readonly GraphContext _graph;
    private readonly GraphNotificationHub _hub;
    private readonly Uri _url;
    private readonly string _resource;
    private readonly Action _onChange;
    private readonly Action _resync;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private CancellationTokenSource? _wake;
    private Task _loop = Task.CompletedTask;

    private GraphSubscription(GraphContext graph, GraphNotificationHub hub, Uri url, string resource, Action onChange, Action resync, ILogger logger)
    {
        _graph = graph;
        _hub = hub;
        _url = url;
        _resource = resource;
        _onChange = onChange;
        _resync = resync;
        _logger = logger;
    }

    public string Id { get; private set; } = "";

    public string ClientState { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public DateTimeOffset Expiration { get; private set; }

    public static async Task<GraphSubscription> StartAsync(GraphContext graph, GraphNotificationHub hub, Uri url, string resource, Action onChange, Action resync, ILogger logger, CancellationToken cancellationToken)
    {
        var subscription = new GraphSubscription(graph, hub, url, resource, onChange, resync, logger);
        await subscription.CreateAsync(cancellationToken).ConfigureAwait(false);
        subscription._loop = subscription.RenewLoopAsync();
        return subscription;
    }

    public void OnChange() => _onChange();

    public void OnLifecycle(string lifecycleEvent)
    {
        Lifecycle(_logger, _resource, lifecycleEvent);
        switch (lifecycleEvent)
        {
            case "reauthorizationRequired":
                try
                {
                    _wake?.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // the loop is renewing already
                }

                break;
            case "subscriptionRemoved":
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await RecreateAsync(_stop.Token).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Failed(_logger, _resource, e.Message);
                    }
                });
                break;
            default: // missed, and whatever Graph adds: read everything again
                _resync();
                _onChange();
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _hub.Remove(Id);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _graph.Client.Subscriptions[Id].DeleteAsync(cancellationToken: timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ODataError or HttpRequestException or OperationCanceledException)
        {
            // It expires on its own.
        }

        _stop.Dispose();
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        var created = await _graph.Client.Subscriptions.PostAsync(new Subscription
        {
            ChangeType = "created,updated,deleted",
            NotificationUrl = _url.ToString(),
            LifecycleNotificationUrl = _url.ToString(),
            Resource = _resource,
            ExpirationDateTime = _graph.Time.GetUtcNow() + RequestedLifetime,
            ClientState = ClientState,
        }, rc => GraphContext.Prefer(rc.Headers), cancellationToken).ConfigureAwait(false);
        Id = created?.Id ?? throw new InvalidOperationException("Graph answered a new subscription without its id");
        Expiration = created.ExpirationDateTime ?? throw new InvalidOperationException("Graph answered a new subscription without its expiry");
        _hub.Add(this);
        Subscribed(_logger, _resource, Id, Expiration);
    }

    private async Task RecreateAsync(CancellationToken cancellationToken)
    {
        _hub.Remove(Id);
        await CreateAsync(cancellationToken).ConfigureAwait(false);
        // Whatever happened while there was no subscription is read by a whole new delta round.
        _resync();
        _onChange();
    }

    private async Task RenewLoopAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            var now = _graph.Time.GetUtcNow();
            var wait = (Expiration - now) / 2;
            using (var wake = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                _wake = wake;
                try
                {
                    await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, _graph.Time, wake.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    // reauthorizationRequired: renew now
                }

                _wake = null;
            }

            stop.ThrowIfCancellationRequested();
            try
            {
                var renewed = await _graph.Client.Subscriptions[Id].PatchAsync(new Subscription { ExpirationDateTime = _graph.Time.GetUtcNow() + RequestedLifetime }, rc => GraphContext.Prefer(rc.Headers), stop).ConfigureAwait(false);
                Expiration = renewed?.ExpirationDateTime ?? Expiration;
                Renewed(_logger, _resource, Expiration);
            }
            catch (ODataError e) when (e.ResponseStatusCode == 404)
            {
                await RecreateAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ODataError or HttpRequestException)
            {
                Failed(_logger, _resource, e.Message);
                // Tried again at half of what is left (the loop's next wait); delta polling covers the gap if it lapses.
            }
        }
    }

    [LoggerMessage(EventId = 2612, Level = LogLevel.Information, Message = "{Resource}: webhook subscription {Id} until {Expiration:o}")]
    private static partial void Subscribed(ILogger logger, string resource, string id, DateTimeOffset expiration);

    [LoggerMessage(EventId = 2613, Level = LogLevel.Debug, Message = "{Resource}: webhook subscription renewed until {Expiration:o}")]
    private static partial void Renewed(ILogger logger, string resource, DateTimeOffset expiration);

    [LoggerMessage(EventId = 2614, Level = LogLevel.Warning, Message = "{Resource}: lifecycle notification {Event}")]
    private static partial void Lifecycle(ILogger logger, string resource, string @event);

    [LoggerMessage(EventId = 2615, Level = LogLevel.Warning, Message = "{Resource}: webhook subscription could not be renewed or made again ({Reason}); delta polling covers the gap")]
    private static partial void Failed(ILogger logger, string resource, string reason);
}
