using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Core.Groups;
using Tandem.Engine;
using Tandem.Engine.Probes;
using Tandem.Panel.Security;
using Tandem.Service.Runtime;
using Tandem.State;

namespace Tandem.Panel;

/// <summary>
/// The panel's connection test: the engine's <see cref="ConnectionProbe"/> (Autodiscover, DNS, TCP, TLS, sign-in,
/// impersonation, server version), with the EWS factory's own tester; other types are opened and listed.
/// </summary>
public sealed class ConnectionTesting(IServiceProvider services, IStateStore store, AuditTrail audit)
{
    public async Task<ConnectionTestResult> TestStoredAsync(HttpContext http, string name, CancellationToken ct)
    {
        var result = await Probe().TestAsync(store, name, ct).ConfigureAwait(false);
        await audit.RecordAsync(http, "connection.test", name, result.Ok ? "ok" : "failed", result.Failed is { } f ? f.Name + ": " + f.Detail : null).ConfigureAwait(false);
        return result;
    }

    public Task<ConnectionTestResult> TestAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken ct) =>
        Probe().TestAsync(connection, secrets, ct);

    private ConnectionProbe Probe()
    {
        var context = services.GetRequiredService<RunnerContext>();
        var registry = new ConnectorRegistry();
        registry.Add(context.Pool);
        // the last factory added wins: EWS connections are tested by the EWS factory itself, step by step
        registry.Add(new Connectors.Ews.EwsConnectorFactory(time: context.Time));
        return new ConnectionProbe(registry, context.Time);
    }
}
