using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Sync;
using Tandem.State;

namespace Tandem.Engine;

/// <summary>
/// Runs cycles: read every member, plan (pure, <see cref="SyncPlanner"/>), commit the plan's state with the
/// intents of its creates, then write each member in batches and commit each batch's results. A process
/// killed anywhere in between resumes without loss or duplicates: uncommitted reads are read again, and
/// interrupted creates are found by their stamp before anything is created again.
/// </summary>
public sealed class SyncEngine
{
    private readonly IStateStore _store;
    private readonly ConnectorRegistry _registry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public SyncEngine(IStateStore store, ConnectorRegistry registry, TimeProvider time, ILogger<SyncEngine>? logger)
    {
        _store = store;
        _registry = registry;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>One cycle of one group. A paused group is not touched; its report says why it waits.</summary>
    public async Task<CycleReport> SyncAsync(string group, SyncOptions options, CancellationToken ct)
    {
        var head = await _store.LoadGroupHeadAsync(group, ct).ConfigureAwait(false);
        if (head.Pause is { } paused)
            return new CycleReport(group, options.DryRun, head.Members.Select(m => Report(m, new MemberTally())).ToList(), true, paused.Reason);
        CheckMembers(head.Group, head.Members);

        await using var sessions = await MemberSessions.OpenAsync(_store, _registry, head.Members, head.Group.Kind, ct).ConfigureAwait(false);
        List<MemberRead>? early = null;
        if (head.Converged)
        {
            early = await ReadAllAsync(head.Members, sessions, ct).ConfigureAwait(false);
            if (Convergence.NothingChanged(early)) return await QuietCycleAsync(head, early, options, ct).ConfigureAwait(false);
        }

        var committed = await PlanAndCommitAsync(group, head, early, sessions, options, ct).ConfigureAwait(false);
        early = null;
        if (committed.Done is { } done) return done;

        await ExecuteAsync(group, committed.Members, sessions, committed.Writes, committed.Tallies, options, ct).ConfigureAwait(false);
        await PostWriteCatchUp.RunAsync(_store, group, sessions, committed.Tallies.Where(t => t.Value.Created > 0).Select(t => t.Key).ToList(), ct).ConfigureAwait(false);

        var report = new CycleReport(group, false, committed.Members.Select(m => Report(m, committed.Tallies[m.Id])).ToList(), committed.Pause is not null, committed.Pause?.Reason);
        EngineLog.CycleDone(_logger, group, report.TotalWrites);
        return report;
    }

    /// <summary>What a committed plan leaves for the writes; the reads, the state and the plan's delta are let go first.</summary>
    private sealed record Committed(
        CycleReport? Done, IReadOnlyList<SyncMember> Members, IReadOnlyList<PlannedWrite> Writes, Dictionary<int, MemberTally> Tallies, GroupPause? Pause);

    /// <summary>
    /// Loads the state, reads (unless the early reads still stand), plans and commits the plan's state. Kept apart so that
    /// everything only planning needed (state, reads, snapshots, the delta) can be collected before the writes run.
    /// </summary>
    private async Task<Committed> PlanAndCommitAsync(string group, GroupHead head, List<MemberRead>? early, MemberSessions sessions, SyncOptions options, CancellationToken ct)
    {
        var state = await _store.LoadGroupStateAsync(group, ct).ConfigureAwait(false);
        if (state.Pause is { } pausedNow)
            return Finished(new CycleReport(group, options.DryRun, state.Members.Select(m => Report(m, new MemberTally())).ToList(), true, pausedNow.Reason));
        CheckMembers(state.Group, state.Members);
        if (!options.DryRun && await ResolvePendingCreatesAsync(state, sessions, ct).ConfigureAwait(false))
            state = await _store.LoadGroupStateAsync(group, ct).ConfigureAwait(false);

        // the early reads stand only if they were made from exactly the tokens of the state planned from
        var reads = early is not null && SameMembers(head.Members, state.Members)
            ? early
            : await ReadAllAsync(state.Members, sessions, ct).ConfigureAwait(false);
        foreach (var failed in reads.Where(r => !r.Succeeded))
            EngineLog.ReadFailed(_logger, group, Folder(state, failed.MemberId), failed.Error ?? "");

        var (current, bases) = SnapshotNeeds.Compute(state, reads);
        var snapshots = current.Count == 0 ? Empty : await _store.LoadSnapshotsAsync(group, current, ct).ConfigureAwait(false);
        var baseSnapshots = bases.Count == 0 ? Empty : await _store.LoadBaseSnapshotsAsync(group, bases, ct).ConfigureAwait(false);
        var plan = SyncPlanner.Plan(new PlanInput(state, reads, snapshots, baseSnapshots, _time.GetUtcNow()));
        foreach (var q in plan.Delta.QuarantineAdds) EngineLog.Quarantined(_logger, group, Folder(state, q.MemberId), q.RemoteId, q.Reason);

        if (options.DryRun)
            return Finished(new CycleReport(group, true, state.Members.Select(m => Report(m, plan.Tallies[m.Id])).ToList(), plan.Pause is not null, plan.Pause?.Reason));

        if (Convergence.IsConverged(state, reads, plan)) plan.Delta.ConvergedAtVersion = state.Version;
        await _store.ApplyAsync(group, plan.Delta, ct).ConfigureAwait(false);
        if (plan.Pause is not null) EngineLog.Paused(_logger, group, plan.Pause.Reason);

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
        return new Committed(null, state.Members, plan.Writes, tallies, plan.Pause);
    }

    private static Committed Finished(CycleReport report) => new(report, [], [], [], null);

    /// <summary>Lets the withheld deletions of a paused group go ahead, then runs a cycle to spread them.</summary>
    public async Task ApproveAsync(string group, CancellationToken ct)
    {
        var state = await _store.LoadGroupStateAsync(group, ct).ConfigureAwait(false);
        if (state.Pause is null) throw new TandemConfigurationException($"group '{group}' is not paused");
        await _store.ApplyAsync(group, PauseDecisions.Approve(state, _time.GetUtcNow()), ct).ConfigureAwait(false);
        EngineLog.Decision(_logger, group, "approved");
        await SyncAsync(group, SyncOptions.Default, ct).ConfigureAwait(false);
    }

    /// <summary>Undoes the withheld deletions: recreates the items from the group's snapshots in the members that deleted them.</summary>
    public async Task RejectAsync(string group, CancellationToken ct)
    {
        var state = await _store.LoadGroupStateAsync(group, ct).ConfigureAwait(false);
        if (state.Pause is null) throw new TandemConfigurationException($"group '{group}' is not paused");
        var ids = state.Pause.PendingDeletions.Select(p => p.LogicalId).Distinct().ToList();
        var snapshots = await _store.LoadSnapshotsAsync(group, ids, ct).ConfigureAwait(false);
        var (delta, writes) = PauseDecisions.Reject(state, snapshots, new RuleEngine(SyncRules.Parse(state.Group.RulesJson)));
        await _store.ApplyAsync(group, delta, ct).ConfigureAwait(false);
        EngineLog.Decision(_logger, group, "rejected");
        await using (var sessions = await MemberSessions.OpenAsync(_store, _registry, state.Members, state.Group.Kind, ct).ConfigureAwait(false))
        {
            var tallies = state.Members.ToDictionary(m => m.Id, _ => new MemberTally());
            await ExecuteAsync(group, state.Members, sessions, writes, tallies, SyncOptions.Default, ct).ConfigureAwait(false);
        }
        await SyncAsync(group, SyncOptions.Default, ct).ConfigureAwait(false);
    }

    /// <summary>Every group: counts, pause and why, quarantined items.</summary>
    public async Task<IReadOnlyList<GroupStatus>> StatusAsync(CancellationToken ct)
    {
        var result = new List<GroupStatus>();
        foreach (var group in await _store.ListGroupsAsync(ct).ConfigureAwait(false))
        {
            var summary = await _store.SummarizeAsync(group.Name, ct).ConfigureAwait(false);
            var names = summary.Members.ToDictionary(m => m.Member.Id, m => m.Member.Folder.ToString());
            result.Add(new GroupStatus(
                group.Name, group.Kind, group.Conflict, summary.LiveItems, summary.Tombstones,
                summary.Members.Select(m => new MemberStatus(m.Member.Folder.ToString(), m.Member.Role, m.Items, m.PendingCreates, m.HasToken)).ToList(),
                summary.Pause is not null, summary.Pause?.Reason, summary.Pause?.PendingDeletions.Count ?? 0,
                summary.Quarantine.Select(q => new QuarantinedItem(names.GetValueOrDefault(q.MemberId, "?"), q.RemoteId, q.Reason)).ToList()));
        }
        return result;
    }

    private static readonly IReadOnlyDictionary<long, Core.Items.CanonicalItem> Empty = new Dictionary<long, Core.Items.CanonicalItem>();

    private static void CheckMembers(GroupDefinition group, IReadOnlyList<SyncMember> members)
    {
        if (members.Count == 0) throw new TandemConfigurationException($"group '{group.Name}' has no members");
        if (group.Conflict == ConflictPolicy.Priority && group.PriorityMember is { } priority &&
            !members.Any(m => string.Equals(m.Folder.ToString(), priority.ToString(), StringComparison.OrdinalIgnoreCase)))
            throw new TandemConfigurationException($"group '{group.Name}': priority member {priority} is not a member of the group");
    }

    private static async Task<List<MemberRead>> ReadAllAsync(IReadOnlyList<SyncMember> members, MemberSessions sessions, CancellationToken ct)
    {
        var reads = new List<MemberRead>(members.Count);
        foreach (var member in members)
        {
            var session = sessions.Session(member.Id);
            if (session is null)
            {
                reads.Add(new MemberRead(member.Id, null, sessions.Error(member.Id)));
                continue;
            }
            try
            {
                reads.Add(new MemberRead(member.Id, await session.ReadChangesAsync(member.Token, ct).ConfigureAwait(false)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                sessions.Fail(member.Id, e.Message);
                reads.Add(new MemberRead(member.Id, null, e.Message));
            }
        }
        return reads;
    }

    /// <summary>
    /// A converged group in which no member reported anything: only the members' new tokens are kept, in a step that
    /// keeps the "converged" record only if nothing else touched the group since it was read.
    /// </summary>
    private async Task<CycleReport> QuietCycleAsync(GroupHead head, IReadOnlyList<MemberRead> reads, SyncOptions options, CancellationToken ct)
    {
        if (!options.DryRun)
        {
            var delta = new StateDelta();
            foreach (var member in head.Members)
            {
                var token = reads.First(r => r.MemberId == member.Id).Changes!.NewToken;
                if (!string.Equals(token, member.Token, StringComparison.Ordinal)) delta.Tokens[member.Id] = token;
            }
            if (delta.Tokens.Count > 0)
            {
                delta.ConvergedAtVersion = head.Version;
                await _store.ApplyAsync(head.Group.Name, delta, ct).ConfigureAwait(false);
            }
        }
        EngineLog.CycleDone(_logger, head.Group.Name, 0);
        return new CycleReport(head.Group.Name, options.DryRun, head.Members.Select(m => Report(m, new MemberTally())).ToList(), FastPath: true);
    }

    private static bool SameMembers(IReadOnlyList<SyncMember> read, IReadOnlyList<SyncMember> planned) =>
        read.Count == planned.Count && read.Zip(planned).All(p => p.First.Id == p.Second.Id && string.Equals(p.First.Token, p.Second.Token, StringComparison.Ordinal));

    private async Task<bool> ResolvePendingCreatesAsync(GroupSyncState state, MemberSessions sessions, CancellationToken ct)
    {
        var changed = false;
        foreach (var member in state.Members)
        {
            var pending = PendingCreates.Of(state, member.Id);
            var session = sessions.Session(member.Id);
            if (pending.Count == 0 || session is null) continue;
            try
            {
                var found = await session.FindByStampAsync(state.GroupUid, pending.Select(p => p.LogicalId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), ct).ConfigureAwait(false);
                var delta = PendingCreates.Resolve(state, member.Id, found);
                if (delta.IsEmpty) continue;
                await _store.ApplyAsync(state.Group.Name, delta, ct).ConfigureAwait(false);
                EngineLog.PendingResolved(_logger, state.Group.Name, member.Folder.ToString(), delta.MemberItemUpserts.Count);
                changed = true;
            }
            catch (Exception e) when (e is not OperationCanceledException and not TandemConfigurationException)
            {
                // without knowing what exists, creating again could duplicate: the member sits this cycle out
                sessions.Fail(member.Id, $"looking up interrupted creates failed: {e.Message}");
            }
        }
        return changed;
    }

    private async Task ExecuteAsync(string group, IReadOnlyList<SyncMember> members, MemberSessions sessions, IReadOnlyList<PlannedWrite> writes,
        Dictionary<int, MemberTally> tallies, SyncOptions options, CancellationToken ct)
    {
        foreach (var byMember in writes.GroupBy(w => w.MemberId))
        {
            var tally = tallies[byMember.Key];
            var session = sessions.Session(byMember.Key);
            if (session is null)
            {
                tally.Error ??= sessions.Error(byMember.Key) ?? "not opened";
                continue;
            }
            foreach (var batch in byMember.Chunk(Math.Max(1, options.WriteBatchSize)))
            {
                IReadOnlyList<WriteResult> results;
                try
                {
                    results = await session.WriteAsync(batch.Select(w => w.Request).ToList(), ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // what reached the store is found again next cycle (stamps, change keys); nothing is assumed
                    tally.Error ??= e.Message;
                    EngineLog.WriteFailed(_logger, group, Folder(members, byMember.Key), e.Message);
                    sessions.Fail(byMember.Key, e.Message);
                    break;
                }
                await _store.ApplyAsync(group, WriteOutcomes.Apply(batch, results, tally), ct).ConfigureAwait(false);
            }
        }
    }

    private static string Folder(GroupSyncState state, int memberId) => Folder(state.Members, memberId);

    private static string Folder(IReadOnlyList<SyncMember> members, int memberId) =>
        members.FirstOrDefault(m => m.Id == memberId)?.Folder.ToString() ?? memberId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static MemberReport Report(SyncMember member, MemberTally t) =>
        new(member.Folder.ToString(), member.Role, t.Received, t.Created, t.Updated, t.Deleted, t.Conflicts, t.Skipped, t.Quarantined, t.Error);
}
