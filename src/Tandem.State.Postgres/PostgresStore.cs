using Npgsql;
using Tandem.State.Cluster;

namespace Tandem.State.Postgres;

/// <summary>
/// The PostgreSQL implementation of <see cref="IStateStore"/> and <see cref="ILeaseStore"/>. Pooled connections, so several
/// groups of one node and several nodes work at once; each public method is one transaction (READ COMMITTED; a group's
/// state writes take its <c>groups</c> row lock, so two writers of one group queue rather than interleave).
/// Configuration lives in PostgresStore.Config.cs, hub state in PostgresStore.Sync.cs, leases in PostgresStore.Leases.cs.
/// </summary>
internal sealed partial class PostgresStore : IStateStore, ILeaseStore
{
    private readonly NpgsqlDataSource _source;
    private readonly TimeProvider _time;
    private readonly SecretProtector _secrets;
    private readonly ClusterFence? _fence;

    private PostgresStore(NpgsqlDataSource source, TimeProvider time, SecretProtector secrets, ClusterFence? fence)
    {
        _source = source;
        _time = time;
        _secrets = secrets;
        _fence = fence;
    }

    public static async Task<IStateStore> OpenAsync(PostgresLocation location, TimeProvider time, SecretProtector secrets, ClusterFence? fence, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(location.Builder.ConnectionString);
        if (fence is not null) builder.ApplicationName = PostgresLocation.NodeApplicationPrefix + fence.Node;
        // the same few dozen statements run for every cycle: prepared once per pooled session, they skip parsing and planning
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            await using (var connection = await source.OpenConnectionAsync(ct).ConfigureAwait(false))
                await PostgresMigrations.ApplyAsync(connection, time, ct).ConfigureAwait(false);
            return new PostgresStore(source, time, secrets, fence);
        }
        catch (NpgsqlException e)
        {
            await source.DisposeAsync().ConfigureAwait(false);
            // Npgsql's messages name host and user, never the password
            throw new TandemConfigurationException($"cannot open the state database {location.Display}: {e.Message}", e);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    /// <summary>The key this store encrypts secrets with (the SQLite import re-encrypts with it).</summary>
    internal SecretProtector Secrets => _secrets;

    /// <summary>Runs <paramref name="work"/> inside one transaction committed when it returns.</summary>
    private async Task<T> InTransactionAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        await using var tx = await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var result = await work(connection, tx).ConfigureAwait(false);
        await tx.CommitAsync(ct).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Runs reads outside a transaction: READ COMMITTED gives each statement its own snapshot whether or not they share a
    /// transaction, so a transaction would only add the COMMIT's round trip.
    /// </summary>
    private async Task<T> ReadAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction?, Task<T>> work, CancellationToken ct)
    {
        await using var connection = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
        return await work(connection, null).ConfigureAwait(false);
    }

    private Task InTransactionAsync(Func<NpgsqlConnection, NpgsqlTransaction, Task> work, CancellationToken ct) =>
        InTransactionAsync<bool>(async (c, tx) => { await work(c, tx).ConfigureAwait(false); return true; }, ct);

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, tx);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, string sql, CancellationToken ct, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, tx, sql, parameters);
        var value = await command.ExecuteScalarAsync(ct).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private long NowMs() => _time.GetUtcNow().ToUnixTimeMilliseconds();
}
