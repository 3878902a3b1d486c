using Npgsql;

namespace Tandem.State.Postgres;

/// <summary>
/// PostgreSQL's own schema steps, applied in order (one transaction each, recorded in <c>migrations</c>), under an advisory
/// lock so that nodes starting together do not race. Never edit a shipped step: add the next one. The tables mirror the
/// SQLite provider's (same keys, same blobs), so that <c>tandem migrate</c> copies rows as they are.
/// </summary>
internal static class PostgresMigrations
{
    /// <summary>Advisory lock key of the migration step ("tandem-m").</summary>
    private const long MigrationLock = 0x74616e64656d2d6d;

    private static readonly string[] Steps =
    [
        """
        CREATE TABLE connections(
            name text PRIMARY KEY,
            type text NOT NULL,
            settings text NOT NULL,
            secrets bytea);
        CREATE TABLE groups(
            id bigserial PRIMARY KEY,
            name text NOT NULL UNIQUE,
            uid text NOT NULL,
            kind text NOT NULL,
            conflict text NOT NULL,
            priority text,
            threshold double precision NOT NULL,
            rules text,
            next_logical bigint NOT NULL DEFAULT 1,
            pause text,
            version bigint NOT NULL DEFAULT 0,
            converged boolean NOT NULL DEFAULT false);
        CREATE TABLE members(
            id serial PRIMARY KEY,
            group_id bigint NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
            position integer NOT NULL,
            folder text NOT NULL,
            role text NOT NULL,
            token text,
            UNIQUE(group_id, folder));
        CREATE TABLE logical_items(
            key bigint PRIMARY KEY,
            revision bigint NOT NULL,
            hash bytea NOT NULL,
            tombstone boolean NOT NULL,
            modified bigint NOT NULL,
            origin integer NOT NULL,
            base_revision bigint NOT NULL);
        CREATE TABLE logical_snapshots(
            key bigint PRIMARY KEY,
            snapshot bytea);
        CREATE TABLE snapshot_history(
            key bigint NOT NULL,
            revision bigint NOT NULL,
            snapshot bytea NOT NULL,
            PRIMARY KEY(key, revision));
        CREATE TABLE member_items(
            member_id integer NOT NULL,
            logical_id bigint NOT NULL,
            status integer NOT NULL,
            synced boolean NOT NULL,
            data bytea NOT NULL,
            PRIMARY KEY(member_id, logical_id));
        CREATE TABLE quarantine(
            member_id integer NOT NULL,
            remote_id text NOT NULL,
            reason text NOT NULL,
            since bigint NOT NULL,
            PRIMARY KEY(member_id, remote_id));
        CREATE TABLE service_heartbeats(
            node text PRIMARY KEY,
            pid integer NOT NULL,
            at timestamptz NOT NULL,
            started timestamptz NOT NULL,
            status text NOT NULL);
        """,
        // several nodes: who is alive (database clock), one lease per group with its epoch, the writes made under each epoch,
        // once-per-cluster jobs
        """
        CREATE TABLE cluster_nodes(
            node text PRIMARY KEY,
            beat timestamptz NOT NULL,
            started timestamptz NOT NULL);
        CREATE TABLE group_leases(
            name text PRIMARY KEY,
            owner text,
            epoch bigint NOT NULL DEFAULT 0,
            acquired timestamptz,
            expires timestamptz NOT NULL DEFAULT '-infinity',
            release_asked boolean NOT NULL DEFAULT false);
        CREATE TABLE lease_writes(
            name text NOT NULL,
            epoch bigint NOT NULL,
            node text NOT NULL,
            writes bigint NOT NULL DEFAULT 0,
            PRIMARY KEY(name, epoch));
        CREATE TABLE cluster_jobs(
            name text PRIMARY KEY,
            last_run timestamptz NOT NULL,
            node text NOT NULL);
        """,
        // the items' change history (one row per accepted change, conflict, quarantine and delivery), and the panel's
        // accounts, API tokens (only a hash of the secret) and audit log; times in Unix milliseconds, as SQLite keeps them
        """
        CREATE TABLE item_history(
            id bigserial PRIMARY KEY,
            group_id bigint NOT NULL,
            logical_id bigint NOT NULL,
            revision bigint NOT NULL,
            at bigint NOT NULL,
            action integer NOT NULL,
            member_id integer NOT NULL,
            title text,
            changes text,
            detail text);
        CREATE INDEX item_history_item ON item_history(group_id, logical_id);
        CREATE TABLE admin_accounts(
            name text PRIMARY KEY,
            role text NOT NULL,
            password_hash text NOT NULL,
            created bigint NOT NULL,
            failed integer NOT NULL DEFAULT 0,
            locked_until bigint);
        CREATE TABLE api_tokens(
            id text PRIMARY KEY,
            account text NOT NULL REFERENCES admin_accounts(name) ON DELETE CASCADE,
            label text NOT NULL,
            secret_hash text NOT NULL,
            created bigint NOT NULL,
            last_used bigint);
        CREATE TABLE audit_log(
            id bigserial PRIMARY KEY,
            at bigint NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            target text NOT NULL,
            outcome text NOT NULL,
            detail text,
            source text);
        CREATE INDEX audit_log_at ON audit_log(at);
        """,
        // a tombstone's identity keys (LogicalItem.DeletedIdentity), to match a joining member's edited copy of a deleted item
        """
        ALTER TABLE logical_items ADD COLUMN identity_keys text;
        """,
        // lease epochs: when each epoch was claimed and last written, on the database clock:
        // a write from a stale epoch is one whose last_write is later than the next epoch's claim
        """
        ALTER TABLE lease_writes ADD COLUMN claimed timestamptz NOT NULL DEFAULT now();
        ALTER TABLE lease_writes ADD COLUMN last_write timestamptz;
        """,
        // service-wide settings changed in the panel (history retention), and the history by time: the panel's "changed
        // in the last 24 h" and the daily prune read a range of it instead of the whole table
        """
        CREATE TABLE service_settings(
            key text PRIMARY KEY,
            value text NOT NULL);
        CREATE INDEX item_history_at ON item_history(at);
        """,
    ];

    public static int Latest => Steps.Length;

    public static async Task ApplyAsync(NpgsqlConnection connection, TimeProvider time, CancellationToken ct)
    {
        await using (var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false))
        {
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLock})", ct).ConfigureAwait(false);
            await ExecuteAsync(connection, tx, "CREATE TABLE IF NOT EXISTS migrations(version integer PRIMARY KEY, applied text NOT NULL)", ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
        while (true)
        {
            await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({MigrationLock})", ct).ConfigureAwait(false);
            await using var probe = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM migrations", connection, tx);
            var current = Convert.ToInt32(await probe.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
            if (current > Steps.Length)
                throw new TandemConfigurationException($"state database schema version {current} is newer than this tandem knows ({Steps.Length})");
            if (current == Steps.Length) return;
            await ExecuteAsync(connection, tx, Steps[current], ct).ConfigureAwait(false);
            await using var record = new NpgsqlCommand("INSERT INTO migrations(version, applied) VALUES (@v, @t)", connection, tx);
            record.Parameters.AddWithValue("v", current + 1);
            record.Parameters.AddWithValue("t", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }
}
