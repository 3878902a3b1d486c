using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tandem.Connectors.Graph;
using Tandem.Core.Connectors;

namespace Tandem.Service.Notifications;

/// <summary>
/// POST /graph/notifications: where Graph delivers the webhooks of graph connections that have a notification URL (that
/// URL, published over HTTPS, leads here). A POST with ?validationToken= is the handshake of a new subscription and
/// gets the token back as text/plain; any other POST is a batch of notifications for the hubs, answered 202 at once
/// (Graph wants an answer within 3 s; the work is a signal to the group, done later).
/// </summary>
public static class GraphNotificationEndpoint
{
    public const string Path = "/graph/notifications";

    public static IEndpointRouteBuilder MapGraphNotifications(this IEndpointRouteBuilder app, IEnumerable<IConnectorFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(app);
        var hubs = factories.OfType<GraphConnectorFactory>().Select(f => f.Notifications).ToList();
        if (hubs.Count == 0) return app;
        app.MapPost(Path, async (HttpContext http) =>
        {
            if (GraphNotificationHub.ValidationResponse(http.Request.Query["validationToken"].ToString()) is { } token)
            {
                return Results.Text(token, "text/plain");
            }

            // One body, several hubs (one per factory; the service has one): buffer it so each can read it.
            using var body = new MemoryStream();
            await http.Request.Body.CopyToAsync(body, http.RequestAborted).ConfigureAwait(false);
            foreach (var hub in hubs)
            {
                body.Position = 0;
                await hub.ReceiveAsync(body, http.RequestAborted).ConfigureAwait(false);
            }

            return Results.StatusCode(StatusCodes.Status202Accepted);
        });
        return app;
    }
}
