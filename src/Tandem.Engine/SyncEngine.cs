using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Sync;
using Tandem.Engine.Phases;
using Tandem.State;

namespace Tandem.Engine;

/// <summary>
/// Runs cycles: read every member, plan (pure, <see cref="SyncPlanner"/>), commit the plan's state with the
/// intents of its creates, then write each member in batches and commit each batch's results. A process
/// killed anywhere in between resumes without loss or duplicates: uncommitted reads are read again, and
/// interrupted creates are found by their stamp before anything is created again.
/// </summary>
public sealed partial class SyncEngine
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

    /// <summary>Follow-up cycles run at most this often when users keep changing members while the engine writes to them.</summary>
    private const int MaxFollowUps = 2;

    /// <summary>
    /// One cycle of one group, as a pipeline of phases: recover interrupted creates, read, plan, commit (state and write
    /// intents), write (each batch recorded), catch up. A paused group is not touched; its report says why it waits.
    /// </summary>
    public async Task<CycleReport> SyncAsync(string group, SyncOptions options, CancellationToken ct)
    {
        var head = await _store.LoadGroupHeadAsync(group, ct).ConfigureAwait(false);
        if (head.Pause is { } paused) return Idle(group, head.Members, options.DryRun, paused.Reason);
        CheckMembers(head.Group, head.Members);

        await using var sessions = await MemberSessions.OpenAsync(_store, _registry, head.Members, head.Group.Kind, ct).ConfigureAwait(false);
        List<MemberRead>? early = null;
        if (head.Converged && !options.FullRead)
        {
            early = await ReadPhase.RunAsync(head.Members, sessions, options, ct).ConfigureAwait(false);
            if (Convergence.NothingChanged(early)) return await QuietCycleAsync(head, early, options, ct).ConfigureAwait(false);
        }

        var (report, unsettled) = await RunCycleAsync(group, head, early, sessions, options, ct).ConfigureAwait(false);
        for (var round = 0; unsettled > 0 && round < MaxFollowUps && !options.Stopping.IsCancellationRequested; round++)
        {
            EngineLog.FollowUp(_logger, group, unsettled);
            // a follow-up exists to read the members just written to, whoever notified
            var (next, left) = await RunCycleAsync(group, null, null, sessions, options with { OnlyMembers = null }, ct).ConfigureAwait(false);
            report = Combine(report, next);
            unsettled = left;
        }
        EngineLog.CycleDone(_logger, group, report.TotalWrites);
        // what a large cycle's writes left (outcomes, the write log, the catch-up reads) is garbage the collector has
        // promoted while the writes ran: given back now, not stacked under the next cycle's full state load
        LargeCycleMemory.Release(report.TotalWrites);
        return report;
    }

    private async Task<(CycleReport Report, int Unsettled)> RunCycleAsync(string group, GroupHead? head, List<MemberRead>? early, MemberSessions sessions, SyncOptions options, CancellationToken ct)
    {
        var committed = await PlanAndCommitAsync(group, head, early, sessions, options, ct).ConfigureAwait(false);
        early = null;
        if (committed.Done is { } done) return (done, 0);
        LargeCycleMemory.Release(committed.Writes.Count + committed.Creates.Count);

        var log = await WritePhase.RunAsync(_store, group, committed.Members, committed.Tokens, sessions, committed.Writes, committed.Creates, committed.GroupUid, committed.Tallies, options.WriteBatchSize, options.Stopping, options.MayWrite, _time, _logger, ct).ConfigureAwait(false);
        var unsettled = await CatchUpPhase.RunAsync(_store, group, committed.Rules, committed.Tokens, sessions, log, ct).ConfigureAwait(false);
        // a member whose token the plan dropped is read whole by a follow-up at once (its creates wait for that read)
        var rejoining = committed.Members.Count(m => m.Token is not null && committed.Tokens[m.Id] is null);
        var report = new CycleReport(group, false, committed.Members.Select(m => Report(m, committed.Tallies[m.Id])).ToList(), committed.Pause is not null, committed.Pause?.Reason);
        return (report, unsettled.Count + rejoining);
    }

    /// <summary>What a committed plan leaves for the writes; the reads, the state and the plan's delta are let go first.</summary>
    private sealed record Committed(
        CycleReport? Done, IReadOnlyList<SyncMember> Members, IReadOnlyList<PlannedWrite> Writes, IReadOnlyList<PlannedCreate> Creates, string GroupUid,
        Dictionary<int, MemberTally> Tallies, IReadOnlyDictionary<int, string?> Tokens, PlannedRules Rules, GroupPause? Pause);

    /// <summary>
    /// Loads the state (once), recovers interrupted creates, reads (unless the early reads still stand), plans and commits.
    /// Kept apart so that everything only planning needed (state, reads, snapshots, the delta) can be collected before
    /// the writes run.
    /// </summary>
    private async Task<Committed> PlanAndCommitAsync(string group, GroupHead? head, List<MemberRead>? early, MemberSessions sessions, SyncOptions options, CancellationToken ct)
    {
        var state = await _store.LoadGroupStateAsync(group, ct).ConfigureAwait(false);
        if (state.Pause is { } pausedNow) return Finished(Idle(group, state.Members, options.DryRun, pausedNow.Reason));
        CheckMembers(state.Group, state.Members);
        if (!options.DryRun) state = await RecoverPhase.RunAsync(_store, state, sessions, _logger, ct).ConfigureAwait(false);

        // the early reads stand only if they were made from exactly the tokens of the state planned from
        var reads = early is not null && head is not null && SameMembers(head.Members, state.Members)
            ? early
            : await ReadPhase.RunAsync(state.Members, sessions, options, ct).ConfigureAwait(false);
        foreach (var failed in reads.Where(r => !r.Succeeded))
            EngineLog.ReadFailed(_logger, group, Folder(state.Members, failed.MemberId), failed.Error ?? "");
        foreach (var (memberId, remoteId, note) in ReadNotes.New(state, reads))
            EngineLog.KeptAsRead(_logger, group, Folder(state.Members, memberId), remoteId, note);

        var now = _time.GetUtcNow();
        var (plan, snapshots) = await PlanPhase.RunAsync(_store, state, reads, now, ct).ConfigureAwait(false);
        foreach (var q in plan.Delta.QuarantineAdds) EngineLog.Quarantined(_logger, group, Folder(state.Members, q.MemberId), q.RemoteId, q.Reason);
        foreach (var d in plan.Deferred) EngineLog.Deferred(_logger, group, d.LogicalId, Folder(state.Members, d.MemberId), d.Reason);

        if (options.DryRun)
            return Finished(new CycleReport(group, true, state.Members.Select(m => Report(m, plan.Tallies[m.Id])).ToList(), plan.Pause is not null, plan.Pause?.Reason));

        await HistoryLines.AddAsync(_store, state, plan, snapshots, now, ct).ConfigureAwait(false);
        var tallies = await CommitPhase.RunAsync(_store, state, reads, plan, ct).ConfigureAwait(false);
        if (plan.Pause is not null) EngineLog.Paused(_logger, group, plan.Pause.Reason);
        var tokens = state.Members.ToDictionary(m => m.Id, m => plan.Delta.Tokens.TryGetValue(m.Id, out var token) ? token : m.Token);
        return new Committed(null, state.Members, plan.Writes, plan.Creates, plan.GroupUid, tallies, tokens, new PlannedRules(state.Group.RulesJson), plan.Pause);
    }

    private static Committed Finished(CycleReport report) => new(report, [], [], [], "", [], new Dictionary<int, string?>(), new PlannedRules(null), null);

    private static CycleReport Idle(string group, IReadOnlyList<SyncMember> members, bool dryRun, string reason) =>
        new(group, dryRun, members.Select(m => Report(m, new MemberTally())).ToList(), true, reason);

    /// <summary>A cycle and its follow-up reported as one: counts added, the later pause and errors kept.</summary>
    private static CycleReport Combine(CycleReport first, CycleReport next)
    {
        var members = first.Members.Select(a => next.Members.FirstOrDefault(b => b.Member == a.Member) is { } b
            ? a with
            {
                Received = a.Received + b.Received, Created = a.Created + b.Created, Updated = a.Updated + b.Updated, Deleted = a.Deleted + b.Deleted,
                Conflicts = a.Conflicts + b.Conflicts, Skipped = a.Skipped + b.Skipped, Quarantined = b.Quarantined, Error = b.Error ?? a.Error,
            }
            : a).ToList();
        return first with { Members = members, Paused = next.Paused, PauseReason = next.PauseReason };
    }

    /// <summary>Lets the withheld deletions of a paused group go ahead, then runs a cycle to spread them.</summary>
    public async Task ApproveAsync(string group, CancellationToken ct)
    {
        var state = await _store.LoadGroupStateAsync(group, ct).ConfigureAwait(false);
        if (state.Pause is null) throw new TandemConfigurationException($"group '{group}' is not paused");
        var snapshots = await _store.LoadSnapshotsAsync(group, PendingIds(state.Pause), ct).ConfigureAwait(false);
        await _store.ApplyAsync(group, PauseDecisions.Approve(state, snapshots, _time.GetUtcNow()), ct).ConfigureAwait(false);
        EngineLog.Decision(_logger, group, "approved");
        await SyncAsync(group, SyncOptions.Default, ct).ConfigureAwait(false);
    }

    /// <summary>Undoes the withheld deletions: recreates the items from the group's snapshots in the members that deleted them.</summary>
    public async Task RejectAsync(string group, CancellationToken ct)
    {
        var state = await _store.LoadGroupStateAsync(group, ct).ConfigureAwait(false);
        if (state.Pause is null) throw new TandemConfigurationException($"group '{group}' is not paused");
        var snapshots = await _store.LoadSnapshotsAsync(group, PendingIds(state.Pause), ct).ConfigureAwait(false);
        var (delta, writes) = PauseDecisions.Reject(state, snapshots, new RuleEngine(SyncRules.Parse(state.Group.RulesJson)));
        await _store.ApplyAsync(group, delta, ct).ConfigureAwait(false);
        EngineLog.Decision(_logger, group, "rejected");
        await using (var sessions = await MemberSessions.OpenAsync(_store, _registry, state.Members, state.Group.Kind, ct).ConfigureAwait(false))
        {
            var tallies = state.Members.ToDictionary(m => m.Id, _ => new MemberTally());
            await WritePhase.RunAsync(_store, group, state.Members, state.Members.ToDictionary(m => m.Id, m => m.Token), sessions, writes, [], state.GroupUid, tallies, SyncOptions.Default.WriteBatchSize, CancellationToken.None, null, _time, _logger, ct).ConfigureAwait(false);
        }
        await SyncAsync(group, SyncOptions.Default, ct).ConfigureAwait(false);
    }

    private static List<long> PendingIds(GroupPause pause) => pause.PendingDeletions.Select(p => p.LogicalId).Distinct().ToList();

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


    private static void CheckMembers(GroupDefinition group, IReadOnlyList<SyncMember> members)
    {
        if (members.Count == 0) throw new TandemConfigurationException($"group '{group.Name}' has no members");
        if (group.Conflict == ConflictPolicy.Priority && group.PriorityMember is { } priority &&
            !members.Any(m => string.Equals(m.Folder.ToString(), priority.ToString(), StringComparison.OrdinalIgnoreCase)))
            throw new TandemConfigurationException($"group '{group.Name}': priority member {priority} is not a member of the group");
    }

    /// <summary>
    /// A converged group in which no member reported anything: only the members' new tokens are kept, in a step that
    /// keeps the "converged" record only if nothing else touched the group since it was read.
    /// </summary>
    private async Task<CycleReport> QuietCycleAsync(GroupHead head, IReadOnlyList<MemberRead> reads, SyncOptions options, CancellationToken ct)
    {
        if (!options.DryRun)
        {
            var delta = new StateDelta { TokensPlannedWith = new PlannedRules(head.Group.RulesJson) };
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

    private static string Folder(IReadOnlyList<SyncMember> members, int memberId) => WritePhase.Folder(members, memberId);

    private static MemberReport Report(SyncMember member, MemberTally t) =>
        new(member.Folder.ToString(), member.Role, t.Received, t.Created, t.Updated, t.Deleted, t.Conflicts, t.Skipped, t.Quarantined, t.Error);
}
