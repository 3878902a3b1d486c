using System.Globalization;

namespace Tandem.State.Sqlite;

/// <summary>Service heartbeats (<see cref="IServiceRecordStore"/>).</summary>
internal sealed partial class SqliteStore
{
    public Task WriteHeartbeatAsync(ServiceHeartbeat heartbeat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        return InTransactionAsync(tx =>
        {
            using var upsert = Command(tx,
                "INSERT INTO service_heartbeats(node, pid, at, started, status) VALUES ($n, $p, $a, $s, $j) " +
                "ON CONFLICT(node) DO UPDATE SET pid = excluded.pid, at = excluded.at, started = excluded.started, status = excluded.status",
                ("$n", heartbeat.Node), ("$p", heartbeat.ProcessId), ("$a", Time(heartbeat.At)), ("$s", Time(heartbeat.Started)), ("$j", heartbeat.StatusJson));
            upsert.ExecuteNonQuery();
            return 0;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ServiceHeartbeat>> ReadHeartbeatsAsync(CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<ServiceHeartbeat>>(tx =>
        {
            using var select = Command(tx, "SELECT node, pid, at, started, status FROM service_heartbeats ORDER BY node");
            using var reader = select.ExecuteReader();
            var beats = new List<ServiceHeartbeat>();
            while (reader.Read())
                beats.Add(new ServiceHeartbeat(reader.GetString(0), reader.GetInt32(1), Parse(reader.GetString(2)), Parse(reader.GetString(3)), reader.GetString(4)));
            return beats;
        }, cancellationToken);

    public Task<string?> GetServiceSettingAsync(string key, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            using var select = Command(tx, "SELECT value FROM service_settings WHERE key = $k", ("$k", key));
            return select.ExecuteScalar() as string;
        }, cancellationToken);

    public Task SetServiceSettingAsync(string key, string? value, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            using var change = value is null
                ? Command(tx, "DELETE FROM service_settings WHERE key = $k", ("$k", key))
                : Command(tx, "INSERT INTO service_settings(key, value) VALUES ($k, $v) ON CONFLICT(key) DO UPDATE SET value = excluded.value", ("$k", key), ("$v", value));
            change.ExecuteNonQuery();
        }, cancellationToken);

    private static string Time(DateTimeOffset at) => at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
}
