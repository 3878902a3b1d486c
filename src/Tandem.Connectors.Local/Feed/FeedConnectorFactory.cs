using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Local.Feed;

/// <summary>Connections of type <c>feed</c>: an http(s) iCalendar or vCard feed, read-only. No secrets.</summary>
public sealed class FeedConnectorFactory(TimeProvider? time = null, HttpClient? http = null) : IConnectorFactory
{
    public const string Type = "feed";

    public bool Supports(string connectionType) => string.Equals(connectionType, Type, StringComparison.OrdinalIgnoreCase);

    public IConnector Create(ConnectionDefinition connection, IReadOnlyDictionary<string, string> secrets)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var settings = FeedSettings.From(connection);
        return http is null
            ? new FeedConnector(connection, settings, new HttpClient { Timeout = TimeSpan.FromMinutes(2) }, ownsHttp: true, time ?? TimeProvider.System)
            : new FeedConnector(connection, settings, http, ownsHttp: false, time ?? TimeProvider.System);
    }
}
