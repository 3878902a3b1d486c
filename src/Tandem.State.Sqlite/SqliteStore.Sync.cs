using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using Tandem.State.Storage;
using static Tandem.State.Storage.StoreRules;

namespace Tandem.State.Sqlite;

internal sealed partial class SqliteStore
{
    public Task<GroupSyncState> LoadGroupStateAsync(string group, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            var row = ReadGroups(tx, group).FirstOrDefault() ?? throw new TandemConfigurationException($"unknown group '{group}'");
            var logical = new List<LogicalItem>();
            using (var select = Command(tx,
                "SELECT key, revision, hash, tombstone, modified, origin, base_revision, identity_keys FROM logical_items WHERE key >= $lo AND key < $hi",
                ("$lo", row.Id << Migrations.LogicalIdBits), ("$hi", (row.Id + 1) << Migrations.LogicalIdBits)))
            using (var reader = select.ExecuteReader())
            {
                var mask = (1L << Migrations.LogicalIdBits) - 1;
                while (reader.Read())
                {
                    logical.Add(new LogicalItem(
                        reader.GetInt64(0) & mask,
                        reader.GetInt64(1),
                        ReadHash(reader, 2),
                        reader.GetInt64(3) != 0,
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
                        (int)reader.GetInt64(5),
                        reader.GetInt64(6),
                        reader.IsDBNull(7) ? null : reader.GetString(7)));
                }
            }
            var memberItems = new List<MemberItem>();
            var quarantine = new List<QuarantineEntry>();
            foreach (var member in row.Members)
            {
                using (var select = Command(tx, "SELECT logical_id, status, data FROM member_items WHERE member_id = $m", ("$m", member.Id)))
                using (var reader = select.ExecuteReader())
                {
                    while (reader.Read())
                    {
                        memberItems.Add(MemberItemCodec.Decode(reader.GetFieldValue<byte[]>(2), reader.GetInt64(0), member.Id, (MemberItemStatus)reader.GetInt64(1)));
                    }
                }
                using (var select = Command(tx, "SELECT remote_id, reason FROM quarantine WHERE member_id = $m ORDER BY remote_id", ("$m", member.Id)))
                using (var reader = select.ExecuteReader())
                {
                    while (reader.Read()) quarantine.Add(new QuarantineEntry(member.Id, reader.GetString(0), reader.GetString(1)));
                }
            }
            return new GroupSyncState(row.Definition, row.Uid, row.Members, logical, memberItems, quarantine, ParsePause(row.PauseJson), row.NextLogical, row.Version);
        }, cancellationToken);

    public Task<GroupHead> LoadGroupHeadAsync(string group, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            var row = ReadGroups(tx, group).FirstOrDefault() ?? throw new TandemConfigurationException($"unknown group '{group}'");
            return new GroupHead(row.Definition, row.Uid, row.Members, ParsePause(row.PauseJson), row.Version, row.Converged);
        }, cancellationToken);

    public Task<IReadOnlyDictionary<long, CanonicalItem>> LoadSnapshotsAsync(string group, IReadOnlyCollection<long> logicalIds, CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyDictionary<long, CanonicalItem>>(tx =>
        {
            var groupId = RequireGroup(tx, group);
            var result = new Dictionary<long, CanonicalItem>(logicalIds.Count);
            using var select = Command(tx, "SELECT snapshot FROM logical_snapshots WHERE key = $k");
            var key = select.Parameters.Add("$k", SqliteType.Integer);
            foreach (var id in logicalIds)
            {
                key.Value = (groupId << Migrations.LogicalIdBits) | id;
                if (select.ExecuteScalar() is byte[] data) result[id] = SnapshotCodec.Decode(data);
            }
            return result;
        }, cancellationToken);

    public Task<IReadOnlyDictionary<(long Id, long Revision), CanonicalItem>> LoadSnapshotsAtAsync(string group, IReadOnlyCollection<(long Id, long Revision)> revisions, CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyDictionary<(long Id, long Revision), CanonicalItem>>(tx =>
        {
            var groupId = RequireGroup(tx, group);
            var result = new Dictionary<(long Id, long Revision), CanonicalItem>(revisions.Count);
            using var select = Command(tx, "SELECT snapshot FROM snapshot_history WHERE key = $k AND revision = $r");
            var key = select.Parameters.Add("$k", SqliteType.Integer);
            var revision = select.Parameters.Add("$r", SqliteType.Integer);
            foreach (var (id, rev) in revisions)
            {
                key.Value = (groupId << Migrations.LogicalIdBits) | id;
                revision.Value = rev;
                if (select.ExecuteScalar() is byte[] data) result[(id, rev)] = SnapshotCodec.Decode(data);
            }
            return result;
        }, cancellationToken);

    public Task ApplyAsync(string group, StateDelta delta, CancellationToken cancellationToken)
    {
        if (delta.IsEmpty) return Task.CompletedTask;
        // snapshots are encoded one at a time as they are written: an initial sync's 100,000 encoded snapshots held at
        // once would be tens of megabytes at the cycle's peak; the cost is a longer hold of the database for big steps
        return InTransactionAsync(tx =>
        {
            var groupId = RequireGroup(tx, group);
            var prefix = groupId << Migrations.LogicalIdBits;
            if (delta.LogicalUpserts.Count > 0)
            {
                // history first: the snapshot being replaced is kept under its revision when the item's BaseRevision
                // still reaches it (a member is on it); rows below BaseRevision (or all, when none is kept) are dropped
                using var keep = Command(tx, """
                    INSERT OR IGNORE INTO snapshot_history(key, revision, snapshot)
                    SELECT l.key, l.revision, s.snapshot FROM logical_items l JOIN logical_snapshots s ON s.key = l.key
                    WHERE l.key = $k AND $b > 0 AND l.revision >= $b AND l.revision < $rev AND l.tombstone = 0 AND s.snapshot IS NOT NULL
                    """);
                var kk = keep.Parameters.Add("$k", SqliteType.Integer);
                var kb = keep.Parameters.Add("$b", SqliteType.Integer);
                var kr = keep.Parameters.Add("$rev", SqliteType.Integer);
                using var trim = Command(tx, $"""
                    DELETE FROM snapshot_history WHERE key = $k AND ($b = 0 OR revision < $b OR revision >= $rev OR revision NOT IN
                        (SELECT revision FROM snapshot_history WHERE key = $k ORDER BY revision DESC LIMIT {MaxKeptRevisions}))
                    """);
                var tk = trim.Parameters.Add("$k", SqliteType.Integer);
                var tb = trim.Parameters.Add("$b", SqliteType.Integer);
                var tr = trim.Parameters.Add("$rev", SqliteType.Integer);
                using var snapshot = Command(tx, """
                    INSERT INTO logical_snapshots(key, snapshot, base_snapshot) VALUES ($k, $s, NULL)
                    ON CONFLICT(key) DO UPDATE SET snapshot = COALESCE(excluded.snapshot, logical_snapshots.snapshot)
                    """);
                var sk = snapshot.Parameters.Add("$k", SqliteType.Integer);
                var ss = snapshot.Parameters.Add("$s", SqliteType.Blob);
                using var dropSnapshot = Command(tx, "DELETE FROM logical_snapshots WHERE key = $k");
                var dk = dropSnapshot.Parameters.Add("$k", SqliteType.Integer);
                using var upsert = Command(tx, """
                    INSERT INTO logical_items(key, revision, hash, tombstone, modified, origin, base_revision, identity_keys)
                    VALUES ($k, $rev, $h, $t, $m, $o, $b, $i)
                    ON CONFLICT(key) DO UPDATE SET
                        revision = excluded.revision, hash = excluded.hash, tombstone = excluded.tombstone,
                        modified = excluded.modified, origin = excluded.origin, base_revision = excluded.base_revision,
                        identity_keys = excluded.identity_keys
                    """);
                var k = upsert.Parameters.Add("$k", SqliteType.Integer);
                var rev = upsert.Parameters.Add("$rev", SqliteType.Integer);
                var h = upsert.Parameters.Add("$h", SqliteType.Blob);
                var t = upsert.Parameters.Add("$t", SqliteType.Integer);
                var m = upsert.Parameters.Add("$m", SqliteType.Integer);
                var o = upsert.Parameters.Add("$o", SqliteType.Integer);
                var b = upsert.Parameters.Add("$b", SqliteType.Integer);
                var ik = upsert.Parameters.Add("$i", SqliteType.Text);
                for (var i = 0; i < delta.LogicalUpserts.Count; i++)
                {
                    var item = delta.LogicalUpserts[i].Item;
                    var key = prefix | item.Id;
                    var encoded = item.Tombstone || delta.LogicalUpserts[i].Snapshot is not { } content ? null : SnapshotCodec.Encode(content);
                    if (encoded is not null && item.BaseRevision != 0)
                    {
                        kk.Value = key;
                        kb.Value = item.BaseRevision;
                        kr.Value = item.Revision;
                        keep.ExecuteNonQuery();
                    }
                    if (item.Revision > 1 || item.BaseRevision != 0)
                    {
                        // a first revision has no history: initial syncs skip the statement
                        tk.Value = key;
                        tb.Value = item.Tombstone ? 0 : item.BaseRevision;
                        tr.Value = item.Revision;
                        trim.ExecuteNonQuery();
                    }
                    if (item.Tombstone)
                    {
                        // a deleted item needs no content: it is never written again
                        dk.Value = key;
                        dropSnapshot.ExecuteNonQuery();
                    }
                    else
                    {
                        sk.Value = key;
                        ss.Value = (object?)encoded ?? DBNull.Value;
                        snapshot.ExecuteNonQuery();
                    }
                    k.Value = key;
                    rev.Value = item.Revision;
                    h.Value = item.Hash.ToBytes();
                    t.Value = item.Tombstone ? 1 : 0;
                    m.Value = item.Modified.ToUnixTimeMilliseconds();
                    o.Value = item.OriginMember;
                    b.Value = item.BaseRevision;
                    ik.Value = (object?)item.DeletedIdentity ?? DBNull.Value;
                    upsert.ExecuteNonQuery();
                }
            }
            if (delta.LogicalRemovals.Count > 0)
            {
                using var delete = Command(tx, "DELETE FROM logical_items WHERE key = $k");
                var k = delete.Parameters.Add("$k", SqliteType.Integer);
                using var deleteSnapshot = Command(tx, "DELETE FROM logical_snapshots WHERE key = $k");
                var sk = deleteSnapshot.Parameters.Add("$k", SqliteType.Integer);
                using var deleteHistory = Command(tx, "DELETE FROM snapshot_history WHERE key = $k");
                var hk = deleteHistory.Parameters.Add("$k", SqliteType.Integer);
                foreach (var id in delta.LogicalRemovals)
                {
                    k.Value = sk.Value = hk.Value = prefix | id;
                    delete.ExecuteNonQuery();
                    deleteSnapshot.ExecuteNonQuery();
                    deleteHistory.ExecuteNonQuery();
                }
            }
            if (delta.MemberItemUpserts.Count > 0)
            {
                using var upsert = Command(tx, "INSERT OR REPLACE INTO member_items(member_id, logical_id, status, synced, data) VALUES ($m, $l, $s, $y, $d)");
                var m = upsert.Parameters.Add("$m", SqliteType.Integer);
                var l = upsert.Parameters.Add("$l", SqliteType.Integer);
                var s = upsert.Parameters.Add("$s", SqliteType.Integer);
                var y = upsert.Parameters.Add("$y", SqliteType.Integer);
                var d = upsert.Parameters.Add("$d", SqliteType.Blob);
                foreach (var item in delta.MemberItemUpserts)
                {
                    m.Value = item.MemberId;
                    l.Value = item.LogicalId;
                    s.Value = (int)item.Status;
                    y.Value = item.Status == MemberItemStatus.Synced && item.RemoteId is not null ? 1 : 0;
                    d.Value = MemberItemCodec.Encode(item);
                    upsert.ExecuteNonQuery();
                }
            }
            if (delta.MemberItemRemovals.Count > 0)
            {
                using var delete = Command(tx, "DELETE FROM member_items WHERE member_id = $m AND logical_id = $l");
                var m = delete.Parameters.Add("$m", SqliteType.Integer);
                var l = delete.Parameters.Add("$l", SqliteType.Integer);
                foreach (var (memberId, logicalId) in delta.MemberItemRemovals)
                {
                    m.Value = memberId;
                    l.Value = logicalId;
                    delete.ExecuteNonQuery();
                }
            }
            foreach (var (memberId, token) in TokensStillPlanned(tx, groupId, group, delta))
            {
                using var update = Command(tx, "UPDATE members SET token = $t WHERE id = $m AND group_id = $g", ("$t", token), ("$m", memberId), ("$g", groupId));
                update.ExecuteNonQuery();
            }
            if (delta.NextLogicalId > 0)
            {
                using var update = Command(tx, "UPDATE groups SET next_logical = MAX(next_logical, $n) WHERE id = $g", ("$n", delta.NextLogicalId), ("$g", groupId));
                update.ExecuteNonQuery();
            }
            foreach (var (memberId, remoteId) in delta.QuarantineRemovals)
            {
                using var delete = Command(tx, "DELETE FROM quarantine WHERE member_id = $m AND remote_id = $r", ("$m", memberId), ("$r", remoteId));
                delete.ExecuteNonQuery();
            }
            foreach (var entry in delta.QuarantineAdds)
            {
                using var insert = Command(tx, """
                    INSERT INTO quarantine(member_id, remote_id, reason, since) VALUES ($m, $r, $why, $now)
                    ON CONFLICT(member_id, remote_id) DO UPDATE SET reason = excluded.reason
                    """, ("$m", entry.MemberId), ("$r", entry.RemoteId), ("$why", entry.Reason), ("$now", NowMs()));
                insert.ExecuteNonQuery();
            }
            if (delta.ClearPause || delta.Pause is not null)
            {
                using var update = Command(tx, "UPDATE groups SET pause = $p WHERE id = $g",
                    ("$p", delta.Pause is null ? null : JsonSerializer.Serialize(delta.Pause)), ("$g", groupId));
                update.ExecuteNonQuery();
            }
            WriteHistory(tx, groupId, delta.History);
            // same transaction as the step itself: a crash can never leave "converged" standing beside pending work
            using var settle = delta.ConvergedAtVersion is { } version
                ? Command(tx, "UPDATE groups SET converged = (version = $v) WHERE id = $g", ("$v", version), ("$g", groupId))
                : Command(tx, "UPDATE groups SET converged = 0, version = version + 1 WHERE id = $g", ("$g", groupId));
            settle.ExecuteNonQuery();
        }, cancellationToken);
    }

    public Task<GroupSummary> SummarizeAsync(string group, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            var row = ReadGroups(tx, group).FirstOrDefault() ?? throw new TandemConfigurationException($"unknown group '{group}'");
            long live = 0, tombstones = 0;
            using (var count = Command(tx, "SELECT tombstone, COUNT(*) FROM logical_items WHERE key >= $lo AND key < $hi GROUP BY tombstone",
                ("$lo", row.Id << Migrations.LogicalIdBits), ("$hi", (row.Id + 1) << Migrations.LogicalIdBits)))
            using (var reader = count.ExecuteReader())
            {
                while (reader.Read())
                {
                    if (reader.GetInt64(0) != 0) tombstones = reader.GetInt64(1);
                    else live = reader.GetInt64(1);
                }
            }
            var members = new List<MemberSummary>();
            var quarantine = new List<QuarantineEntry>();
            foreach (var member in row.Members)
            {
                using (var count = Command(tx, "SELECT SUM(synced), SUM(status = 1) FROM member_items WHERE member_id = $m", ("$m", member.Id)))
                using (var reader = count.ExecuteReader())
                {
                    reader.Read();
                    members.Add(new MemberSummary(member, reader.IsDBNull(0) ? 0 : (int)reader.GetInt64(0), reader.IsDBNull(1) ? 0 : (int)reader.GetInt64(1), member.Token is not null));
                }
                using (var select = Command(tx, "SELECT remote_id, reason FROM quarantine WHERE member_id = $m ORDER BY remote_id", ("$m", member.Id)))
                using (var reader = select.ExecuteReader())
                {
                    while (reader.Read()) quarantine.Add(new QuarantineEntry(member.Id, reader.GetString(0), reader.GetString(1)));
                }
            }
            return new GroupSummary(row.Definition.Name, (int)live, (int)tombstones, members, quarantine, ParsePause(row.PauseJson));
        }, cancellationToken);

    // GetFieldValue rather than GetBytes: GetBytes may open an incremental blob handle per row
    private static Hash128 ReadHash(SqliteDataReader reader, int ordinal) => Hash128.FromBytes(reader.GetFieldValue<byte[]>(ordinal));

    private static GroupPause? ParsePause(string? json) => json is null ? null : JsonSerializer.Deserialize<GroupPause>(json);
}
