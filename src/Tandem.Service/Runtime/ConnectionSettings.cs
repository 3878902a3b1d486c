using System.Globalization;
using Tandem.Core.Groups;

namespace Tandem.Service.Runtime;

/// <summary>Connection settings the service and the attendant read, whatever the connection's type.</summary>
public static class ConnectionSettings
{
    /// <summary>Polling interval in seconds for folders of this connection that cannot notify.</summary>
    public const string PollSeconds = "pollSeconds";

    /// <summary>The EWS URL Autodiscover last returned (written by the attendant; informational for manual-URL-less connections).</summary>
    public const string DiscoveredUrl = "discoveredUrl";

    /// <summary>When Autodiscover last confirmed <see cref="DiscoveredUrl"/> (ISO 8601, UTC).</summary>
    public const string DiscoveredAt = "discoveredAt";

    public static TimeSpan PollInterval(ConnectionDefinition connection, TimeSpan fallback)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.Setting(PollSeconds) is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : fallback;
    }
}
