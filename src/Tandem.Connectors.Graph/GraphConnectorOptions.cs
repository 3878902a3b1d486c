using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Tandem.Connectors.Graph;

internal sealed record GraphConnectorOptions
{
    public ILoggerFactory Logging { get; init; } = NullLoggerFactory.Instance;

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Where this factory's webhook subscriptions receive their notifications.</summary>
    public GraphNotificationHub Notifications { get; init; } = new();

    /// <summary>The handler under the SDK's middleware (tests count or fault requests there); null: a plain socket handler.</summary>
    public HttpMessageHandler? FinalHandler { get; init; }
}
