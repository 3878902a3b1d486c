using Tandem.Core.Sync;
using Tandem.State;

namespace Tandem.Engine.Phases;

/// <summary>
/// Commits a plan's state before any write: the accepted changes, the new tokens, and the intents of the writes
/// (pending creates with their stamps, pending updates with the content hash they will leave). After this point a
/// crash loses nothing: the next cycle reads from the new tokens and recognises whatever of the writes landed.
/// </summary>
internal static class CommitPhase
{
    public static async Task<Dictionary<int, MemberTally>> RunAsync(IGroupStateStore store, GroupSyncState state, IReadOnlyList<MemberRead> reads, SyncPlan plan, CancellationToken ct)
    {
        if (Convergence.IsConverged(state, reads, plan)) plan.Delta.ConvergedAtVersion = state.Version;
        plan.Delta.TokensPlannedWith = new PlannedRules(state.Group.RulesJson);
        await store.ApplyAsync(state.Group.Name, plan.Delta, ct).ConfigureAwait(false);
        // the write counters are filled by what the writes do, not by what was planned
        var tallies = new Dictionary<int, MemberTally>();
        foreach (var member in state.Members)
        {
            var planned = plan.Tallies[member.Id];
            tallies[member.Id] = new MemberTally
            {
                Received = planned.Received, Conflicts = planned.Conflicts, Skipped = planned.Skipped,
                Quarantined = planned.Quarantined, Error = planned.Error,
            };
        }
        return tallies;
    }
}
