using Tandem.Core.Groups;

namespace Tandem.Core.Sync;

/// <summary>
/// Everything the planner needs to know about a group, except the snapshots (loaded on demand).
/// <see cref="NextLogicalId"/> never goes down, so a forgotten item's id is never reused.
/// <see cref="GroupUid"/> goes into stamps: a group re-created under the same name does not adopt old copies.
/// <see cref="Version"/> changes with every committed step and configuration change that could leave work pending, so a
/// "converged" record taken from a state can be refused once that state is out of date.
/// </summary>
public sealed record GroupSyncState(
    GroupDefinition Group,
    string GroupUid,
    IReadOnlyList<SyncMember> Members,
    IReadOnlyList<LogicalItem> LogicalItems,
    IReadOnlyList<MemberItem> MemberItems,
    IReadOnlyList<QuarantineEntry> Quarantine,
    GroupPause? Pause,
    long NextLogicalId,
    long Version = 0);
