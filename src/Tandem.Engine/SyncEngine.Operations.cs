using System.Globalization;
using Tandem.Core.Connectors;
using Tandem.Core.Sync;
using Tandem.Engine.Operations;
using Tandem.Engine.Phases;
using Tandem.State;

namespace Tandem.Engine;

/// <summary>What administrators do to a group besides running it: preview, pause, resume, retry.</summary>
public sealed partial class SyncEngine
{
    /// <summary>
    /// "What would this group change?": reads every member and plans as a cycle would, then lists the writes per member by
    /// name with the guard's verdict. Writes nothing (not even the recovery of interrupted creates) and ignores a pause.
    /// </summary>
    public async Task<GroupPreview> PreviewAsync(string group, CancellationToken ct)
    {
        var state = await _store.LoadGroupStateAsync(group, ct).ConfigureAwait(false);
        CheckMembers(state.Group, state.Members);
        await using var sessions = await MemberSessions.OpenAsync(_store, _registry, state.Members, state.Group.Kind, ct).ConfigureAwait(false);
        var reads = await ReadPhase.RunAsync(state.Members, sessions, SyncOptions.Default with { DryRun = true }, ct).ConfigureAwait(false);
        var (plan, snapshots) = await PlanPhase.RunAsync(_store, state, reads, _time.GetUtcNow(), ct).ConfigureAwait(false);
        var writes = plan.AllWrites.ToList();
        // deletions carry no content: their names come from the snapshots, loaded for those the plan did not hold
        var unnamed = writes.Where(w => w.Request.Item is null && !snapshots.ContainsKey(w.LogicalId)).Select(w => w.LogicalId).Distinct().ToList();
        var names = unnamed.Count == 0 ? snapshots : await MergeAsync(group, snapshots, unnamed, ct).ConfigureAwait(false);
        var members = state.Members.Select(m =>
        {
            var changes = writes.Where(w => w.MemberId == m.Id)
                .Select(w => new PreviewChange(w.Request.Kind, w.LogicalId, w.Request.Item?.Title ?? (names.TryGetValue(w.LogicalId, out var item) ? item.Title : $"item {w.LogicalId.ToString(CultureInfo.InvariantCulture)}")))
                .OrderBy(c => c.Kind).ThenBy(c => c.Title, StringComparer.CurrentCultureIgnoreCase).ToList();
            return new MemberPreview(m.Folder.ToString(), m.Role, Report(m, plan.Tallies[m.Id]), changes);
        }).ToList();
        var deleting = plan.Pause?.PendingDeletions.Select(p => p.LogicalId).Distinct().Count() ?? writes.Where(w => w.Request.Kind == WriteKind.Delete).Select(w => w.LogicalId).Distinct().Count();
        var guard = plan.Pause is { } pause
            ? $"would pause the group for approval: {pause.Reason}"
            : state.Group.MassDeleteThreshold >= 1
                ? "off for this group"
                : $"within its limit: {deleting} item(s) deleted, the group pauses above {state.Group.MassDeleteThreshold * 100:0.#} % of its items";
        return new GroupPreview(state.Group.Name, members, plan.Pause is not null, guard, state.Pause?.Reason);
    }

    private async Task<IReadOnlyDictionary<long, Core.Items.CanonicalItem>> MergeAsync(string group, IReadOnlyDictionary<long, Core.Items.CanonicalItem> known, List<long> ids, CancellationToken ct)
    {
        var all = new Dictionary<long, Core.Items.CanonicalItem>(known);
        foreach (var (id, item) in await _store.LoadSnapshotsAsync(group, ids, ct).ConfigureAwait(false)) all[id] = item;
        return all;
    }

    /// <summary>
    /// Pauses a group by hand (an administrator, or a group created paused to preview it before it is enabled): no cycle
    /// runs until <see cref="ResumeAsync"/>. A group already paused keeps its pause.
    /// </summary>
    public async Task PauseAsync(string group, string? reason, CancellationToken ct)
    {
        var head = await _store.LoadGroupHeadAsync(group, ct).ConfigureAwait(false);
        if (head.Pause is { } paused) throw new TandemConfigurationException($"group '{group}' is already paused: {paused.Reason}");
        var why = string.IsNullOrWhiteSpace(reason) ? "paused by an administrator" : reason.Trim();
        await _store.ApplyAsync(group, new StateDelta { Pause = new GroupPause(why, _time.GetUtcNow(), [], PauseKind.Manual) }, ct).ConfigureAwait(false);
        EngineLog.Administered(_logger, group, "paused");
    }

    /// <summary>Lifts a manual pause. A pause by the mass-deletion guard is lifted by approving or rejecting its deletions instead.</summary>
    public async Task ResumeAsync(string group, CancellationToken ct)
    {
        var head = await _store.LoadGroupHeadAsync(group, ct).ConfigureAwait(false);
        switch (head.Pause?.Kind)
        {
            case null:
                throw new TandemConfigurationException($"group '{group}' is not paused");
            case PauseKind.Guard:
                throw new TandemConfigurationException($"group '{group}' was paused by the mass-deletion guard ({head.Pause.Reason}): approve or reject its deletions");
            case PauseKind.Purge:
                throw new TandemConfigurationException($"group '{group}' is paused by an unfinished purge: run the purge again to finish it");
        }
        await _store.ApplyAsync(group, new StateDelta { ClearPause = true }, ct).ConfigureAwait(false);
        EngineLog.Administered(_logger, group, "resumed");
    }

    /// <summary>
    /// Tries quarantined items again: their entries are dropped and their members read whole by the next cycle (a complete
    /// listing, matched without duplicates), so an item that reads well now syncs and one that still fails is quarantined
    /// again with its reason. <paramref name="item"/> narrows it to entries whose remote id or reason contains it. Returns
    /// the entries released; a cycle is then run (unless the group is paused).
    /// </summary>
    public async Task<IReadOnlyList<QuarantineEntry>> RetryAsync(string group, string? item, CancellationToken ct)
    {
        var state = await _store.LoadGroupStateAsync(group, ct).ConfigureAwait(false);
        var released = state.Quarantine
            .Where(q => item is null || q.RemoteId.Contains(item, StringComparison.OrdinalIgnoreCase) || q.Reason.Contains(item, StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (released.Count == 0) return released;
        var delta = new StateDelta();
        foreach (var q in released) delta.QuarantineRemovals.Add((q.MemberId, q.RemoteId));
        foreach (var memberId in released.Select(q => q.MemberId).Distinct()) delta.Tokens[memberId] = null;
        await _store.ApplyAsync(group, delta, ct).ConfigureAwait(false);
        EngineLog.Administered(_logger, group, $"{released.Count} quarantined item(s) released for retry");
        if (state.Pause is null) await SyncAsync(group, SyncOptions.Default, ct).ConfigureAwait(false);
        return released;
    }
}
