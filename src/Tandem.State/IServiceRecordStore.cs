namespace Tandem.State;

/// <summary>
/// One running service's sign of life: written by <c>tandem serve</c> every few seconds, read by the attendant (is
/// it alive, or hung?) and by <c>tandem status</c>. <see cref="StatusJson"/> is the service's own summary of its
/// groups (last cycle, result, failing members); the store keeps it opaque.
/// </summary>
public sealed record ServiceHeartbeat(string Node, int ProcessId, DateTimeOffset At, DateTimeOffset Started, string StatusJson);

/// <summary>Where services record that they are alive; one row per node, replaced on every beat.</summary>
public interface IServiceRecordStore
{
    Task WriteHeartbeatAsync(ServiceHeartbeat heartbeat, CancellationToken cancellationToken);

    Task<IReadOnlyList<ServiceHeartbeat>> ReadHeartbeatsAsync(CancellationToken cancellationToken);

    /// <summary>A service-wide setting changed in the panel or the API (<see cref="ServiceSettingKeys"/>); null when not set.</summary>
    Task<string?> GetServiceSettingAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores a service-wide setting; null removes it (the service's own default applies again).</summary>
    Task SetServiceSettingAsync(string key, string? value, CancellationToken cancellationToken);
}
