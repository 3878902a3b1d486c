using System.Text.Json;
using Tandem.Core.History;

namespace Tandem.State.Postgres;

/// <summary>The items' change history (<see cref="IItemHistoryStore"/>), written by <see cref="ApplyAsync"/> in the step it describes.</summary>
internal sealed partial class PostgresStore
{
    /// <summary>Queues a step's history lines into its batch (same transaction as the step).</summary>
    private static async Task WriteHistoryAsync(Batch batch, long groupId, IReadOnlyList<HistoryEntry> entries)
    {
        foreach (var entry in entries)
        {
            await batch.AddAsync("""
                INSERT INTO item_history(group_id, logical_id, revision, at, action, member_id, title, changes, detail)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                """, groupId, entry.LogicalId, entry.Revision, entry.At.ToUnixTimeMilliseconds(), (int)entry.Action, entry.MemberId,
                (object?)entry.Title ?? DBNull.Value, entry.Changes is { Count: > 0 } changes ? JsonSerializer.Serialize(changes) : DBNull.Value,
                (object?)entry.Detail ?? DBNull.Value).ConfigureAwait(false);
        }
    }

    public Task<IReadOnlyList<HistoryEntry>> LoadItemHistoryAsync(string group, long logicalId, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<HistoryEntry>>(async (c, tx) =>
        {
            var groupId = await RequireGroupAsync(c, tx, group, cancellationToken).ConfigureAwait(false);
            return await ReadAllAsync(Command(c, tx, """
                SELECT revision, at, action, member_id, title, changes, detail FROM item_history
                WHERE group_id = @g AND logical_id = @l ORDER BY at, id
                """, ("g", groupId), ("l", logicalId)), r => new HistoryEntry(
                    logicalId, r.GetInt64(0), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(1)), (HistoryAction)r.GetInt32(2),
                    r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4),
                    r.IsDBNull(5) ? null : JsonSerializer.Deserialize<List<FieldChange>>(r.GetString(5)),
                    r.IsDBNull(6) ? null : r.GetString(6)), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<IReadOnlyList<HistoryHit>> SearchHistoryAsync(string? group, string text, int limit, CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<HistoryHit>>(async (c, tx) =>
        {
            long? groupId = group is null ? null : await RequireGroupAsync(c, tx, group, cancellationToken).ConfigureAwait(false);
            // the latest titled line per item; strpos on lower() is a plain substring match (no LIKE wildcards to escape)
            return await ReadAllAsync(Command(c, tx, """
                SELECT g.name, h.logical_id, h.title, h.at FROM item_history h JOIN groups g ON g.id = h.group_id
                WHERE h.id IN (SELECT MAX(id) FROM item_history WHERE title IS NOT NULL AND (@g::bigint IS NULL OR group_id = @g) GROUP BY group_id, logical_id)
                  AND strpos(lower(h.title), lower(@q)) > 0
                ORDER BY h.at DESC LIMIT @n
                """, ("g", groupId), ("q", text), ("n", limit)),
                r => new HistoryHit(r.GetString(0), r.GetInt64(1), r.GetString(2), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3))), cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    public Task<int> CountChangedItemsAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        ReadAsync(async (c, tx) => Convert.ToInt32(await ScalarAsync(c, tx, """
            SELECT COUNT(*) FROM (SELECT DISTINCT group_id, logical_id FROM item_history WHERE at >= @t AND action <= 3) changed
            """, cancellationToken, ("t", since.ToUnixTimeMilliseconds())).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture), cancellationToken);

    public Task<int> PruneHistoryAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        InTransactionAsync((c, tx) => ExecuteAsync(c, tx, "DELETE FROM item_history WHERE at < @t", cancellationToken, ("t", olderThan.ToUnixTimeMilliseconds())), cancellationToken);
}
