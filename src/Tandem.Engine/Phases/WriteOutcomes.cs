using Tandem.Core.Connectors;
using Tandem.Core.History;
using Tandem.Core.Sync;

namespace Tandem.Engine.Phases;

/// <summary>
/// Turns the results of executed writes into state changes and counts, and notes in <paramref name="log"/> what they left
/// in the member (the catch-up read compares with it). Each write that reached the member is a
/// <see cref="HistoryAction.Delivered"/> line of its item's history, recorded with its outcome.
/// </summary>
internal static class WriteOutcomes
{
    public static StateDelta Apply(IReadOnlyList<PlannedWrite> writes, IReadOnlyList<WriteResult> results, MemberTally tally, long tokenMark, WriteLog.MemberWrites log, DateTimeOffset now)
    {
        var delta = new StateDelta();
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            var result = i < results.Count ? results[i] : new WriteResult(write.Request, WriteOutcome.Failed, Error: "no result returned");
            var request = write.Request;
            switch (request.Kind, result.Outcome)
            {
                case (WriteKind.Create, WriteOutcome.Ok or WriteOutcome.AlreadyExists) when result.RemoteId is not null:
                    // a copy created now (not one found already there) is one the member's next read must report
                    var mark = result.Outcome == WriteOutcome.Ok ? tokenMark : 0;
                    delta.MemberItemUpserts.Add(new MemberItem(write.LogicalId, write.MemberId, result.RemoteId, result.ChangeKey, write.Hash, write.Revision, MemberItemStatus.Synced, request.Stamp.Intent, TokenMark: mark, Copy: write.Copy));
                    log.Written[result.RemoteId] = result.ChangeKey;
                    log.Created++;
                    tally.Created++;
                    delta.History.Add(Delivered(write, now, "created"));
                    break;
                case (WriteKind.Update, WriteOutcome.Ok):
                    var updated = result.RemoteId ?? request.RemoteId;
                    delta.MemberItemUpserts.Add(new MemberItem(write.LogicalId, write.MemberId, updated, result.ChangeKey, write.Hash, write.Revision, MemberItemStatus.Synced, write.Copy ? request.Stamp.Intent : null, Copy: write.Copy));
                    if (updated is not null) log.Written[updated] = result.ChangeKey;
                    tally.Updated++;
                    delta.History.Add(Delivered(write, now, "updated"));
                    break;
                case (WriteKind.Update, WriteOutcome.NotFound):
                    // deleted in the member meanwhile: the newer group version wins and is created again next cycle
                    delta.MemberItemRemovals.Add((write.MemberId, write.LogicalId));
                    tally.Conflicts++;
                    break;
                case (WriteKind.Delete, WriteOutcome.Ok or WriteOutcome.NotFound) when write.Duplicate:
                    // a second copy of one create is gone; the member's recorded copy stays as it is
                    if (request.RemoteId is not null) log.Deleted.Add(request.RemoteId);
                    tally.Deleted++;
                    delta.History.Add(Delivered(write, now, "duplicate deleted"));
                    break;
                case (WriteKind.Delete, WriteOutcome.Ok or WriteOutcome.NotFound):
                    delta.MemberItemRemovals.Add((write.MemberId, write.LogicalId));
                    if (request.RemoteId is not null) log.Deleted.Add(request.RemoteId);
                    tally.Deleted++;
                    delta.History.Add(Delivered(write, now, "deleted"));
                    break;
                case (_, WriteOutcome.Refused):
                    // the store cannot hold this item: quarantined with the reason, not sent again every cycle
                    var reason = $"{request.Kind.ToString().ToLowerInvariant()} refused by the store: {result.Error ?? "no reason given"}";
                    delta.QuarantineAdds.Add(new QuarantineEntry(write.MemberId, RefusedWrite.Key(write.LogicalId, write.Revision), reason));
                    // a refused create made nothing: no create is left pending (its stamp looked up every cycle)
                    if (request.Kind == WriteKind.Create) delta.MemberItemRemovals.Add((write.MemberId, write.LogicalId));
                    tally.Quarantined++;
                    tally.Skipped++;
                    delta.History.Add(new HistoryEntry(write.LogicalId, write.Revision, now, HistoryAction.Quarantined, write.MemberId, Detail: reason));
                    break;
                case (_, WriteOutcome.Conflict):
                    // changed in the member since we read it: re-read and re-planned next cycle, never overwritten blindly
                    tally.Conflicts++;
                    tally.Skipped++;
                    break;
                default:
                    tally.Skipped++;
                    tally.Error ??= $"{request.Kind} failed: {result.Error ?? result.Outcome.ToString()}";
                    break;
            }
        }
        return delta;
    }

    private static HistoryEntry Delivered(PlannedWrite write, DateTimeOffset now, string what) =>
        new(write.LogicalId, write.Revision, now, HistoryAction.Delivered, write.MemberId, Detail: what);
}
