using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.State;

namespace Tandem.Engine;

/// <summary>The connector factories this process knows; the engine opens connections through it.</summary>
public sealed class ConnectorRegistry
{
    private readonly List<IConnectorFactory> _factories = [];

    public void Add(IConnectorFactory factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        lock (_factories) _factories.Add(factory);
    }

    public bool Supports(string connectionType)
    {
        lock (_factories) return _factories.Any(f => f.Supports(connectionType));
    }

    /// <summary>The factory that opens connections of this type (the last one added wins), or null.</summary>
    public IConnectorFactory? FactoryFor(string connectionType)
    {
        lock (_factories) return _factories.LastOrDefault(f => f.Supports(connectionType));
    }

    /// <summary>Builds the connector for a connection; unknown types are a configuration error.</summary>
    public IConnector Open(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets)
    {
        IConnectorFactory? factory;
        lock (_factories) factory = _factories.LastOrDefault(f => f.Supports(connection.Type));
        if (factory is null)
            throw new TandemConfigurationException($"connection '{connection.Name}' has type '{connection.Type}', which this tandem cannot open");
        return factory.Create(connection, secrets);
    }
}
