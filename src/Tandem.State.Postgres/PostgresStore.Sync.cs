using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using Tandem.State.Storage;
using static Tandem.State.Storage.StoreRules;

namespace Tandem.State.Postgres;

internal sealed partial class PostgresStore
{
    /// <summary>Statements sent per round trip when a step writes many rows (an initial sync's thousands of items).</summary>
    private const int BatchStatements = 500;

    public Task<GroupSyncState> LoadGroupStateAsync(string group, CancellationToken cancellationToken) =>
        ReadAsync(async (c, tx) =>
        {
            var row = (await ReadGroupsAsync(c, tx, group, cancellationToken).ConfigureAwait(false)).FirstOrDefault() ?? throw new TandemConfigurationException($"unknown group '{group}'");
            var logical = new List<LogicalItem>();
            await using (var select = Command(c, tx,
                "SELECT key, revision, hash, tombstone, modified, origin, base_revision, identity_keys FROM logical_items WHERE key >= @lo AND key < @hi",
                ("lo", row.Id << LogicalIdBits), ("hi", (row.Id + 1) << LogicalIdBits)))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                var mask = (1L << LogicalIdBits) - 1;
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    logical.Add(new LogicalItem(
                        reader.GetInt64(0) & mask,
                        reader.GetInt64(1),
                        Hash128.FromBytes(reader.GetFieldValue<byte[]>(2)),
                        reader.GetBoolean(3),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                        reader.GetInt32(5),
                        reader.GetInt64(6),
                        reader.IsDBNull(7) ? null : reader.GetString(7)));
                }
            }
            var memberItems = new List<MemberItem>();
            var quarantine = new List<QuarantineEntry>();
            var ids = row.Members.Select(m => m.Id).ToArray();
            await using (var select = Command(c, tx, "SELECT member_id, logical_id, status, data FROM member_items WHERE member_id = ANY(@m)", ("m", ids)))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    memberItems.Add(MemberItemCodec.Decode(reader.GetFieldValue<byte[]>(3), reader.GetInt64(1), reader.GetInt32(0), (MemberItemStatus)reader.GetInt32(2)));
            }
            await using (var select = Command(c, tx, "SELECT member_id, remote_id, reason FROM quarantine WHERE member_id = ANY(@m) ORDER BY member_id, remote_id COLLATE \"C\"", ("m", ids)))
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) quarantine.Add(new QuarantineEntry(reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
            }
            // the same order as SQLite's: by member (in the group's member order), then by logical id
            var position = row.Members.Select((m, i) => (m.Id, i)).ToDictionary(p => p.Id, p => p.i);
            memberItems.Sort((a, b) => position[a.MemberId] != position[b.MemberId] ? position[a.MemberId].CompareTo(position[b.MemberId]) : a.LogicalId.CompareTo(b.LogicalId));
            quarantine.Sort((a, b) => position[a.MemberId] != position[b.MemberId] ? position[a.MemberId].CompareTo(position[b.MemberId]) : string.CompareOrdinal(a.RemoteId, b.RemoteId));
            logical.Sort((a, b) => a.Id.CompareTo(b.Id));
            return new GroupSyncState(row.Definition, row.Uid, row.Members, logical, memberItems, quarantine, ParsePause(row.PauseJson), row.NextLogical, row.Version);
        }, cancellationToken);

    public Task<GroupHead> LoadGroupHeadAsync(string group, CancellationToken cancellationToken) =>
        ReadAsync(async (c, tx) =>
        {
            var row = (await ReadGroupsAsync(c, tx, group, cancellationToken).ConfigureAwait(false)).FirstOrDefault() ?? throw new TandemConfigurationException($"unknown group '{group}'");
            return new GroupHead(row.Definition, row.Uid, row.Members, ParsePause(row.PauseJson), row.Version, row.Converged);
        }, cancellationToken);

    public Task<IReadOnlyDictionary<long, CanonicalItem>> LoadSnapshotsAsync(string group, IReadOnlyCollection<long> logicalIds, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<long, CanonicalItem>>(async (c, tx) =>
        {
            var groupId = await RequireGroupAsync(c, tx, group, cancellationToken).ConfigureAwait(false);
            var prefix = groupId << LogicalIdBits;
            var mask = (1L << LogicalIdBits) - 1;
            var result = new Dictionary<long, CanonicalItem>(logicalIds.Count);
            await using var select = Command(c, tx, "SELECT key, snapshot FROM logical_snapshots WHERE key = ANY(@k) AND snapshot IS NOT NULL",
                ("k", logicalIds.Select(id => prefix | id).ToArray()));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                result[reader.GetInt64(0) & mask] = SnapshotCodec.Decode(reader.GetFieldValue<byte[]>(1));
            return result;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<(long Id, long Revision), CanonicalItem>> LoadSnapshotsAtAsync(string group, IReadOnlyCollection<(long Id, long Revision)> revisions, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyDictionary<(long Id, long Revision), CanonicalItem>>(async (c, tx) =>
        {
            var groupId = await RequireGroupAsync(c, tx, group, cancellationToken).ConfigureAwait(false);
            var prefix = groupId << LogicalIdBits;
            var mask = (1L << LogicalIdBits) - 1;
            var result = new Dictionary<(long Id, long Revision), CanonicalItem>(revisions.Count);
            await using var select = Command(c, tx, """
                SELECT h.key, h.revision, h.snapshot FROM snapshot_history h JOIN unnest(@k, @r) AS w(key, revision) ON h.key = w.key AND h.revision = w.revision
                """, ("k", revisions.Select(r => prefix | r.Id).ToArray()), ("r", revisions.Select(r => r.Revision).ToArray()));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                result[(reader.GetInt64(0) & mask, reader.GetInt64(1))] = SnapshotCodec.Decode(reader.GetFieldValue<byte[]>(2));
            return result;
        }, cancellationToken);

    public Task ApplyAsync(string group, StateDelta delta, CancellationToken cancellationToken)
    {
        if (delta.IsEmpty) return Task.CompletedTask;
        return InTransactionAsync(async (c, tx) =>
        {
            // the fence first, in this transaction: the lease row stays locked until commit, so no takeover can slip in between
            var groupId = await FenceAndLockGroupAsync(c, tx, group, cancellationToken).ConfigureAwait(false);
            // the group row is locked by the fence, so a rules change waits for this step or this step sees it
            var tokens = await TokensStillPlannedAsync(c, tx, groupId, group, delta, cancellationToken).ConfigureAwait(false);
            var prefix = groupId << LogicalIdBits;
            await using var batch = new Batch(c, tx, cancellationToken);
            foreach (var (item, content) in delta.LogicalUpserts)
            {
                var key = prefix | item.Id;
                var encoded = item.Tombstone || content is null ? null : SnapshotCodec.Encode(content);
                if (encoded is not null && item.BaseRevision != 0)
                {
                    // history first: the snapshot being replaced is kept under its revision when the item's BaseRevision
                    // still reaches it (a member is on it); rows below BaseRevision (or all, when none is kept) are dropped
                    await batch.AddAsync("""
                        INSERT INTO snapshot_history(key, revision, snapshot)
                        SELECT l.key, l.revision, s.snapshot FROM logical_items l JOIN logical_snapshots s ON s.key = l.key
                        WHERE l.key = $1 AND $2 > 0 AND l.revision >= $2 AND l.revision < $3 AND NOT l.tombstone AND s.snapshot IS NOT NULL
                        ON CONFLICT DO NOTHING
                        """, key, item.BaseRevision, item.Revision).ConfigureAwait(false);
                }
                if (item.Revision > 1 || item.BaseRevision != 0)
                {
                    await batch.AddAsync($"""
                        DELETE FROM snapshot_history WHERE key = $1 AND ($2 = 0 OR revision < $2 OR revision >= $3 OR revision NOT IN
                            (SELECT revision FROM snapshot_history WHERE key = $1 ORDER BY revision DESC LIMIT {MaxKeptRevisions}))
                        """, key, item.Tombstone ? 0L : item.BaseRevision, item.Revision).ConfigureAwait(false);
                }
                if (item.Tombstone)
                {
                    // a deleted item needs no content: it is never written again
                    await batch.AddAsync("DELETE FROM logical_snapshots WHERE key = $1", key).ConfigureAwait(false);
                }
                else
                {
                    await batch.AddAsync("""
                        INSERT INTO logical_snapshots(key, snapshot) VALUES ($1, $2)
                        ON CONFLICT(key) DO UPDATE SET snapshot = COALESCE(excluded.snapshot, logical_snapshots.snapshot)
                        """, key, (object?)encoded ?? DBNull.Value).ConfigureAwait(false);
                }
                await batch.AddAsync("""
                    INSERT INTO logical_items(key, revision, hash, tombstone, modified, origin, base_revision, identity_keys)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                    ON CONFLICT(key) DO UPDATE SET
                        revision = excluded.revision, hash = excluded.hash, tombstone = excluded.tombstone,
                        modified = excluded.modified, origin = excluded.origin, base_revision = excluded.base_revision,
                        identity_keys = excluded.identity_keys
                    """, key, item.Revision, item.Hash.ToBytes(), item.Tombstone, item.Modified.ToUnixTimeMilliseconds(), item.OriginMember, item.BaseRevision,
                    (object?)item.DeletedIdentity ?? DBNull.Value).ConfigureAwait(false);
            }
            foreach (var id in delta.LogicalRemovals)
            {
                await batch.AddAsync("DELETE FROM logical_items WHERE key = $1", prefix | id).ConfigureAwait(false);
                await batch.AddAsync("DELETE FROM logical_snapshots WHERE key = $1", prefix | id).ConfigureAwait(false);
                await batch.AddAsync("DELETE FROM snapshot_history WHERE key = $1", prefix | id).ConfigureAwait(false);
            }
            foreach (var item in delta.MemberItemUpserts)
            {
                await batch.AddAsync("""
                    INSERT INTO member_items(member_id, logical_id, status, synced, data) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT(member_id, logical_id) DO UPDATE SET status = excluded.status, synced = excluded.synced, data = excluded.data
                    """, item.MemberId, item.LogicalId, (int)item.Status, item.Status == MemberItemStatus.Synced && item.RemoteId is not null, MemberItemCodec.Encode(item)).ConfigureAwait(false);
            }
            foreach (var (memberId, logicalId) in delta.MemberItemRemovals)
                await batch.AddAsync("DELETE FROM member_items WHERE member_id = $1 AND logical_id = $2", memberId, logicalId).ConfigureAwait(false);
            foreach (var (memberId, token) in tokens)
                await batch.AddAsync("UPDATE members SET token = $1 WHERE id = $2 AND group_id = $3", (object?)token ?? DBNull.Value, memberId, groupId).ConfigureAwait(false);
            if (delta.NextLogicalId > 0)
                await batch.AddAsync("UPDATE groups SET next_logical = GREATEST(next_logical, $1) WHERE id = $2", delta.NextLogicalId, groupId).ConfigureAwait(false);
            foreach (var (memberId, remoteId) in delta.QuarantineRemovals)
                await batch.AddAsync("DELETE FROM quarantine WHERE member_id = $1 AND remote_id = $2", memberId, remoteId).ConfigureAwait(false);
            foreach (var entry in delta.QuarantineAdds)
            {
                await batch.AddAsync("""
                    INSERT INTO quarantine(member_id, remote_id, reason, since) VALUES ($1, $2, $3, $4)
                    ON CONFLICT(member_id, remote_id) DO UPDATE SET reason = excluded.reason
                    """, entry.MemberId, entry.RemoteId, entry.Reason, NowMs()).ConfigureAwait(false);
            }
            if (delta.ClearPause || delta.Pause is not null)
                await batch.AddAsync("UPDATE groups SET pause = $1 WHERE id = $2", delta.Pause is null ? DBNull.Value : JsonSerializer.Serialize(delta.Pause), groupId).ConfigureAwait(false);
            await WriteHistoryAsync(batch, groupId, delta.History).ConfigureAwait(false);
            // same transaction as the step itself: a crash can never leave "converged" standing beside pending work
            if (delta.ConvergedAtVersion is { } version)
                await batch.AddAsync("UPDATE groups SET converged = (version = $1) WHERE id = $2", version, groupId).ConfigureAwait(false);
            else
                await batch.AddAsync("UPDATE groups SET converged = false, version = version + 1 WHERE id = $1", groupId).ConfigureAwait(false);
            // the fence's last look travels with the last statements: one round trip, and it is still the last before COMMIT
            if (_fence is not null) await batch.AddAsync(ConfirmFenceSql, group, _fence.Node, _fence.EpochOf(group) ?? 0L).ConfigureAwait(false);
            var confirmed = await batch.FlushAsync().ConfigureAwait(false);
            if (_fence is not null && confirmed != 1) throw await LostAsync(c, tx, group, cancellationToken).ConfigureAwait(false);
        }, cancellationToken);
    }

    public Task<GroupSummary> SummarizeAsync(string group, CancellationToken cancellationToken) =>
        ReadAsync(async (c, tx) =>
        {
            var row = (await ReadGroupsAsync(c, tx, group, cancellationToken).ConfigureAwait(false)).FirstOrDefault() ?? throw new TandemConfigurationException($"unknown group '{group}'");
            long live = 0, tombstones = 0;
            await using (var count = Command(c, tx, "SELECT tombstone, COUNT(*) FROM logical_items WHERE key >= @lo AND key < @hi GROUP BY tombstone",
                ("lo", row.Id << LogicalIdBits), ("hi", (row.Id + 1) << LogicalIdBits)))
            await using (var reader = await count.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (reader.GetBoolean(0)) tombstones = reader.GetInt64(1);
                    else live = reader.GetInt64(1);
                }
            }
            var members = new List<MemberSummary>();
            var quarantine = new List<QuarantineEntry>();
            foreach (var member in row.Members)
            {
                await using (var count = Command(c, tx, "SELECT COUNT(*) FILTER (WHERE synced), COUNT(*) FILTER (WHERE status = 1) FROM member_items WHERE member_id = @m", ("m", member.Id)))
                await using (var reader = await count.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                    members.Add(new MemberSummary(member, (int)reader.GetInt64(0), (int)reader.GetInt64(1), member.Token is not null));
                }
                await using (var select = Command(c, tx, "SELECT remote_id, reason FROM quarantine WHERE member_id = @m ORDER BY remote_id COLLATE \"C\"", ("m", member.Id)))
                await using (var reader = await select.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false)) quarantine.Add(new QuarantineEntry(member.Id, reader.GetString(0), reader.GetString(1)));
                }
            }
            return new GroupSummary(row.Definition.Name, (int)live, (int)tombstones, members, quarantine, ParsePause(row.PauseJson));
        }, cancellationToken);

    private static GroupPause? ParsePause(string? json) => json is null ? null : JsonSerializer.Deserialize<GroupPause>(json);

    /// <summary>
    /// Statements queued and sent <see cref="BatchStatements"/> at a time, in order, in the caller's transaction: one round
    /// trip per few hundred rows instead of one per row, with exactly the per-row semantics (unlike a bulk unnest, an item
    /// that appears twice in a step is applied twice, in order).
    /// </summary>
    private sealed class Batch(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct) : IAsyncDisposable
    {
        private NpgsqlBatch _batch = new(connection, tx);
        private int _lastAffected = -1;

        public async Task AddAsync(string sql, params object[] values)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var value in values)
            {
                var parameter = new NpgsqlParameter { Value = value };
                if (TypeOf(value) is { } type) parameter.NpgsqlDbType = type;
                command.Parameters.Add(parameter);
            }
            _batch.BatchCommands.Add(command);
            if (_batch.BatchCommands.Count >= BatchStatements) await FlushAsync().ConfigureAwait(false);
        }

        /// <summary>Sends what is queued; the rows the last statement sent so far touched (-1 before any).</summary>
        public async Task<int> FlushAsync()
        {
            if (_batch.BatchCommands.Count == 0) return _lastAffected;
            await _batch.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            _lastAffected = _batch.BatchCommands[^1].RecordsAffected;
            await _batch.DisposeAsync().ConfigureAwait(false);
            _batch = new NpgsqlBatch(connection, tx);
            return _lastAffected;
        }

        // DBNull has no type of its own: the server infers it from the column it goes into
        private static NpgsqlDbType? TypeOf(object value) => value switch
        {
            long => NpgsqlDbType.Bigint,
            int => NpgsqlDbType.Integer,
            bool => NpgsqlDbType.Boolean,
            byte[] => NpgsqlDbType.Bytea,
            string => NpgsqlDbType.Text,
            _ => null,
        };

        public ValueTask DisposeAsync() => _batch.DisposeAsync();
    }
}
