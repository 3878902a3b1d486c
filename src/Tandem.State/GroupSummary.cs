using Tandem.Core.Sync;

namespace Tandem.State;

/// <summary>A member's counts: items it holds for the group, and creates still pending.</summary>
public sealed record MemberSummary(SyncMember Member, int Items, int PendingCreates, bool HasToken);

/// <summary>What <c>tandem status</c> shows of a group.</summary>
public sealed record GroupSummary(
    string Group,
    int LiveItems,
    int Tombstones,
    IReadOnlyList<MemberSummary> Members,
    IReadOnlyList<QuarantineEntry> Quarantine,
    GroupPause? Pause);
