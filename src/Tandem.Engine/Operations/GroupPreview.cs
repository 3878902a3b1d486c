using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Engine.Operations;

/// <summary>One write a group would make in a member: create, update or delete, and the item's name.</summary>
public sealed record PreviewChange(WriteKind Kind, long LogicalId, string Title);

/// <summary>What a cycle would do to one member: its counts (as a dry run's report has them) and the writes by name.</summary>
public sealed record MemberPreview(string Member, MemberRole Role, MemberReport Counts, IReadOnlyList<PreviewChange> Changes)
{
    public int Creates => Changes.Count(c => c.Kind == WriteKind.Create);

    public int Updates => Changes.Count(c => c.Kind == WriteKind.Update);

    public int Deletes => Changes.Count(c => c.Kind == WriteKind.Delete);
}

/// <summary>
/// "What would this group change?" (<see cref="SyncEngine.PreviewAsync"/>): per member the writes a cycle would make, and
/// what the mass-deletion guard would say. Nothing is written to any member or to the state; a paused group (one not yet
/// enabled) is previewed as if it ran.
/// </summary>
/// <param name="Guard">The guard's verdict: why it would pause the group, or that the deletions stay within its limit.</param>
/// <param name="GuardWouldPause">True when the cycle would pause the group for approval.</param>
/// <param name="PausedNow">Why the group is paused now (it would not run before it is resumed or approved), or null.</param>
public sealed record GroupPreview(string Group, IReadOnlyList<MemberPreview> Members, bool GuardWouldPause, string Guard, string? PausedNow)
{
    public int TotalWrites => Members.Sum(m => m.Changes.Count);
}
