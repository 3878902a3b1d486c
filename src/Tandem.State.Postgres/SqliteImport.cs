using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Tandem.State.Postgres;

/// <summary>One table's rows in the source and (after a copy) in the target.</summary>
public sealed record TableCount(string Table, long Source, long? Target)
{
    public bool Matches => Target == Source;
}

/// <summary>
/// <c>tandem migrate --to postgres://…</c>: copies an SQLite state into an empty PostgreSQL database, table by table with
/// binary COPY in one transaction (all or nothing), then counts every table on both sides. The tables have the same keys
/// and blobs on both providers, so rows are copied as they are, except connection secrets: they are decrypted with the
/// SQLite key and encrypted again with the PostgreSQL store's key. Heartbeats are not copied (they describe processes). A table added to
/// the SQLite schema must be added here too.
/// </summary>
public static class SqliteImport
{
    private sealed record Column(string Name, NpgsqlDbType Type, bool Boolean = false);

    private static readonly (string Table, Column[] Columns)[] Tables =
    [
        ("connections", [new("name", NpgsqlDbType.Text), new("type", NpgsqlDbType.Text), new("settings", NpgsqlDbType.Text), new("secrets", NpgsqlDbType.Bytea)]),
        ("groups", [new("id", NpgsqlDbType.Bigint), new("name", NpgsqlDbType.Text), new("uid", NpgsqlDbType.Text), new("kind", NpgsqlDbType.Text),
            new("conflict", NpgsqlDbType.Text), new("priority", NpgsqlDbType.Text), new("threshold", NpgsqlDbType.Double), new("rules", NpgsqlDbType.Text),
            new("next_logical", NpgsqlDbType.Bigint), new("pause", NpgsqlDbType.Text), new("version", NpgsqlDbType.Bigint), new("converged", NpgsqlDbType.Boolean, true)]),
        ("members", [new("id", NpgsqlDbType.Integer), new("group_id", NpgsqlDbType.Bigint), new("position", NpgsqlDbType.Integer), new("folder", NpgsqlDbType.Text),
            new("role", NpgsqlDbType.Text), new("token", NpgsqlDbType.Text)]),
        ("logical_items", [new("key", NpgsqlDbType.Bigint), new("revision", NpgsqlDbType.Bigint), new("hash", NpgsqlDbType.Bytea), new("tombstone", NpgsqlDbType.Boolean, true),
            new("modified", NpgsqlDbType.Bigint), new("origin", NpgsqlDbType.Integer), new("base_revision", NpgsqlDbType.Bigint), new("identity_keys", NpgsqlDbType.Text)]),
        ("logical_snapshots", [new("key", NpgsqlDbType.Bigint), new("snapshot", NpgsqlDbType.Bytea)]),
        ("snapshot_history", [new("key", NpgsqlDbType.Bigint), new("revision", NpgsqlDbType.Bigint), new("snapshot", NpgsqlDbType.Bytea)]),
        ("member_items", [new("member_id", NpgsqlDbType.Integer), new("logical_id", NpgsqlDbType.Bigint), new("status", NpgsqlDbType.Integer),
            new("synced", NpgsqlDbType.Boolean, true), new("data", NpgsqlDbType.Bytea)]),
        ("quarantine", [new("member_id", NpgsqlDbType.Integer), new("remote_id", NpgsqlDbType.Text), new("reason", NpgsqlDbType.Text), new("since", NpgsqlDbType.Bigint)]),
        ("item_history", [new("id", NpgsqlDbType.Bigint), new("group_id", NpgsqlDbType.Bigint), new("logical_id", NpgsqlDbType.Bigint), new("revision", NpgsqlDbType.Bigint),
            new("at", NpgsqlDbType.Bigint), new("action", NpgsqlDbType.Integer), new("member_id", NpgsqlDbType.Integer), new("title", NpgsqlDbType.Text),
            new("changes", NpgsqlDbType.Text), new("detail", NpgsqlDbType.Text)]),
        ("admin_accounts", [new("name", NpgsqlDbType.Text), new("role", NpgsqlDbType.Text), new("password_hash", NpgsqlDbType.Text), new("created", NpgsqlDbType.Bigint),
            new("failed", NpgsqlDbType.Integer), new("locked_until", NpgsqlDbType.Bigint)]),
        ("api_tokens", [new("id", NpgsqlDbType.Text), new("account", NpgsqlDbType.Text), new("label", NpgsqlDbType.Text), new("secret_hash", NpgsqlDbType.Text),
            new("created", NpgsqlDbType.Bigint), new("last_used", NpgsqlDbType.Bigint)]),
        ("audit_log", [new("id", NpgsqlDbType.Bigint), new("at", NpgsqlDbType.Bigint), new("actor", NpgsqlDbType.Text), new("action", NpgsqlDbType.Text),
            new("target", NpgsqlDbType.Text), new("outcome", NpgsqlDbType.Text), new("detail", NpgsqlDbType.Text), new("source", NpgsqlDbType.Text)]),
        ("service_settings", [new("key", NpgsqlDbType.Text), new("value", NpgsqlDbType.Text)]),
    ];

