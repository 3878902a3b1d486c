using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.State;

namespace Tandem.Engine.Probes;

/// <summary>The outcome of a connection test: every step run, in order; <see cref="Ok"/> when all passed.</summary>
public sealed record ConnectionTestResult(string Connection, IReadOnlyList<CheckStep> Steps)
{
    public bool Ok => Steps.Count > 0 && Steps.All(s => s.Ok);

    /// <summary>The first step that failed, or null.</summary>
    public CheckStep? Failed => Steps.FirstOrDefault(s => !s.Ok);
}

/// <summary>
/// Tests a connection step by step (<c>tandem connection test</c>, <c>connection add</c>, the panel's test button): where
/// its server is (Autodiscover when the connection uses it), DNS, TCP, TLS, then what the connector checks (sign-in,
/// impersonation, the server's version). A connector that does not test itself (<see cref="IConnectionTester"/>) is
/// checked by opening the connection and listing its folders. The test stops at the first failed step.
/// </summary>
public sealed class ConnectionProbe(ConnectorRegistry registry, TimeProvider time)
{
    /// <summary>Tests a stored connection.</summary>
    public async Task<ConnectionTestResult> TestAsync(IConfigurationStore store, string name, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var connection = await store.GetConnectionAsync(name, ct).ConfigureAwait(false) ?? throw new TandemConfigurationException($"unknown connection '{name}'");
        return await TestAsync(connection, await store.GetSecretsAsync(name, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
    }

    /// <summary>Tests a connection that may not be stored yet.</summary>
    public async Task<ConnectionTestResult> TestAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var factory = registry.FactoryFor(connection.Type) ?? throw new TandemConfigurationException($"connection '{connection.Name}' has type '{connection.Type}', which this tandem cannot open");
        var tester = factory as IConnectionTester;
        var steps = new List<CheckStep>();
        CheckLocation location;
        try
        {
            location = tester is null ? Locate(connection) : await tester.LocateAsync(connection, secrets, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            location = new CheckLocation(null, [new CheckStep("settings", false, e.Message)]);
        }
        steps.AddRange(location.Steps);
        if (steps.Any(s => !s.Ok)) return new ConnectionTestResult(connection.Name, steps);
        if (location.Endpoint is { } endpoint && endpoint.Scheme is "http" or "https")
        {
            steps.AddRange(await NetworkProbe.RunAsync(endpoint, time, ct).ConfigureAwait(false));
            if (steps.Any(s => !s.Ok)) return new ConnectionTestResult(connection.Name, steps);
        }
        try
        {
            steps.AddRange(tester is null
                ? await ListFoldersAsync(connection, secrets, ct).ConfigureAwait(false)
                : await tester.CheckAccessAsync(connection, secrets, location.Endpoint, ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            steps.Add(new CheckStep("access", false, e.Message));
        }
        return new ConnectionTestResult(connection.Name, steps);
    }

    /// <summary>A connector that does not locate itself: its server is the http(s) URL of its settings, if any.</summary>
    private static CheckLocation Locate(ConnectionDefinition connection)
    {
        var url = connection.Setting("url") ?? connection.Setting("baseUrl");
        return url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? new CheckLocation(uri, [new CheckStep("endpoint", true, uri.ToString())])
            : new CheckLocation(null, []);
    }

    private async Task<IReadOnlyList<CheckStep>> ListFoldersAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken ct)
    {
        await using var connector = registry.Open(connection, secrets);
        var folders = await connector.ListFoldersAsync(null, ct).ConfigureAwait(false);
        return [new CheckStep("access", true, $"signed in and listed {folders.Count} folder{(folders.Count == 1 ? "" : "s")}")];
    }
}
