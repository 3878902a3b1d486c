using System.Text;
using Microsoft.Data.Sqlite;
using Tandem.State.Sqlite;
using Tandem.State.Storage;
using Tandem.State.Tests.Contract;

namespace Tandem.State.Tests.Sqlite;

/// <summary>What only the SQLite provider promises: its schema steps, WAL, file modes, and what its files contain.</summary>
public sealed class SqliteProviderTests
{
    private const string Secret = "Pa55-w0rd-that-must-not-leak";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task OpenAsync_NewFile_RecordsEveryMigrationOnce()
    {
        using var db = new TempDatabase();
        await (await db.OpenAsync()).DisposeAsync();
        await (await db.OpenAsync()).DisposeAsync();

        await using var raw = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        await raw.OpenAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(version) FROM migrations";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Migrations.Latest, reader.GetInt32(0));
        Assert.Equal(Migrations.Latest, reader.GetInt32(1));
        command.Dispose();
        await using var mode = raw.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        await reader.DisposeAsync();
        Assert.Equal("wal", (string?)await mode.ExecuteScalarAsync());
    }

    [Fact]
    public async Task OpenAsync_DatabaseWithOneKeptBaseSnapshot_MovesItIntoTheHistory()
    {
        // a state file from before the history table kept one merge base per item in logical_snapshots.base_snapshot
        using var db = new TempDatabase();
        var v1 = new Tandem.Core.Items.Contact { GivenName = "Ann", JobTitle = "Clerk" };
        var v2 = v1 with { JobTitle = "Manager" };
        await using (var store = await db.OpenAsync())
        {
            await store.AddConnectionAsync(StoreContract.Local("files"), new Dictionary<string, string>(), default);
            await store.AddGroupAsync(StoreContract.Group("company", "files:hq/Company"), default);
            var delta = new Tandem.Core.Sync.StateDelta();
            delta.LogicalUpserts.Add((new Tandem.Core.Sync.LogicalItem(1, 2, Tandem.Core.Sync.Hash128.Of(v2), false, DateTimeOffset.UnixEpoch, 1, BaseRevision: 1), v2));
            await store.ApplyAsync("company", delta, default);
        }
        await using (var raw = new SqliteConnection($"Data Source={db.Path};Pooling=False"))
        {
            await raw.OpenAsync();
            await using var rewind = raw.CreateCommand();
            rewind.CommandText = "DROP TABLE snapshot_history; DROP TABLE service_heartbeats; DROP TABLE item_history; DROP TABLE api_tokens; DROP TABLE admin_accounts; DROP TABLE audit_log; DROP TABLE service_settings; ALTER TABLE logical_items DROP COLUMN identity_keys; DELETE FROM migrations WHERE version >= 3; UPDATE logical_snapshots SET base_snapshot = $b";
            rewind.Parameters.AddWithValue("$b", SnapshotCodec.Encode(v1));
            await rewind.ExecuteNonQueryAsync();
        }

        await using var migrated = await db.OpenAsync();
        var kept = await migrated.LoadSnapshotsAtAsync("company", [(1, 1)], default);
        Assert.Equal(v1, kept[(1, 1)]);
        Assert.Equal(v2, (await migrated.LoadSnapshotsAsync("company", [1], default))[1]);
    }

    [Fact]
    public async Task AddConnectionAsync_Secret_IsNotInTheRawDatabaseFiles()
    {
        using var db = new TempDatabase();
        await using (var store = await db.OpenAsync())
        {
            await store.AddConnectionAsync(StoreContract.Local("hq"), new Dictionary<string, string> { ["password"] = Secret }, default);
            Assert.Equal(Secret, (await store.GetSecretsAsync("hq", default))["password"]);
        }

        var files = Directory.GetFiles(db.Directory, "tandem.db*");
        Assert.Contains(files, f => f.EndsWith("tandem.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(Secret)));
        }
    }

    [Fact]
    public async Task OpenAsync_NoEnvironmentKey_CreatesKeyFileReadableByOwnerOnly()
    {
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable("TANDEM_KEY") is not null) return;
        using var db = new TempDatabase();
        await (await db.OpenAsync()).DisposeAsync();

        var mode = File.GetUnixFileMode(db.Path + ".key");

        Assert.Equal(OwnerOnly, mode);
        Assert.Equal(32, Convert.FromBase64String(await File.ReadAllTextAsync(db.Path + ".key")).Length);
    }

    [Fact]
    public async Task OpenAsync_NewFile_DatabaseAndWalAreReadableByOwnerOnly()
    {
        if (OperatingSystem.IsWindows()) return;
        using var db = new TempDatabase();
        await using var store = await db.OpenAsync();
        await store.AddConnectionAsync(StoreContract.Local("hq"), new Dictionary<string, string>(), default);

        // while the store is open the -wal and -shm files exist too; SQLite gives them the database file's mode
        var files = Directory.GetFiles(db.Directory, "tandem.db*").Where(f => !f.EndsWith(".key", StringComparison.Ordinal)).ToList();
        Assert.Contains(files, f => f.EndsWith("tandem.db-wal", StringComparison.Ordinal));
        foreach (var file in files) Assert.Equal((file, OwnerOnly), (file, File.GetUnixFileMode(file)));
    }

    [Fact]
    public async Task OpenAsync_ExistingFile_KeepsItsMode()
    {
        if (OperatingSystem.IsWindows()) return;
        using var db = new TempDatabase();
        await (await db.OpenAsync()).DisposeAsync();
        var shared = OwnerOnly | UnixFileMode.GroupRead;
        File.SetUnixFileMode(db.Path, shared);

        await (await db.OpenAsync()).DisposeAsync();

        Assert.Equal(shared, File.GetUnixFileMode(db.Path));
    }

    [Fact]
    public async Task GetSecretsAsync_WithAnotherKey_FailsWithClearError()
    {
        using var db = new TempDatabase();
        await using (var store = await SqliteStore.OpenAsync(db.Path, TempDatabase.Clock, SecretProtector.Open(db.Path, "first passphrase"), default))
        {
            await store.AddConnectionAsync(StoreContract.Local("hq"), new Dictionary<string, string> { ["password"] = Secret }, default);
        }

        await using var other = await SqliteStore.OpenAsync(db.Path, TempDatabase.Clock, SecretProtector.Open(db.Path, "second passphrase"), default);
        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() => other.GetSecretsAsync("hq", default));

        Assert.Contains("wrong key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }
}
