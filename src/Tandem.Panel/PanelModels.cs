using Tandem.Service.Runtime;

namespace Tandem.Panel;

/// <summary>The dashboard's cards. <see cref="ChangedLast24h"/>: items created, edited, deleted or restored in the last 24 hours, by the item history.</summary>
public sealed record StatusCards(int Syncing, int Idle, int Paused, int Failing, int ChangedLast24h, int PendingApprovals, int FailedItems);

/// <summary>One member of a group as the panel shows it.</summary>
public sealed record MemberView(string Folder, string Role, int Items, int PendingCreates);

/// <summary>
/// One group as the panel and the API show it: configuration, live state and counts. Latency: from a change detected
/// (notification or poll) to the last member written, for the last such cycle and the 95th percentile of recent ones.
/// </summary>
public sealed record GroupView(
    string Name,
    string Kind,
    string Conflict,
    string State,
    DateTimeOffset? LastRun,
    string? LastResult,
    int LastWrites,
    int Items,
    int PendingChanges,
    int FailedItems,
    string? PauseReason,
    int PendingDeletions,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<FailingMember> Failing,
    bool AwaitingApproval,
    double? LatencySeconds,
    double? LatencyP95Seconds);

/// <summary>Everything the dashboard shows, also the payload of each live update.</summary>
public sealed record Overview(DateTimeOffset At, StatusCards Cards, IReadOnlyList<GroupView> Groups);

/// <summary>A deletion waiting for approval: which item, from which member.</summary>
public sealed record PendingDeletionView(long LogicalId, string Title, string DeletedIn);

/// <summary>A group paused by the mass-deletion guard.</summary>
public sealed record ApprovalView(string Group, string Reason, DateTimeOffset Since, IReadOnlyList<PendingDeletionView> Deletions);

/// <summary>A failed or quarantined item.</summary>
public sealed record FailureView(string Group, string Member, string Item, string Reason);

/// <summary>Failures that share a reason.</summary>
public sealed record FailureGroup(string Reason, IReadOnlyList<FailureView> Items);