    /// <summary>
    /// Copies (or, with <paramref name="dryRun"/>, only counts) the SQLite state at <paramref name="sqlitePath"/> into
    /// <paramref name="target"/>, which must hold no connections and no groups. Returns the per-table counts.
    /// </summary>
    public static async Task<IReadOnlyList<TableCount>> RunAsync(string sqlitePath, PostgresLocation target, TimeProvider time, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(target);
        var full = Path.GetFullPath(sqlitePath);
        if (!File.Exists(full)) throw new TandemConfigurationException($"no state database at {full}");
        // the source's schema is brought up to date first, so its tables have every column copied here
        await (await Sqlite.SqliteStateStore.OpenAsync(full, time, ct).ConfigureAwait(false)).DisposeAsync().ConfigureAwait(false);
        var sourceKey = SecretProtector.Open(full, Environment.GetEnvironmentVariable("TANDEM_KEY"));
        await using var store = await PostgresStateStore.OpenAsync(target, time, null, ct).ConfigureAwait(false);
        var targetKey = ((PostgresStore)store).Secrets;
        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await source.OpenAsync(ct).ConfigureAwait(false);
        await using var pg = new NpgsqlConnection(target.Builder.ConnectionString);
        await pg.OpenAsync(ct).ConfigureAwait(false);
        await using var tx = await pg.BeginTransactionAsync(ct).ConfigureAwait(false);
        await using (var probe = new NpgsqlCommand("SELECT (SELECT COUNT(*) FROM connections) + (SELECT COUNT(*) FROM groups)", pg, tx))
        {
            if ((long)(await probe.ExecuteScalarAsync(ct).ConfigureAwait(false))! > 0)
                throw new TandemConfigurationException($"{target.Display} already holds connections or groups; migrate only into an empty database");
        }
        var counts = new List<TableCount>();
        foreach (var (table, columns) in Tables)
        {
            var sourceCount = await CountAsync(source, table, ct).ConfigureAwait(false);
            if (dryRun)
            {
                counts.Add(new TableCount(table, sourceCount, null));
                continue;
            }
            await using (var read = source.CreateCommand())
            {
                read.CommandText = $"SELECT {string.Join(", ", columns.Select(c => c.Name))} FROM {table}";
                await using var reader = await read.ExecuteReaderAsync(ct).ConfigureAwait(false);
                await using var copy = await pg.BeginBinaryImportAsync($"COPY {table} ({string.Join(", ", columns.Select(c => c.Name))}) FROM STDIN (FORMAT BINARY)", ct).ConfigureAwait(false);
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    await copy.StartRowAsync(ct).ConfigureAwait(false);
                    for (var i = 0; i < columns.Length; i++)
                    {
                        var column = columns[i];
                        if (reader.IsDBNull(i))
                        {
                            await copy.WriteNullAsync(ct).ConfigureAwait(false);
                            continue;
                        }
                        object value = column.Type switch
                        {
                            NpgsqlDbType.Boolean => reader.GetInt64(i) != 0,
                            NpgsqlDbType.Bigint => reader.GetInt64(i),
                            NpgsqlDbType.Integer => (int)reader.GetInt64(i),
                            NpgsqlDbType.Double => reader.GetDouble(i),
                            NpgsqlDbType.Bytea => reader.GetFieldValue<byte[]>(i),
                            _ => reader.GetString(i),
                        };
                        if (table == "connections" && column.Name == "secrets")
                            value = targetKey.Protect(reader.GetString(0), sourceKey.Unprotect(reader.GetString(0), (byte[])value));
                        await copy.WriteAsync(value, column.Type, ct).ConfigureAwait(false);
                    }
                }
                await copy.CompleteAsync(ct).ConfigureAwait(false);
            }
            await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {table}", pg, tx);
            counts.Add(new TableCount(table, sourceCount, (long)(await count.ExecuteScalarAsync(ct).ConfigureAwait(false))!));
        }
        if (dryRun) return counts;
        if (counts.FirstOrDefault(c => !c.Matches) is { } bad)
            throw new TandemConfigurationException($"table {bad.Table}: {bad.Source} rows in SQLite but {bad.Target} in PostgreSQL; nothing was copied");
        await using (var sequences = new NpgsqlCommand("""
            SELECT setval('groups_id_seq', COALESCE((SELECT MAX(id) FROM groups), 0) + 1, false);
            SELECT setval('members_id_seq', COALESCE((SELECT MAX(id) FROM members), 0) + 1, false);
            SELECT setval('item_history_id_seq', COALESCE((SELECT MAX(id) FROM item_history), 0) + 1, false);
            SELECT setval('audit_log_id_seq', COALESCE((SELECT MAX(id) FROM audit_log), 0) + 1, false);
            """, pg, tx))
        {
            await sequences.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return counts;
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string table, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync(ct).ConfigureAwait(false))!;
    }
}
