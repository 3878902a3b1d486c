namespace Tandem.Connectors.Graph.Sessions;

/// <summary>Where a connection's webhooks go: the URL Graph posts to, and the hub that receives what arrives there.</summary>
internal sealed record WebhookTarget(GraphNotificationHub Hub, Uri Url);
