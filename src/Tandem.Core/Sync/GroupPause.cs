namespace Tandem.Core.Sync;

/// <summary>A deletion withheld by the mass-deletion guard: the member deleted the item under that remote id.</summary>
public sealed record PendingDeletion(int MemberId, long LogicalId);

/// <summary>Who paused a group: the mass-deletion guard (approve or reject), an administrator, or a purge under way.</summary>
public enum PauseKind
{
    Guard = 0,
    Manual = 1,
    Purge = 2,
}

/// <summary>Why a group is paused, and the deletions that wait for approval (applied) or rejection (restored).</summary>
public sealed record GroupPause(string Reason, DateTimeOffset Since, IReadOnlyList<PendingDeletion> PendingDeletions, PauseKind Kind = PauseKind.Guard);
