using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Graph;

/// <summary>Builds "graph" connectors. Setting keys and secrets: <see cref="GraphSettingKeys"/>.</summary>
public sealed class GraphConnectorFactory : IConnectorFactory
{
    private readonly GraphConnectorOptions _options;

    public GraphConnectorFactory(ILoggerFactory? logging = null, TimeProvider? time = null)
    {
        _options = new GraphConnectorOptions { Logging = logging ?? NullLoggerFactory.Instance, Time = time ?? TimeProvider.System };
    }

    internal GraphConnectorFactory(GraphConnectorOptions options) => _options = options;

    /// <summary>The webhook notifications of every connector this factory made; the service's endpoint hands POSTs to it.</summary>
    public GraphNotificationHub Notifications => _options.Notifications;

    public bool Supports(string connectionType) => string.Equals(connectionType, GraphSettingKeys.ConnectionType, StringComparison.OrdinalIgnoreCase);

    public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets)
    {
        if (!Supports(connection.Type)) throw new ArgumentException($"connection '{connection.Name}' is of type '{connection.Type}', not graph");
        return new GraphConnector(connection, secrets, _options);
    }
}
