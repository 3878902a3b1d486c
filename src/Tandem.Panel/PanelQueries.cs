using Tandem.Core.Groups;
using Tandem.Service.Runtime;
using Tandem.State;

namespace Tandem.Panel;

/// <summary>
/// What the pages and the API read: the configuration and the state's summaries, joined with the service's live
/// <see cref="GroupBoard"/>. Reads only; changes go through <see cref="GroupActions"/>.
/// </summary>
public sealed class PanelQueries(IStateStore store, GroupBoard board, TimeProvider time)
{
    /// <summary>The 24-hour count is a range query over the history: every live page asks each second, the state at most this often.</summary>
    private static readonly TimeSpan ChangedCountAge = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private (DateTimeOffset At, int Count)? _changed;

    /// <summary>Items created, edited, deleted or restored in the last 24 hours (at most <see cref="ChangedCountAge"/> old).</summary>
    public async Task<int> ChangedLast24hAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_changed is { } c && now - c.At < ChangedCountAge) return c.Count;
        }
        var count = await store.CountChangedItemsAsync(now.AddHours(-24), ct).ConfigureAwait(false);
        lock (_lock) _changed = (now, count);
        return count;
    }

    public async Task<Overview> OverviewAsync(CancellationToken ct)
    {
        var groups = new List<GroupView>();
        foreach (var group in await store.ListGroupsAsync(ct).ConfigureAwait(false))
            groups.Add(await ViewAsync(group, ct).ConfigureAwait(false));
        var cards = new StatusCards(
            groups.Count(g => g.State is "syncing" or "starting"),
            groups.Count(g => g.State == "idle"),
            groups.Count(g => g.State == "paused"),
            groups.Count(g => g.State == "failing"),
            await ChangedLast24hAsync(ct).ConfigureAwait(false),
            groups.Count(g => g.AwaitingApproval),
            groups.Sum(g => g.FailedItems));
        return new Overview(time.GetUtcNow(), cards, groups);
    }

    public async Task<GroupView?> GroupAsync(string name, CancellationToken ct)
    {
        var group = await store.GetGroupAsync(name, ct).ConfigureAwait(false);
        return group is null ? null : await ViewAsync(group, ct).ConfigureAwait(false);
    }

    private async Task<GroupView> ViewAsync(GroupDefinition group, CancellationToken ct)
    {
        var summary = await store.SummarizeAsync(group.Name, ct).ConfigureAwait(false);
        var live = board.Get(group.Name);
        var state = summary.Pause is not null ? "paused" : live.State;
        return new GroupView(
            group.Name, GroupFields.KindText(group.Kind), GroupFields.ConflictText(group.Conflict), state, live.LastRun, live.LastResult, live.LastWrites,
            summary.LiveItems, summary.Members.Sum(m => m.PendingCreates), summary.Quarantine.Count, summary.Pause?.Reason, summary.Pause?.PendingDeletions.Count ?? 0,
            [.. summary.Members.Select(m => new MemberView(m.Member.Folder.ToString(), m.Member.Role.ToText(), m.Items, m.PendingCreates))],
            live.Failing,
            summary.Pause?.Kind == Core.Sync.PauseKind.Guard,
            live.LastLatency?.TotalSeconds,
            live.LatencyP95?.TotalSeconds);
    }

    public async Task<IReadOnlyList<ApprovalView>> ApprovalsAsync(CancellationToken ct)
    {
        var result = new List<ApprovalView>();
        foreach (var group in await store.ListGroupsAsync(ct).ConfigureAwait(false))
        {
            var summary = await store.SummarizeAsync(group.Name, ct).ConfigureAwait(false);
            if (summary.Pause is not { Kind: Core.Sync.PauseKind.Guard } pause) continue;
            var members = summary.Members.ToDictionary(m => m.Member.Id, m => m.Member.Folder.ToString());
            var ids = pause.PendingDeletions.Select(p => p.LogicalId).Distinct().ToList();
            var snapshots = await store.LoadSnapshotsAsync(group.Name, ids, ct).ConfigureAwait(false);
            result.Add(new ApprovalView(group.Name, pause.Reason, pause.Since,
                [.. pause.PendingDeletions.Select(p => new PendingDeletionView(p.LogicalId, snapshots.TryGetValue(p.LogicalId, out var item) ? item.Title : $"item {p.LogicalId}",
                    members.GetValueOrDefault(p.MemberId, "?")))]));
        }
        return result;
    }

    public async Task<IReadOnlyList<FailureGroup>> FailuresAsync(CancellationToken ct)
    {
        var all = new List<FailureView>();
        foreach (var group in await store.ListGroupsAsync(ct).ConfigureAwait(false))
        {
            var summary = await store.SummarizeAsync(group.Name, ct).ConfigureAwait(false);
            var members = summary.Members.ToDictionary(m => m.Member.Id, m => m.Member.Folder.ToString());
            all.AddRange(summary.Quarantine.Select(q => new FailureView(group.Name, members.GetValueOrDefault(q.MemberId, "?"), q.RemoteId, q.Reason)));
            all.AddRange(board.Get(group.Name).Failing.Select(f => new FailureView(group.Name, f.Member, "(whole member)", f.Error)));
        }
        return [.. all.GroupBy(f => ReasonKey(f.Reason), StringComparer.Ordinal).OrderByDescending(g => g.Count()).Select(g => new FailureGroup(g.Key, [.. g]))];
    }

    /// <summary>Failures group by the reason's first sentence, so item-specific detail does not split a group.</summary>
    private static string ReasonKey(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < 80 ? reason[..colon] : reason.Length > 80 ? reason[..80] : reason;
    }
}
