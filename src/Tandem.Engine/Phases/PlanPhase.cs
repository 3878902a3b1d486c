using Tandem.Core.Items;
using Tandem.Core.Sync;
using Tandem.State;

namespace Tandem.Engine.Phases;

/// <summary>
/// Plans a cycle. The snapshots a plan will probably look at are loaded first (<see cref="SnapshotNeeds"/>: a guess that
/// saves a second pass in the usual case); whatever else the planner asks for is loaded and the plan made again, until
/// it asks for nothing new. What the store cannot give stays listed in the plan's <see cref="SyncPlan.Deferred"/>.
/// </summary>
internal static class PlanPhase
{
    /// <summary>A plan needs at most: the guess, then what it found missing, then what the filled-in plan reached.</summary>
    private const int MaxRounds = 4;

    /// <returns>The plan, and the current snapshots it was made with (the versions its changes replace).</returns>
    public static async Task<(SyncPlan Plan, IReadOnlyDictionary<long, CanonicalItem> Snapshots)> RunAsync(IGroupStateStore store, GroupSyncState state, IReadOnlyList<MemberRead> reads, DateTimeOffset now, CancellationToken ct)
    {
        var group = state.Group.Name;
        var (current, bases) = SnapshotNeeds.Compute(state, reads);
        var snapshots = new Dictionary<long, CanonicalItem>();
        var revisions = new Dictionary<(long Id, long Revision), CanonicalItem>();
        var askedCurrent = new HashSet<long>();
        var askedRevisions = new HashSet<(long, long)>();
        await LoadAsync(store, group, current, bases, snapshots, revisions, askedCurrent, askedRevisions, ct).ConfigureAwait(false);
        for (var round = 1; ; round++)
        {
            var plan = SyncPlanner.Plan(new PlanInput(state, reads, snapshots, revisions, now));
            var newCurrent = plan.Missing.Current.Where(id => !askedCurrent.Contains(id)).ToList();
            var newRevisions = plan.Missing.Revisions.Where(r => !askedRevisions.Contains(r)).ToList();
            if ((newCurrent.Count == 0 && newRevisions.Count == 0) || round == MaxRounds) return (plan, snapshots);
            await LoadAsync(store, group, newCurrent, newRevisions, snapshots, revisions, askedCurrent, askedRevisions, ct).ConfigureAwait(false);
        }
    }

    private static async Task LoadAsync(IGroupStateStore store, string group, IReadOnlyCollection<long> current, IReadOnlyCollection<(long Id, long Revision)> atRevision,
        Dictionary<long, CanonicalItem> snapshots, Dictionary<(long, long), CanonicalItem> revisions, HashSet<long> askedCurrent, HashSet<(long, long)> askedRevisions, CancellationToken ct)
    {
        askedCurrent.UnionWith(current);
        askedRevisions.UnionWith(atRevision);
        if (current.Count > 0)
        {
            foreach (var (id, item) in await store.LoadSnapshotsAsync(group, current, ct).ConfigureAwait(false)) snapshots[id] = item;
        }
        if (atRevision.Count == 0) return;
        foreach (var (key, item) in await store.LoadSnapshotsAtAsync(group, atRevision, ct).ConfigureAwait(false)) revisions[key] = item;
    }
}
