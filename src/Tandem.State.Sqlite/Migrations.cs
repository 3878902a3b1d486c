using Microsoft.Data.Sqlite;

namespace Tandem.State.Sqlite;

/// <summary>
/// Versioned schema steps, applied in order inside one transaction each and recorded in <c>migrations</c>.
/// Never edit a shipped step: add the next one.
/// Keys of logical items pack the group id and the item id into one integer (group &lt;&lt; 40 | id) so the
/// table keeps SQLite's rowid layout and needs no second index. Snapshots live in their own table so that
/// loading a group's items for a cycle does not page through every snapshot; member items keep their
/// fields in one blob (<see cref="MemberItemCodec"/>), with status and "holds a copy" apart for counting.
/// </summary>
internal static class Migrations
{
    public const int LogicalIdBits = Storage.StoreRules.LogicalIdBits;

    private static readonly string[] Steps =
    [
        """
        CREATE TABLE connections(
            name TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            settings TEXT NOT NULL,
            secrets BLOB);
        CREATE TABLE groups(
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            uid TEXT NOT NULL,
            kind TEXT NOT NULL,
            conflict TEXT NOT NULL,
            priority TEXT,
            threshold REAL NOT NULL,
            rules TEXT,
            next_logical INTEGER NOT NULL DEFAULT 1,
            pause TEXT);
        CREATE TABLE members(
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            folder TEXT NOT NULL,
            role TEXT NOT NULL,
            token TEXT,
            UNIQUE(group_id, folder));
        CREATE TABLE logical_items(
            key INTEGER PRIMARY KEY,
            revision INTEGER NOT NULL,
            hash BLOB NOT NULL,
            tombstone INTEGER NOT NULL,
            modified INTEGER NOT NULL,
            origin INTEGER NOT NULL,
            base_revision INTEGER NOT NULL);
        CREATE TABLE logical_snapshots(
            key INTEGER PRIMARY KEY,
            snapshot BLOB,
            base_snapshot BLOB);
        CREATE TABLE member_items(
            member_id INTEGER NOT NULL,
            logical_id INTEGER NOT NULL,
            status INTEGER NOT NULL,
            synced INTEGER NOT NULL,
            data BLOB NOT NULL,
            PRIMARY KEY(member_id, logical_id)) WITHOUT ROWID;
        CREATE TABLE quarantine(
            member_id INTEGER NOT NULL,
            remote_id TEXT NOT NULL,
            reason TEXT NOT NULL,
            since INTEGER NOT NULL,
            PRIMARY KEY(member_id, remote_id)) WITHOUT ROWID;
        """,
        // version: bumped by every committed step or configuration change not known to leave the group converged;
        // converged: set only together with the step that ended a converged cycle, at the version that cycle planned from
        """
        ALTER TABLE groups ADD COLUMN version INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE groups ADD COLUMN converged INTEGER NOT NULL DEFAULT 0;
        """,
        // earlier revisions kept as merge bases, any number per item (was: one, in logical_snapshots.base_snapshot)
        """
        CREATE TABLE snapshot_history(
            key INTEGER NOT NULL,
            revision INTEGER NOT NULL,
            snapshot BLOB NOT NULL,
            PRIMARY KEY(key, revision)) WITHOUT ROWID;
        INSERT INTO snapshot_history(key, revision, snapshot)
            SELECT s.key, l.base_revision, s.base_snapshot FROM logical_snapshots s JOIN logical_items l ON l.key = s.key
            WHERE s.base_snapshot IS NOT NULL AND l.base_revision > 0;
        UPDATE logical_snapshots SET base_snapshot = NULL WHERE base_snapshot IS NOT NULL;
        """,
        // the service's heartbeat, one row per node (the attendant and `tandem status` read it)
        """
        CREATE TABLE service_heartbeats(
            node TEXT PRIMARY KEY,
            pid INTEGER NOT NULL,
            at TEXT NOT NULL,
            started TEXT NOT NULL,
            status TEXT NOT NULL);
        """,
        // the items' change history: one row per accepted change, conflict, quarantine and delivery; only integers for
        // deliveries (the bulk of an initial sync), one index to list an item's lines, pruned by age with a scan
        """
        CREATE TABLE item_history(
            id INTEGER PRIMARY KEY,
            group_id INTEGER NOT NULL,
            logical_id INTEGER NOT NULL,
            revision INTEGER NOT NULL,
            at INTEGER NOT NULL,
            action INTEGER NOT NULL,
            member_id INTEGER NOT NULL,
            title TEXT,
            changes TEXT,
            detail TEXT);
        CREATE INDEX item_history_item ON item_history(group_id, logical_id);
        """,
        // the panel's accounts, API tokens (only a hash of the secret) and audit log; times in Unix milliseconds
        """
        CREATE TABLE admin_accounts(
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            created INTEGER NOT NULL,
            failed INTEGER NOT NULL DEFAULT 0,
            locked_until INTEGER);
        CREATE TABLE api_tokens(
            id TEXT PRIMARY KEY,
            account TEXT NOT NULL REFERENCES admin_accounts(name) ON DELETE CASCADE,
            label TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            created INTEGER NOT NULL,
            last_used INTEGER);
        CREATE TABLE audit_log(
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            target TEXT NOT NULL,
            outcome TEXT NOT NULL,
            detail TEXT,
            source TEXT);
        CREATE INDEX audit_log_at ON audit_log(at);
        """,
        // a tombstone's identity keys (LogicalItem.DeletedIdentity), to match a joining member's edited copy of a deleted item
        """
        ALTER TABLE logical_items ADD COLUMN identity_keys TEXT;
        """,
        // service-wide settings changed in the
        // panel (history retention), and the history by time: the panel's "changed in the last 24 h" and the daily prune
        // read a range of it instead of the whole table
        """
        CREATE TABLE service_settings(
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL);
        CREATE INDEX item_history_at ON item_history(at);
        """,
    ];

    public static int Latest => Steps.Length;

    public static void Apply(SqliteConnection connection, TimeProvider time)
    {
        Execute(connection, "CREATE TABLE IF NOT EXISTS migrations(version INTEGER PRIMARY KEY, applied TEXT NOT NULL)");
        using (var probe = connection.CreateCommand())
        {
            probe.CommandText = "SELECT COALESCE(MAX(version), 0) FROM migrations";
            var current = Convert.ToInt32(probe.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            if (current > Steps.Length)
                throw new TandemConfigurationException($"state database schema version {current} is newer than this tandem knows ({Steps.Length})");
            for (var version = current + 1; version <= Steps.Length; version++)
            {
                using var tx = connection.BeginTransaction();
                Execute(connection, Steps[version - 1], tx);
                using var record = connection.CreateCommand();
                record.Transaction = tx;
                record.CommandText = "INSERT INTO migrations(version, applied) VALUES ($v, $t)";
                record.Parameters.AddWithValue("$v", version);
                record.Parameters.AddWithValue("$t", time.GetUtcNow().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
                record.ExecuteNonQuery();
                tx.Commit();
            }
        }
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
