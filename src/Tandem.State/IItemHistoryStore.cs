using Tandem.Core.History;

namespace Tandem.State;

/// <summary>
/// The items' change history ("why did this contact change?"). Entries are written by
/// <see cref="IGroupStateStore.ApplyAsync"/> from <see cref="Core.Sync.StateDelta.History"/>, in the step they describe;
/// they go with their group and are pruned by age (<see cref="PruneHistoryAsync"/>).
/// </summary>
public interface IItemHistoryStore
{
    /// <summary>Every kept entry of one logical item, oldest first.</summary>
    Task<IReadOnlyList<HistoryEntry>> LoadItemHistoryAsync(string group, long logicalId, CancellationToken cancellationToken);

    /// <summary>
    /// Items whose recorded title (name, e-mail addresses, subject) contains <paramref name="text"/> (case-insensitive),
    /// in one group or every group (null), most recently changed first, at most <paramref name="limit"/>.
    /// </summary>
    Task<IReadOnlyList<HistoryHit>> SearchHistoryAsync(string? group, string text, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// How many items were created, edited, deleted or restored at or after <paramref name="since"/>, over every group
    /// (each item once, however often it changed; deliveries, conflicts and quarantines are not changes of their own).
    /// </summary>
    Task<int> CountChangedItemsAsync(DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Deletes the entries recorded before <paramref name="olderThan"/>; returns how many.</summary>
    Task<int> PruneHistoryAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
