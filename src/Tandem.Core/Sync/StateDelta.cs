namespace Tandem.Core.Sync;

/// <summary>
/// The changes one step of a cycle makes to a group's state, applied by the store in one transaction:
/// either all of it happened or none of it did, which is what makes a kill at any instant safe.
/// </summary>
public sealed class StateDelta
{
    /// <summary>New or changed logical items; a snapshot is given when the content changed.</summary>
    public List<(LogicalItem Item, Items.CanonicalItem? Snapshot)> LogicalUpserts { get; } = [];

    /// <summary>Logical items to forget entirely (tombstones every member has applied).</summary>
    public List<long> LogicalRemovals { get; } = [];

    public List<MemberItem> MemberItemUpserts { get; } = [];

    public List<(int MemberId, long LogicalId)> MemberItemRemovals { get; } = [];

    public Dictionary<int, string?> Tokens { get; } = [];

    /// <summary>
    /// When set, <see cref="Tokens"/> are stored only if the group's rules are still these (compared in normal form): a
    /// rules change made while the cycle ran has dropped the tokens for a whole read, and this step's would undo that.
    /// </summary>
    public PlannedRules? TokensPlannedWith { get; set; }

    /// <summary>The group's id counter after this step (0: unchanged).</summary>
    public long NextLogicalId { get; set; }

    public List<QuarantineEntry> QuarantineAdds { get; } = [];

    public List<(int MemberId, string RemoteId)> QuarantineRemovals { get; } = [];

    /// <summary>Pauses the group (with the withheld deletions) when set.</summary>
    public GroupPause? Pause { get; set; }

    /// <summary>Lifts a pause.</summary>
    public bool ClearPause { get; set; }

    /// <summary>
    /// When set, this step ends a cycle that left the group converged (see <see cref="Convergence"/>); the store records
    /// that in the same transaction, and only if the group's <see cref="GroupSyncState.Version"/> is still this one.
    /// A step without it clears the record: whatever it changed may leave work for the next cycle.
    /// </summary>
    public long? ConvergedAtVersion { get; set; }

    /// <summary>History lines of the items this step changes (<see cref="History.HistoryEntry"/>), recorded with it.</summary>
    public List<History.HistoryEntry> History { get; } = [];

    public bool IsEmpty =>
        LogicalUpserts.Count == 0 && LogicalRemovals.Count == 0 && MemberItemUpserts.Count == 0 &&
        MemberItemRemovals.Count == 0 && Tokens.Count == 0 && NextLogicalId == 0 && QuarantineAdds.Count == 0 &&
        QuarantineRemovals.Count == 0 && Pause is null && !ClearPause && ConvergedAtVersion is null && History.Count == 0;
}
