using Npgsql;
using Tandem.State.Cluster;

namespace Tandem.State.Postgres;

/// <summary>
/// Leases, nodes, the leader lock and cluster jobs (<see cref="ILeaseStore"/>), and the fence every group state write passes.
/// Every time is the database's (<c>now()</c>), so the nodes' own clocks never decide who owns a group.
/// </summary>
internal sealed partial class PostgresStore
{
    /// <summary>Advisory lock key of the rebalancing leader ("tandem-l").</summary>
    private const long LeaderLock = 0x74616e64656d2d6c;

    private const string LeaseColumns =
        "group_leases.name, group_leases.owner, group_leases.epoch, COALESCE(now() - group_leases.acquired, interval '0'), " +
        "CASE WHEN isfinite(group_leases.expires) THEN GREATEST(group_leases.expires - now(), interval '0') ELSE interval '0' END, group_leases.release_asked, " +
        "(SELECT COALESCE(SUM(w.writes), 0)::bigint FROM lease_writes w WHERE w.name = group_leases.name AND w.epoch = group_leases.epoch)";

    /// <summary>
    /// Refuses the write unless this node owns <paramref name="group"/>'s lease with the epoch it holds and the lease has not
    /// run out, then locks the group's row (two writers of one group queue) and returns its id — both in one round trip.
    /// The lease row stays KEY SHARE locked until commit: the owner's renewals (a plain UPDATE) go on, but a takeover,
    /// which claims with FOR UPDATE SKIP LOCKED, cannot take the row until this write has committed or rolled back.
    /// Checked first (nothing is written under a lost lease) and again as the last statement before COMMIT
    /// (<see cref="ConfirmFenceSql"/>): a node stopped in the middle of its transaction — even half-way through sending a
    /// pipelined batch, when the server's idle-in-transaction timeout is not armed — finds on resuming that its lease ran
    /// out and rolls back, instead of committing a write the lease no longer covers.
    /// </summary>
    private async Task<long> FenceAndLockGroupAsync(NpgsqlConnection c, NpgsqlTransaction tx, string group, CancellationToken ct)
    {
        if (_fence is null) return await RequireGroupAsync(c, tx, group, ct, forUpdate: true).ConfigureAwait(false);
        var held = _fence.EpochOf(group);
        await using var batch = new NpgsqlBatch(c, tx);
        var fence = new NpgsqlBatchCommand("SELECT 1 FROM group_leases WHERE name = $1 AND owner = $2 AND epoch = $3 AND expires > clock_timestamp() FOR KEY SHARE");
        fence.Parameters.Add(new NpgsqlParameter { Value = group, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        fence.Parameters.Add(new NpgsqlParameter { Value = _fence.Node, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        fence.Parameters.Add(new NpgsqlParameter { Value = held ?? 0L, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        // the group's row is locked only when the fence let the write through (a CTE would not be cheaper: one round trip either way)
        var lockGroup = new NpgsqlBatchCommand("""
            SELECT id FROM groups WHERE name = $1 AND EXISTS (
                SELECT 1 FROM group_leases WHERE name = $1 AND owner = $2 AND epoch = $3 AND expires > clock_timestamp()) FOR UPDATE OF groups
            """);
        foreach (NpgsqlParameter p in fence.Parameters) lockGroup.Parameters.Add(p.Clone());
        batch.BatchCommands.Add(fence);
        batch.BatchCommands.Add(lockGroup);
        bool fenced;
        long? id = null;
        await using (var reader = await batch.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            fenced = held is not null && await reader.ReadAsync(ct).ConfigureAwait(false);
            await reader.NextResultAsync(ct).ConfigureAwait(false);
            if (await reader.ReadAsync(ct).ConfigureAwait(false)) id = reader.GetInt64(0);
        }
        if (!fenced) throw await LostAsync(c, tx, group, ct).ConfigureAwait(false);
        return id ?? throw new TandemConfigurationException($"unknown group '{group}'");
    }

    /// <summary>
    /// The fence's last look, on the database clock at that moment ($1 group, $2 node, $3 epoch): the lease still runs, and
    /// the write is counted under its epoch with its time (lease_writes), which shows afterwards that no epoch was written
    /// after a newer one was claimed. One row touched, or the write is refused.
    /// </summary>
    private const string ConfirmFenceSql = """
        UPDATE lease_writes SET writes = writes + 1, last_write = clock_timestamp()
        WHERE name = $1 AND epoch = $3 AND node = $2 AND EXISTS (
            SELECT 1 FROM group_leases WHERE name = $1 AND owner = $2 AND epoch = $3 AND expires > clock_timestamp())
        """;

    private async Task<LeaseLostException> LostAsync(NpgsqlConnection c, NpgsqlTransaction tx, string group, CancellationToken ct)
    {
        string? owner = null;
        long current = 0;
        await using (var select = Command(c, tx, "SELECT owner, epoch FROM group_leases WHERE name = @g", ("g", group)))
        await using (var reader = await select.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            if (await reader.ReadAsync(ct).ConfigureAwait(false))
            {
                owner = reader.IsDBNull(0) ? null : reader.GetString(0);
                current = reader.GetInt64(1);
            }
        }
        return new LeaseLostException(group, _fence!.Node, _fence.EpochOf(group), owner, current);
    }

    public Task<int> EndSessionsOfSilentNodesAsync(TimeSpan silence, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) => Convert.ToInt32(await ScalarAsync(c, tx, """
            SELECT COUNT(*) FILTER (WHERE pg_terminate_backend(a.pid, 5000)) FROM pg_stat_activity a JOIN cluster_nodes n ON a.application_name = @prefix || n.node
            WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND n.beat < now() - @s
                AND (a.xact_start < now() - @s OR EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted))
            """, cancellationToken, ("prefix", PostgresLocation.NodeApplicationPrefix), ("s", silence)).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    public Task BeatAsync(string node, DateTimeOffset started, CancellationToken cancellationToken) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx,
            "INSERT INTO cluster_nodes(node, beat, started) VALUES (@n, now(), @s) ON CONFLICT(node) DO UPDATE SET beat = now(), started = excluded.started",
            cancellationToken, ("n", node), ("s", started.ToUniversalTime())), cancellationToken);

    public Task<IReadOnlyList<ClusterNode>> ListNodesAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<ClusterNode>>(async (c, tx) =>
        {
            await using var select = Command(c, tx, "SELECT node, now() - beat, started FROM cluster_nodes ORDER BY node COLLATE \"C\"");
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var nodes = new List<ClusterNode>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                nodes.Add(new ClusterNode(reader.GetString(0), reader.GetFieldValue<TimeSpan>(1), reader.GetFieldValue<DateTimeOffset>(2)));
            return nodes;
        }, cancellationToken);

    public Task<IReadOnlyList<GroupLease>> ListLeasesAsync(CancellationToken cancellationToken) =>
        ReadAsync((c, tx) => ReadLeasesAsync(Command(c, tx, $"SELECT {LeaseColumns} FROM group_leases ORDER BY name COLLATE \"C\""), cancellationToken), cancellationToken);

    public Task<IReadOnlyList<GroupLease>> RenewAsync(string node, TimeSpan duration, CancellationToken cancellationToken) =>
        InTransactionAsync((c, tx) => ReadLeasesAsync(Command(c, tx,
            $"UPDATE group_leases SET expires = now() + @d WHERE owner = @n AND expires > now() RETURNING {LeaseColumns}",
            ("n", node), ("d", duration)), cancellationToken), cancellationToken);

    public Task<IReadOnlyList<GroupLease>> ClaimAsync(string node, IReadOnlyCollection<string> groups, int max, TimeSpan duration, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) =>
        {
            await ExecuteAsync(c, tx, "INSERT INTO group_leases(name) SELECT unnest(@g) ON CONFLICT DO NOTHING", cancellationToken, ("g", groups.ToArray())).ConfigureAwait(false);
            if (max <= 0) return (IReadOnlyList<GroupLease>)[];
            // rows another node is claiming (or writing under its lease) right now are skipped, not waited for
            var claimed = await ReadLeasesAsync(Command(c, tx, $"""
                WITH free AS (
                    SELECT name FROM group_leases
                    WHERE name = ANY(@g) AND (owner IS NULL OR expires <= now())
                    ORDER BY name LIMIT @max FOR UPDATE SKIP LOCKED)
                UPDATE group_leases SET owner = @n, epoch = group_leases.epoch + 1, acquired = now(), expires = now() + @d, release_asked = false
                FROM free WHERE group_leases.name = free.name
                RETURNING {LeaseColumns}
                """, ("g", groups.ToArray()), ("max", max), ("n", node), ("d", duration)), cancellationToken).ConfigureAwait(false);
            foreach (var lease in claimed)
                await ExecuteAsync(c, tx, "INSERT INTO lease_writes(name, epoch, node) VALUES (@g, @e, @n) ON CONFLICT DO NOTHING", cancellationToken,
                    ("g", lease.Name), ("e", lease.Epoch), ("n", node)).ConfigureAwait(false);
            return claimed;
        }, cancellationToken);

    public Task ReleaseAsync(string node, string group, CancellationToken cancellationToken) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx,
            "UPDATE group_leases SET owner = NULL, expires = '-infinity', release_asked = false WHERE name = @g AND owner = @n",
            cancellationToken, ("g", group), ("n", node)), cancellationToken);

    public async Task<ILeadership?> TryLeadAsync(CancellationToken cancellationToken)
    {
        // a session lock: held while this connection stays open, released by the server when the node dies or its session is ended
        var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = new NpgsqlCommand($"SELECT pg_try_advisory_lock({LeaderLock})", connection);
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is true)
                return new Leadership(new SessionLock(connection, $"SELECT pg_advisory_unlock({LeaderLock})"));
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        await connection.DisposeAsync().ConfigureAwait(false);
        return null;
    }

    public async Task<IAsyncDisposable> TakeSlotAsync(string key, int slots, CancellationToken cancellationToken)
    {
        // two int keys: a lock space apart from the leader's single bigint key; keys that collide only share their slots
        var hash = StableHash(key);
        var wait = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var connection = await _source.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                // the limit stops the scan at the first slot taken, so no second one is locked
                await using var take = new NpgsqlCommand("SELECT s FROM generate_series(0, @n - 1) s WHERE pg_try_advisory_lock(@k, s) LIMIT 1", connection);
                take.Parameters.AddWithValue("n", slots);
                take.Parameters.AddWithValue("k", hash);
                if (await take.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is int slot)
                    return new SessionLock(connection, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"SELECT pg_advisory_unlock({hash}, {slot})"));
            }
            catch
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                throw;
            }
            // every slot is busy: no session is kept while waiting (real time: it waits on other processes, not on a schedule)
            await connection.DisposeAsync().ConfigureAwait(false);
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
            wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, TimeSpan.FromMilliseconds(100).Ticks));
        }
    }

    /// <summary>FNV-1a of the key: the same on every node (string.GetHashCode is not).</summary>
    private static int StableHash(string key)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(key))
        {
            hash ^= b;
            hash *= 16777619u;
        }
        return unchecked((int)hash);
    }

    public Task<bool> TryRunJobAsync(string job, string node, TimeSpan interval, CancellationToken cancellationToken) =>
        InTransactionAsync(async (c, tx) => await ExecuteAsync(c, tx, """
            INSERT INTO cluster_jobs(name, last_run, node) VALUES (@j, now(), @n)
            ON CONFLICT(name) DO UPDATE SET last_run = now(), node = excluded.node WHERE cluster_jobs.last_run <= now() - @i
            """, cancellationToken, ("j", job), ("n", node), ("i", interval)).ConfigureAwait(false) == 1, cancellationToken);

    private static async Task<IReadOnlyList<GroupLease>> ReadLeasesAsync(NpgsqlCommand command, CancellationToken ct)
    {
        await using var _ = command;
        await using var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false);
        var leases = new List<GroupLease>();
        while (await reader.ReadAsync(ct).ConfigureAwait(false))
        {
            leases.Add(new GroupLease(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2),
                reader.GetFieldValue<TimeSpan>(3), reader.GetFieldValue<TimeSpan>(4), reader.GetBoolean(5), reader.GetInt64(6)));
        }
        return leases;
    }

    /// <summary>The leader's session: it acts only through it, so a leader whose session was ended cannot act.</summary>
    private sealed class Leadership(SessionLock session) : ILeadership
    {
        public async Task ConfirmAsync(CancellationToken cancellationToken)
        {
            await using var held = new NpgsqlCommand(
                $"SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted AND objsubid = 1 AND ((classid::bigint << 32) | objid::bigint) = {LeaderLock}",
                session.Connection);
            if (await held.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
                throw new InvalidOperationException("the leader lock is no longer held by this session");
        }

        public async Task AskReleaseAsync(string group, string owner, CancellationToken cancellationToken)
        {
            await using var ask = new NpgsqlCommand("UPDATE group_leases SET release_asked = true WHERE name = @g AND owner = @n", session.Connection);
            ask.Parameters.AddWithValue("g", group);
            ask.Parameters.AddWithValue("n", owner);
            await ask.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync() => session.DisposeAsync();
    }
}
