namespace Tandem.State.Postgres;

/// <summary>Service heartbeats (<see cref="IServiceRecordStore"/>).</summary>
internal sealed partial class PostgresStore
{
    public Task WriteHeartbeatAsync(ServiceHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        return InTransactionAsync((c, tx) => ExecuteAsync(c, tx,
            "INSERT INTO service_heartbeats(node, pid, at, started, status) VALUES (@n, @p, @a, @s, @j) " +
            "ON CONFLICT(node) DO UPDATE SET pid = excluded.pid, at = excluded.at, started = excluded.started, status = excluded.status", cancellationToken,
            ("n", heartbeat.Node), ("p", heartbeat.ProcessId), ("a", heartbeat.At.ToUniversalTime()), ("s", heartbeat.Started.ToUniversalTime()), ("j", heartbeat.StatusJson)), cancellationToken);
    }

    public Task<IReadOnlyList<ServiceHeartbeat>> ReadHeartbeatsAsync(CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<ServiceHeartbeat>>(async (c, tx) =>
        {
            await using var select = Command(c, tx, "SELECT node, pid, at, started, status FROM service_heartbeats ORDER BY node COLLATE \"C\"");
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var beats = new List<ServiceHeartbeat>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                beats.Add(new ServiceHeartbeat(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3), reader.GetString(4)));
            return beats;
        }, cancellationToken);

    public Task<string?> GetServiceSettingAsync(string key, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) => await ScalarAsync(c, tx, "SELECT value FROM service_settings WHERE key = @k", cancellationToken, ("k", key)).ConfigureAwait(false) as string, cancellationToken);

    public Task SetServiceSettingAsync(string key, string? value, CancellationToken cancellationToken) =>
        InTransactionAsync((c, tx) => value is null
            ? ExecuteAsync(c, tx, "DELETE FROM service_settings WHERE key = @k", cancellationToken, ("k", key))
            : ExecuteAsync(c, tx, "INSERT INTO service_settings(key, value) VALUES (@k, @v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", cancellationToken, ("k", key), ("v", value)),
            cancellationToken);
}
