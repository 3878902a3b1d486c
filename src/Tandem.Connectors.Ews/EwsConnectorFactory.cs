using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Ews;

/// <summary>Builds "ews" connectors. Setting keys and secrets: <see cref="EwsSettingKeys"/>.</summary>
public sealed class EwsConnectorFactory : IConnectorFactory, IConnectionTester
{
    private EwsConnectorOptions _options;

    public EwsConnectorFactory(ILoggerFactory? logging = null, TimeProvider? time = null)
    {
        _options = new EwsConnectorOptions
        {
            Logging = logging ?? NullLoggerFactory.Instance,
            Time = time ?? TimeProvider.System,
        };
    }

    internal EwsConnectorFactory(EwsConnectorOptions options) => _options = options;

    /// <summary>
    /// One node of several: the connectors made from here on keep to this node's <paramref name="share"/> of each server's
    /// concurrency limit (called by the service before it opens any connection).
    /// </summary>
    public void ShareLimits(LimitShare share) => _options = _options with { Gates = new Protocol.ServerGateRegistry(share) };

    public bool Supports(string connectionType) =>
        string.Equals(connectionType, EwsSettingKeys.ConnectionType, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Runs Autodiscover afresh for a connection set up by Autodiscover and returns the EWS URL it gives now (the
    /// attendant's failover check); null for a connection with a manual URL, which is left alone.
    /// </summary>
    public async Task<Uri?> DiscoverAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var connector = new EwsConnector(connection, secrets, _options);
        return await connector.DiscoverAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<CheckLocation> LocateAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var connector = new EwsConnector(connection, secrets, _options);
        return await connector.LocateAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<CheckStep>> CheckAccessAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, Uri? endpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // the endpoint just located is used as is: Autodiscover is not asked a second time
        var located = endpoint is null ? connection : connection with { Settings = new Dictionary<string, string>(connection.Settings) { [EwsSettingKeys.Url] = endpoint.ToString() } };
        await using var connector = new EwsConnector(located, secrets, _options);
        return await connector.CheckAccessAsync(cancellationToken).ConfigureAwait(false);
    }

    public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets)
    {
        if (!Supports(connection.Type)) throw new ArgumentException($"connection '{connection.Name}' is of type '{connection.Type}', not ews");
        return new EwsConnector(connection, secrets, _options, Health(connection.Name));
    }

    /// <summary>
    /// Whether the server of connection <paramref name="connectionName"/> answers, as seen by every connector this factory
    /// made for it (requests and streaming connections): the attendant's signal to run Autodiscover again.
    /// </summary>
    public EwsConnectionHealth Health(string connectionName) =>
        _health.GetOrAdd(connectionName, name => new EwsConnectionHealth(name));

    /// <summary>The health of every connection this factory has made connectors for.</summary>
    public IReadOnlyCollection<EwsConnectionHealth> AllHealth => [.. _health.Values];

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, EwsConnectionHealth> _health = new(StringComparer.OrdinalIgnoreCase);
}
