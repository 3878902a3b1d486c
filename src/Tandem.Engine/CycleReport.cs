using Tandem.Core.Groups;

namespace Tandem.Engine;

/// <summary>
/// What one cycle did to (or, in a dry run, would do to) one member. Created/Updated/Deleted count writes to
/// the member; Received counts the member's own changes accepted into the group; Conflicts counts concurrent
/// edits decided by the policy; Skipped counts changes left out (filtered, target-only, write conflicts
/// retried next cycle); Quarantined counts items that could not be read.
/// </summary>
public sealed record MemberReport(
    string Member,
    MemberRole Role,
    int Received,
    int Created,
    int Updated,
    int Deleted,
    int Conflicts,
    int Skipped,
    int Quarantined,
    string? Error = null);

/// <summary>
/// The outcome of one cycle of one group. <see cref="FastPath"/>: the group was known converged and no member reported
/// a change, so the cycle ended without loading the group's items.
/// </summary>
public sealed record CycleReport(
    string Group,
    bool DryRun,
    IReadOnlyList<MemberReport> Members,
    bool Paused = false,
    string? PauseReason = null,
    bool FastPath = false)
{
    public int TotalWrites => Members.Sum(m => m.Created + m.Updated + m.Deleted);

    public bool HasErrors => Members.Any(m => m.Error is not null);
}
