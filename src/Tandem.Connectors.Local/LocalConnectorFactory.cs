using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Local;

/// <summary>Connections of type <c>local</c>: directories of .vcf/.ics files. No secrets.</summary>
public sealed class LocalConnectorFactory(TimeProvider? time = null) : IConnectorFactory
{
    public const string Type = "local";

    public bool Supports(string connectionType) => string.Equals(connectionType, Type, StringComparison.OrdinalIgnoreCase);

    public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets) =>
        new LocalConnector(connection, LocalSettings.From(connection), time ?? TimeProvider.System);
}
