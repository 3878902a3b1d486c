using System.Globalization;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.History;
using Tandem.Core.Purge;
using Tandem.Core.Sync;
using Tandem.State;

namespace Tandem.Engine.Purge;

/// <summary>
/// Removing a group or a member together with the copies Tandem made in it ("list first, then purge"):
/// <see cref="PlanAsync"/> lists them (<see cref="PurgePlanner"/> decides which items are copies), <see cref="RunAsync"/>
/// deletes them through the connectors and then removes the group or member. While it runs the group is paused, so no
/// cycle reads the deletions as a member's own and spreads them; a failure leaves the state (and the pause) as they are,
/// and running the purge again finishes it (a copy already gone counts as deleted).
/// </summary>
public sealed class PurgeRunner(IStateStore store, ConnectorRegistry registry, TimeProvider time)
{
    private const int BatchSize = 100;

    /// <summary>The copies a purge of <paramref name="group"/> (or of one <paramref name="member"/> of it) would delete.</summary>
    public async Task<PurgePlan> PlanAsync(string group, FolderRef? member, CancellationToken ct)
    {
        var state = await store.LoadGroupStateAsync(group, ct).ConfigureAwait(false);
        IReadOnlyList<PurgeCopy> copies;
        try
        {
            copies = PurgePlanner.Copies(state, member);
        }
        catch (ArgumentException e)
        {
            throw new TandemConfigurationException(e.Message);
        }
        var unreachable = new List<string>();
        var pending = copies.Where(c => c.RemoteId is null).ToList();
        var resolved = copies.Where(c => c.RemoteId is not null).ToList();
        if (pending.Count > 0)
        {
            // a create whose result was never recorded may or may not have landed: its stamp says
            var members = state.Members.Where(m => pending.Any(p => p.MemberId == m.Id)).ToList();
            await using var sessions = await MemberSessions.OpenAsync(store, registry, members, state.Group.Kind, ct).ConfigureAwait(false);
            foreach (var m in members)
            {
                var session = sessions.Session(m.Id);
                if (session is null)
                {
                    unreachable.Add($"{m.Folder}: {sessions.Error(m.Id)}");
                    continue;
                }
                var ids = pending.Where(p => p.MemberId == m.Id).Select(p => p.LogicalId.ToString(CultureInfo.InvariantCulture)).ToList();
                try
                {
                    foreach (var found in await session.FindByStampAsync(state.GroupUid, ids, ct).ConfigureAwait(false))
                    {
                        if (found.Stamp is { } stamp && long.TryParse(stamp.LogicalId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && ids.Contains(stamp.LogicalId))
                            resolved.Add(new PurgeCopy(m.Id, m.Folder, id, found.RemoteId));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    unreachable.Add($"{m.Folder}: {e.Message}");
                }
            }
        }
        var titles = await store.LoadSnapshotsAsync(group, resolved.Select(c => c.LogicalId).Distinct().ToList(), ct).ConfigureAwait(false);
        var items = resolved
            .Select(c => new PurgeItem(c.Member.ToString(), c.LogicalId, c.RemoteId!, titles.TryGetValue(c.LogicalId, out var item) ? item.Title : "(deleted in the group)"))
            .OrderBy(i => i.Member, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Title, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        return new PurgePlan(state.Group.Name, member, items, unreachable);
    }

    /// <summary>Deletes the plan's copies, then removes the member (or the group) when every deletion went through.</summary>
    public async Task<PurgeResult> RunAsync(PurgePlan plan, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.Unreachable.Count > 0)
            throw new TandemConfigurationException($"purge refused: not every copy could be listed ({string.Join("; ", plan.Unreachable)})");
        var state = await store.LoadGroupStateAsync(plan.Group, ct).ConfigureAwait(false);
        var ours = state.Pause is null || state.Pause.Kind == PauseKind.Purge;
        if (state.Pause is null)
        {
            var what = plan.Member is null ? $"group '{plan.Group}'" : $"member {plan.Member}";
            await store.ApplyAsync(plan.Group, new StateDelta { Pause = new GroupPause($"purge of {what} under way; run it again to finish", time.GetUtcNow(), [], PauseKind.Purge) }, ct).ConfigureAwait(false);
        }

        var byFolder = state.Members.ToDictionary(m => m.Folder.ToString(), StringComparer.OrdinalIgnoreCase);
        var failures = new List<PurgeFailure>();
        var deleted = 0;
        var history = new StateDelta();
        var targets = state.Members.Where(m => plan.Items.Any(i => string.Equals(i.Member, m.Folder.ToString(), StringComparison.OrdinalIgnoreCase))).ToList();
        await using (var sessions = await MemberSessions.OpenAsync(store, registry, targets, state.Group.Kind, ct).ConfigureAwait(false))
        {
            foreach (var member in targets)
            {
                var items = plan.Items.Where(i => string.Equals(i.Member, member.Folder.ToString(), StringComparison.OrdinalIgnoreCase)).ToList();
                var session = sessions.Session(member.Id);
                if (session is null)
                {
                    failures.AddRange(items.Select(i => new PurgeFailure(i.Member, i.RemoteId, i.Title, sessions.Error(member.Id) ?? "not opened")));
                    continue;
                }
                foreach (var batch in items.Chunk(BatchSize))
                {
                    var requests = batch.Select(i => new WriteRequest(WriteKind.Delete, new ItemStamp(state.GroupUid, i.LogicalId.ToString(CultureInfo.InvariantCulture), $"m{member.Id}purge"), null, i.RemoteId)).ToList();
                    IReadOnlyList<WriteResult> results;
                    try
                    {
                        results = await session.WriteAsync(requests, ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        failures.AddRange(batch.Select(i => new PurgeFailure(i.Member, i.RemoteId, i.Title, e.Message)));
                        continue;
                    }
                    for (var n = 0; n < batch.Length; n++)
                    {
                        var result = n < results.Count ? results[n] : null;
                        if (result?.Outcome is WriteOutcome.Ok or WriteOutcome.NotFound)
                        {
                            deleted++;
                            history.History.Add(new HistoryEntry(batch[n].LogicalId, 0, time.GetUtcNow(), HistoryAction.Delivered, member.Id, Detail: "purged (copy deleted with its member)"));
                        }
                        else failures.Add(new PurgeFailure(batch[n].Member, batch[n].RemoteId, batch[n].Title, result?.Error ?? result?.Outcome.ToString() ?? "no result returned"));
                    }
                }
            }
        }
        if (failures.Count > 0)
        {
            await store.ApplyAsync(plan.Group, history, ct).ConfigureAwait(false);
            return new PurgeResult(deleted, failures, false);
        }
        if (plan.Member is null)
        {
            await store.RemoveGroupAsync(plan.Group, ct).ConfigureAwait(false);
            return new PurgeResult(deleted, failures, true);
        }
        if (byFolder.ContainsKey(plan.Member.ToString()))
        {
            await store.ApplyAsync(plan.Group, history, ct).ConfigureAwait(false);
            await store.RemoveMemberAsync(plan.Group, plan.Member, ct).ConfigureAwait(false);
        }
        if (ours) await store.ApplyAsync(plan.Group, new StateDelta { ClearPause = true }, ct).ConfigureAwait(false);
        return new PurgeResult(deleted, failures, true);
    }
}
