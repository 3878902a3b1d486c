using System.Globalization;
using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Core.Sync;

/// <summary>
/// A copy to create in a member that has no record of the item yet: kept compact (no intent record, request or stamp
/// until its batch is written), so that an initial sync of a large folder does not hold every write at once. Its intent
/// (<see cref="Intent"/>) is committed just before its batch is sent — the write-ahead rule, per batch — and a create
/// whose intent was never committed is simply planned again next cycle.
/// </summary>
/// <param name="Hash">Hash of <paramref name="Content"/>, the content written (after the group's modifications).</param>
/// <param name="Revision">The logical revision the copy brings the member to.</param>
public readonly record struct PlannedCreate(int MemberId, long LogicalId, long Revision, Hash128 Hash, CanonicalItem Content)
{
    private string IntentKey => "m" + MemberId.ToString(CultureInfo.InvariantCulture) + "r" + Revision.ToString(CultureInfo.InvariantCulture);

    /// <summary>The record committed before the write: the member may hold the copy from here on (found again by its stamp).</summary>
    public MemberItem Intent() => new(LogicalId, MemberId, null, null, Hash, Revision, MemberItemStatus.PendingCreate, IntentKey, Copy: true);

    public PlannedWrite Write(string groupUid) =>
        new(MemberId, LogicalId, new WriteRequest(WriteKind.Create, ItemStamp.Write(groupUid, LogicalId, IntentKey, Revision), Content), Hash, Revision, Copy: true);
}
