using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Tandem.Connectors.Ews;
using Tandem.Core.Groups;
using Tandem.Service.Runtime;
using Tandem.State;

namespace Tandem.Service.Attendant;

/// <summary>
/// Watches each Exchange connection set up by Autodiscover, as CodeTwo's Attendant did: when the service reports a
/// member of it failing with a connection error and the cached result is over an hour old (or the cache is a week old),
/// Autodiscover runs again. A new URL is written into the connection (the service sees the change and reconnects,
/// resuming from its sync states, without a restart); if Autodiscover fails, the old URL is kept. Connections with a
/// manual URL are left alone.
/// </summary>
internal sealed class ConnectionWatch(IStateStore store, EwsConnectorFactory ews, AttendantSettings settings, TimeProvider time, ILogger logger)
{
    public async Task CheckAsync(CancellationToken ct)
    {
        var failing = await FailingConnectionsAsync(ct).ConfigureAwait(false);
        foreach (var connection in await store.ListConnectionsAsync(ct).ConfigureAwait(false))
        {
            if (!ews.Supports(connection.Type) || connection.Setting(EwsSettingKeys.Url) is not null) continue;
            var at = connection.Setting(ConnectionSettings.DiscoveredAt) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed) ? parsed : (DateTimeOffset?)null;
            var now = time.GetUtcNow();
            var broken = failing.TryGetValue(connection.Name, out var error);
            if (!RediscoveryRule.Due(now, at, broken, settings.RediscoverAfter, settings.CacheFor)) continue;
            AttendantLog.Rediscovering(logger, connection.Name, broken ? error! : at is null ? "no cached result" : "cached result is a week old");
            await RediscoverAsync(connection, now, ct).ConfigureAwait(false);
        }
    }

    private async Task RediscoverAsync(ConnectionDefinition connection, DateTimeOffset now, CancellationToken ct)
    {
        var old = connection.Setting(ConnectionSettings.DiscoveredUrl);
        Uri? url;
        try
        {
            url = await ews.DiscoverAsync(connection, await store.GetSecretsAsync(connection.Name, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            AttendantLog.DiscoveryFailed(logger, connection.Name, e.Message.ReplaceLineEndings(" "), old ?? "the URL in use");
            return;
        }
        if (url is null) return;
        var settingsNow = connection.Settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        settingsNow[ConnectionSettings.DiscoveredUrl] = url.ToString();
        settingsNow[ConnectionSettings.DiscoveredAt] = now.ToString("O", CultureInfo.InvariantCulture);
        await store.UpdateConnectionAsync(connection with { Settings = settingsNow }, null, ct).ConfigureAwait(false);
        if (string.Equals(old, url.ToString(), StringComparison.Ordinal)) AttendantLog.Confirmed(logger, connection.Name, url.ToString());
        else AttendantLog.Switched(logger, connection.Name, old ?? "(not recorded)", url.ToString());
    }

    /// <summary>Connections with a member failing with an error that calls for Autodiscover, from the services' heartbeats.</summary>
    private async Task<Dictionary<string, string>> FailingConnectionsAsync(CancellationToken ct)
    {
        var failing = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var beat in await store.ReadHeartbeatsAsync(ct).ConfigureAwait(false))
        {
            try
            {
                using var status = JsonDocument.Parse(beat.StatusJson);
                if (status.RootElement.TryGetProperty("connections", out var connections) && connections.ValueKind == JsonValueKind.Array)
                {
                    foreach (var c in connections.EnumerateArray())
                    {
                        var name = c.TryGetProperty("connection", out var n) ? n.GetString() : null;
                        var code = c.TryGetProperty("failing", out var f) ? f.GetString() : null;
                        if (name is not null && code is not null && FailoverErrors.CallsForAutodiscover(code)) failing.TryAdd(name, code);
                    }
                }
                if (!status.RootElement.TryGetProperty("groups", out var groups) || groups.ValueKind != JsonValueKind.Array) continue;
                foreach (var group in groups.EnumerateArray())
                {
                    if (!group.TryGetProperty("failing", out var members) || members.ValueKind != JsonValueKind.Array) continue;
                    foreach (var member in members.EnumerateArray())
                    {
                        var connection = member.TryGetProperty("connection", out var c) ? c.GetString() : null;
                        var error = member.TryGetProperty("error", out var e) ? e.GetString() : null;
                        if (connection is not null && error is not null && FailoverErrors.CallsForAutodiscover(error)) failing.TryAdd(connection, error);
                    }
                }
            }
            catch (JsonException)
            {
                // a heartbeat from another version: nothing to learn from it
            }
        }
        return failing;
    }
}
