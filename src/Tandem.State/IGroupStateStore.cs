using Tandem.Core.Items;
using Tandem.Core.Sync;

namespace Tandem.State;

/// <summary>
/// Each group's hub state: logical items with their snapshots, member items, create intents, tokens,
/// quarantine, pause and the "converged" record. Every method is one transaction. A group that is not configured
/// throws <see cref="TandemConfigurationException"/> (an empty delta is a no-op and is not checked).
/// </summary>
public interface IGroupStateStore
{
    /// <summary>A group's hub state for planning (without snapshots).</summary>
    Task<GroupSyncState> LoadGroupStateAsync(string group, CancellationToken cancellationToken);

    /// <summary>
    /// The group's settings, members, pause and "converged" record, without its items. A store that keeps no such record
    /// answers "not converged", which only costs the fast path.
    /// </summary>
    async Task<GroupHead> LoadGroupHeadAsync(string group, CancellationToken cancellationToken)
    {
        var state = await LoadGroupStateAsync(group, cancellationToken).ConfigureAwait(false);
        return new GroupHead(state.Group, state.GroupUid, state.Members, state.Pause, state.Version, Converged: false);
    }

    /// <summary>Current snapshots of the given logical items (missing ids are absent from the result).</summary>
    Task<IReadOnlyDictionary<long, CanonicalItem>> LoadSnapshotsAsync(string group, IReadOnlyCollection<long> logicalIds, CancellationToken cancellationToken);

    /// <summary>
    /// Earlier revisions of items, kept as merge bases for members still on them (see <see cref="LogicalItem.BaseRevision"/>):
    /// the revisions asked for that are still kept; the others are absent from the result.
    /// </summary>
    Task<IReadOnlyDictionary<(long Id, long Revision), CanonicalItem>> LoadSnapshotsAtAsync(string group, IReadOnlyCollection<(long Id, long Revision)> revisions, CancellationToken cancellationToken);

    /// <summary>Applies one step of a cycle atomically.</summary>
    Task ApplyAsync(string group, StateDelta delta, CancellationToken cancellationToken);

    /// <summary>Counts and problems of a group for status displays, without loading its items.</summary>
    Task<GroupSummary> SummarizeAsync(string group, CancellationToken cancellationToken);
}
