using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Engine;

public sealed record MemberStatus(string Member, MemberRole Role, int Items, int PendingCreates, bool Synced);

public sealed record QuarantinedItem(string Member, string RemoteId, string Reason);

/// <summary>What status displays show of a group: counts, pause and why, quarantined items.</summary>
public sealed record GroupStatus(
    string Group,
    ItemKind Kind,
    ConflictPolicy Conflict,
    int Items,
    int Tombstones,
    IReadOnlyList<MemberStatus> Members,
    bool Paused,
    string? PauseReason,
    int PendingDeletions,
    IReadOnlyList<QuarantinedItem> Quarantine);
