using Tandem.Core.Connectors;

namespace Tandem.Core.Sync;

/// <summary>A write for one member, with what the state records when it succeeds.</summary>
/// <param name="Hash">Hash of the content written (creates and updates).</param>
/// <param name="Revision">The logical revision the write brings the member to.</param>
/// <param name="Copy">The member's item is (or, for a create, will be) a copy Tandem made (<see cref="MemberItem.Copy"/>).</param>
/// <param name="Duplicate">
/// A delete of a second copy of one create (<see cref="PlanWorkspace.RemoveOwnDuplicate"/>): the member's recorded copy of
/// <paramref name="LogicalId"/> is another item and stays, so its outcome changes no member item.
/// </param>
public sealed record PlannedWrite(int MemberId, long LogicalId, WriteRequest Request, Hash128 Hash, long Revision, bool Copy = false, bool Duplicate = false);
