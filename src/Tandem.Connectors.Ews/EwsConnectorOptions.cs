using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Connectors.Ews.Autodiscover;
using Tandem.Connectors.Ews.Notifications;
using Tandem.Connectors.Ews.Protocol;

namespace Tandem.Connectors.Ews;

/// <summary>The seams of the connector: transport, clock, logging, DNS (tests replace them).</summary>
internal sealed record EwsConnectorOptions
{
    public HttpMessageHandler? Handler { get; init; }
    public TimeProvider Time { get; init; } = TimeProvider.System;
    public ILoggerFactory Logging { get; init; } = NullLoggerFactory.Instance;
    public Action<string>? OnRequest { get; init; }
    public ServerGateRegistry Gates { get; init; } = ServerGateRegistry.Shared;
    public ISrvResolver Srv { get; init; } = new UdpSrvResolver();
    public TimeSpan DefaultBackOff { get; init; } = TimeSpan.FromSeconds(5);
    public StreamingOptions Streaming { get; init; } = new();
}
