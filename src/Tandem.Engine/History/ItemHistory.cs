using Tandem.Core.History;
using Tandem.State;

namespace Tandem.Engine.History;

/// <summary>An item found by <see cref="ItemHistory.SearchAsync"/>: its group, id and name; <see cref="Live"/> when it exists now.</summary>
public sealed record ItemMatch(string Group, long LogicalId, string Title, bool Live, DateTimeOffset? LastChanged);

/// <summary>One history line with its member named (a removed member shows as <c>member #ID (removed)</c>).</summary>
public sealed record ItemHistoryLine(HistoryEntry Entry, string Member);

/// <summary>
/// "Why did this contact change?": finds items by name, e-mail address or subject — the live ones in the group's
/// snapshots, deleted ones by the titles their history recorded — and lists an item's history. What the panel and
/// <c>tandem history</c> call.
/// </summary>
public sealed class ItemHistory(IStateStore store, TimeProvider time)
{
    /// <summary>How long history is kept when nothing else is set.</summary>
    public const int DefaultRetentionDays = 90;

    /// <summary>Items matching <paramref name="text"/> in <paramref name="group"/> (every group when null), live ones first.</summary>
    public async Task<IReadOnlyList<ItemMatch>> SearchAsync(string text, string? group, int limit, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException("give a name, e-mail address or subject to search for");
        var groups = group is not null
            ? [(await store.GetGroupAsync(group, ct).ConfigureAwait(false) ?? throw new TandemConfigurationException($"unknown group '{group}'")).Name]
            : (await store.ListGroupsAsync(ct).ConfigureAwait(false)).Select(g => g.Name).ToList();
        var found = new List<ItemMatch>();
        var seen = new HashSet<(string, long)>();
        foreach (var name in groups)
        {
            var state = await store.LoadGroupStateAsync(name, ct).ConfigureAwait(false);
            var live = state.LogicalItems.Where(l => !l.Tombstone).Select(l => l.Id).ToList();
            foreach (var chunk in live.Chunk(2000))
            {
                foreach (var (id, item) in await store.LoadSnapshotsAsync(name, chunk, ct).ConfigureAwait(false))
                {
                    if (!ItemLabel.Matches(item, text) || !seen.Add((name, id))) continue;
                    found.Add(new ItemMatch(name, id, ItemLabel.Of(item), true, null));
                }
            }
        }
        var last = (await store.SearchHistoryAsync(group, text, Math.Max(limit, 1) * 4, ct).ConfigureAwait(false)).ToDictionary(h => (h.Group, h.LogicalId));
        for (var i = 0; i < found.Count; i++)
        {
            if (last.TryGetValue((found[i].Group, found[i].LogicalId), out var hit)) found[i] = found[i] with { LastChanged = hit.LastChanged };
        }
        foreach (var hit in last.Values.Where(h => seen.Add((h.Group, h.LogicalId))).OrderByDescending(h => h.LastChanged))
            found.Add(new ItemMatch(hit.Group, hit.LogicalId, hit.Title, false, hit.LastChanged));
        return found.Take(limit).ToList();
    }

    /// <summary>An item's kept history, oldest first, members named.</summary>
    public async Task<IReadOnlyList<ItemHistoryLine>> LoadAsync(string group, long logicalId, CancellationToken ct)
    {
        var lines = await store.LoadItemHistoryAsync(group, logicalId, ct).ConfigureAwait(false);
        var state = await store.LoadGroupHeadAsync(group, ct).ConfigureAwait(false);
        var names = state.Members.ToDictionary(m => m.Id, m => m.Folder.ToString());
        return lines.Select(l => new ItemHistoryLine(l, names.GetValueOrDefault(l.MemberId) ?? $"member #{l.MemberId} (removed)")).ToList();
    }

    /// <summary>Drops history older than <paramref name="retentionDays"/>; the service calls it daily. Returns how many lines went.</summary>
    public Task<int> PruneAsync(int retentionDays, CancellationToken ct)
    {
        if (retentionDays < 1) throw new ArgumentOutOfRangeException(nameof(retentionDays), retentionDays, "history retention must be at least one day");
        return store.PruneHistoryAsync(time.GetUtcNow().AddDays(-retentionDays), ct);
    }
}
