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

    /// <summary>
    /// Discovers the connection's principal and homes (whatever it stored before is asked afresh) and returns them as
    /// settings to store with it, so a run goes straight to its collections (<c>connection add</c> keeps them).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> DiscoverSettingsAsync(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(secrets);
        var settings = DavSettings.From(connection) with { Homes = null };
        await using var connector = new DavConnector(connection, settings, secrets.GetValueOrDefault(DavSettings.PasswordSecret), time ?? TimeProvider.System);
        return DavSettings.Of(await connector.DiscoverAsync(cancellationToken).ConfigureAwait(false));
    }
}
