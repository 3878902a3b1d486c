using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Tandem.State.Sqlite;

/// <summary>
/// The SQLite implementation of <see cref="IStateStore"/>. One connection per store, calls serialized by a
/// gate; each public method is one transaction. Configuration lives in SqliteStore.Config.cs, the hub state
/// in SqliteStore.Sync.cs.
/// </summary>
internal sealed partial class SqliteStore : IStateStore
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly SecretProtector _secrets;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private SqliteStore(SqliteConnection connection, TimeProvider time, SecretProtector secrets)
    {
        _connection = connection;
        _time = time;
        _secrets = secrets;
    }

    public static async Task<IStateStore> OpenAsync(string path, TimeProvider time, SecretProtector secrets, CancellationToken ct)
    {
        CreateOwnerOnly(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(ct).ConfigureAwait(false);
            // WAL: readers (status) never block the writer; NORMAL sync is durable against a killed process.
            Pragma(connection, "PRAGMA journal_mode=WAL");
            Pragma(connection, "PRAGMA synchronous=NORMAL");
            Pragma(connection, "PRAGMA foreign_keys=ON");
            Pragma(connection, "PRAGMA busy_timeout=10000");
            Migrations.Apply(connection, time);
            return new SqliteStore(connection, time, secrets);
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The database holds contact snapshots and encrypted secrets: on Unix a new file is created readable by its owner
    /// only (an empty file is a valid empty database). SQLite gives the -wal and -shm files the database file's mode.
    /// An existing file keeps the mode it has.
    /// </summary>
    private static void CreateOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows() || File.Exists(path)) return;
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
            using var stream = new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path))
        {
            // another process created it first
        }
    }

    private static void Pragma(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private bool _disposed;

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var command in _commands.Values) command.Release();
            _commands.Clear();
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> alone, inside one transaction committed when it returns.</summary>
    private async Task<T> InTransactionAsync<T>(Func<SqliteTransaction, T> work, CancellationToken ct)
    {
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            using var tx = _connection.BeginTransaction(deferred: false);
            var result = work(tx);
            tx.Commit();
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private Task InTransactionAsync(Action<SqliteTransaction> work, CancellationToken ct) =>
        InTransactionAsync<bool>(tx => { work(tx); return true; }, ct);

    // the store's statements by their text: a fixed set (no statement text is built from data)
    private readonly Dictionary<string, CachedCommand> _commands = new(StringComparer.Ordinal);

    private CachedCommand Command(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out var command))
        {
            var created = _connection.CreateCommand();
            created.CommandText = sql;
            created.Transaction = tx;
            // only an explicitly prepared command keeps its statement between executions
            created.Prepare();
            _commands[sql] = command = new CachedCommand(created);
        }
        command.Reuse(tx);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
