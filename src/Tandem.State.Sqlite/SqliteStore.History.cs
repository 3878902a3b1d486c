using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tandem.Core.History;

namespace Tandem.State.Sqlite;

internal sealed partial class SqliteStore
{
    /// <summary>Writes a step's history lines inside its transaction (see <see cref="ApplyAsync"/>).</summary>
    private void WriteHistory(SqliteTransaction tx, long groupId, IReadOnlyList<HistoryEntry> entries)
    {
        if (entries.Count == 0) return;
        using var insert = Command(tx, """
            INSERT INTO item_history(group_id, logical_id, revision, at, action, member_id, title, changes, detail)
            VALUES ($g, $l, $r, $at, $a, $m, $t, $c, $d)
            """);
        insert.Parameters.AddWithValue("$g", groupId);
        var l = insert.Parameters.Add("$l", SqliteType.Integer);
        var r = insert.Parameters.Add("$r", SqliteType.Integer);
        var at = insert.Parameters.Add("$at", SqliteType.Integer);
        var a = insert.Parameters.Add("$a", SqliteType.Integer);
        var m = insert.Parameters.Add("$m", SqliteType.Integer);
        var t = insert.Parameters.Add("$t", SqliteType.Text);
        var c = insert.Parameters.Add("$c", SqliteType.Text);
        var d = insert.Parameters.Add("$d", SqliteType.Text);
        foreach (var entry in entries)
        {
            l.Value = entry.LogicalId;
            r.Value = entry.Revision;
            at.Value = entry.At.ToUnixTimeMilliseconds();
            a.Value = (int)entry.Action;
            m.Value = entry.MemberId;
            t.Value = (object?)entry.Title ?? DBNull.Value;
            c.Value = entry.Changes is { Count: > 0 } changes ? JsonSerializer.Serialize(changes) : DBNull.Value;
            d.Value = (object?)entry.Detail ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }
    }

    public Task<IReadOnlyList<HistoryEntry>> LoadItemHistoryAsync(string group, long logicalId, CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<HistoryEntry>>(tx =>
        {
            var groupId = RequireGroup(tx, group);
            using var select = Command(tx, """
                SELECT revision, at, action, member_id, title, changes, detail FROM item_history
                WHERE group_id = $g AND logical_id = $l ORDER BY at, id
                """, ("$g", groupId), ("$l", logicalId));
            using var reader = select.ExecuteReader();
            var result = new List<HistoryEntry>();
            while (reader.Read())
            {
                result.Add(new HistoryEntry(
                    logicalId, reader.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)), (HistoryAction)reader.GetInt64(2),
                    (int)reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : JsonSerializer.Deserialize<List<FieldChange>>(reader.GetString(5)),
                    reader.IsDBNull(6) ? null : reader.GetString(6)));
            }
            return result;
        }, cancellationToken);

    public Task<IReadOnlyList<HistoryHit>> SearchHistoryAsync(string? group, string text, int limit, CancellationToken cancellationToken) =>
        InTransactionAsync<IReadOnlyList<HistoryHit>>(tx =>
        {
            long? groupId = group is null ? null : RequireGroup(tx, group);
            // the latest titled line per item; instr on lower() is a plain substring match (no LIKE wildcards to escape)
            using var select = Command(tx, """
                SELECT g.name, h.logical_id, h.title, h.at FROM item_history h JOIN groups g ON g.id = h.group_id
                WHERE h.id IN (SELECT MAX(id) FROM item_history WHERE title IS NOT NULL AND ($g IS NULL OR group_id = $g) GROUP BY group_id, logical_id)
                  AND instr(lower(h.title), lower($q)) > 0
                ORDER BY h.at DESC LIMIT $n
                """, ("$g", groupId), ("$q", text), ("$n", limit));
            using var reader = select.ExecuteReader();
            var result = new List<HistoryHit>();
            while (reader.Read())
                result.Add(new HistoryHit(reader.GetString(0), reader.GetInt64(1), reader.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3))));
            return result;
        }, cancellationToken);

    public Task<int> CountChangedItemsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            // a range of the item_history_at index; actions 0-3 are created, updated, deleted, restored
            using var count = Command(tx, """
                SELECT COUNT(*) FROM (SELECT DISTINCT group_id, logical_id FROM item_history WHERE at >= $t AND action <= 3)
                """, ("$t", since.ToUnixTimeMilliseconds()));
            return Convert.ToInt32(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }, cancellationToken);

    public Task<int> PruneHistoryAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        InTransactionAsync(tx =>
        {
            using var delete = Command(tx, "DELETE FROM item_history WHERE at < $t", ("$t", olderThan.ToUnixTimeMilliseconds()));
            return delete.ExecuteNonQuery();
        }, cancellationToken);
}
