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
            null,
            groups.Count(g => g.PauseReason is not null),
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
            group.Name, ItemKindName(group.Kind), group.Conflict.ToString().ToLowerInvariant(), state, live.LastRun, live.LastResult, live.LastWrites,
            summary.LiveItems, summary.Members.Sum(m => m.PendingCreates), summary.Quarantine.Count, summary.Pause?.Reason, summary.Pause?.PendingDeletions.Count ?? 0,
            [.. summary.Members.Select(m => new MemberView(m.Member.Folder.ToString(), m.Member.Role.ToText(), m.Items, m.PendingCreates))],
            live.Failing);
    }

    public async Task<IReadOnlyList<ApprovalView>> ApprovalsAsync(CancellationToken ct)
    {
        var result = new List<ApprovalView>();
        foreach (var group in await store.ListGroupsAsync(ct).ConfigureAwait(false))
        {
            var summary = await store.SummarizeAsync(group.Name, ct).ConfigureAwait(false);
            if (summary.Pause is not { } pause) continue;
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

    public static string ItemKindName(Core.Items.ItemKind kind) => kind switch
    {
        Core.Items.ItemKind.Contact => "contacts",
        Core.Items.ItemKind.Event => "calendar",
        Core.Items.ItemKind.Task => "tasks",
        Core.Items.ItemKind.Note => "notes",
        _ => kind.ToString().ToLowerInvariant(),
    };

}
