using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Dav;

/// <summary>Connections of type <c>dav</c>: CalDAV/CardDAV servers. Settings: url, user, vcard; secret: password.</summary>
public sealed class DavConnectorFactory(TimeProvider? time = null) : IConnectorFactory
{
    public const string Type = "dav";

    public bool Supports(string connectionType) => string.Equals(connectionType, Type, StringComparison.OrdinalIgnoreCase);

    public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(secrets);
        if (!Supports(connection.Type)) throw new ArgumentException($"connection '{connection.Name}' is of type '{connection.Type}', not dav");
        return new DavConnector(connection, DavSettings.From(connection), secrets.GetValueOrDefault(DavSettings.PasswordSecret), time ?? TimeProvider.System);
    }
}
