using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Core.Sync;

/// <summary>
/// The pure heart of a cycle (DESIGN.md "Engine: a hub per group"): from the group's state and what each
/// member reported, decide what the group now holds and what every member must be written. No I/O; the
/// engine executes the plan. Members are taken in their configured order, each change in the order read.
/// </summary>
public static class SyncPlanner
{
    public static SyncPlan Plan(PlanInput input)
    {
        var work = new PlanWorkspace(input);
        var sendersRead = input.State.Members.Where(m => m.Role.SendsChanges())
            .All(m => input.Reads.Any(r => r.MemberId == m.Id && r.Succeeded));
        // senders first, joining ones after the others (their unmatched items are matched once more when all senders are
        // in); then targets: a joining target must see every group item to match its copies against
        var sendersApplied = false;
        foreach (var read in input.Reads.OrderBy(r => ReadOrder(work.Member(r.MemberId))))
        {
            var member = work.Member(read.MemberId);
            if (!sendersApplied && !member.Role.SendsChanges())
            {
                ApplyUnmatchedJoins(work);
                sendersApplied = true;
            }
            if (!read.Succeeded)
            {
                work.Tally(member.Id).Error = read.Error ?? "read failed";
                continue;
            }
            ApplyRead(work, member, read.Changes!);
            work.MarkRead(member.Id);
            // A joining member keeps reading its whole folder until a cycle has seen every sender, so that
            // copies of items which a sender (offline today) brings later are still matched, not duplicated.
            if (member.Token is not null || sendersRead) work.Delta.Tokens[member.Id] = read.Changes!.NewToken;
        }
        if (!sendersApplied) ApplyUnmatchedJoins(work);
        foreach (var read in input.Reads.Where(r => r.Succeeded && !work.Member(r.MemberId).Role.ReceivesChanges())) work.Acknowledge(read.MemberId);
        var pause = MassDeletionGuard(work);
        if (pause is null)
        {
            foreach (var (memberId, logicalId, revision) in work.DeletionCandidates) work.AcceptDeletion(memberId, logicalId, revision);
            FanOut(work);
        }
        else
        {
            work.Delta.Pause = pause;
        }
        RejoinUnreached(work, fannedOut: pause is null);
        if (work.KeptOutAdded) RejoinForKeptOut(work);
        work.PurgeTombstones();
        work.TrimHistory();
        return work.Finish(pause);
    }

    private static int ReadOrder(SyncMember member) => !member.Role.SendsChanges() ? 2 : member.Token is null ? 1 : 0;

    private static void ApplyRead(PlanWorkspace work, SyncMember member, ChangeSet changes)
    {
        // what the read reported is only looked up again for a complete listing or for copies marked with this token:
        // a no-change cycle's echoes (every copy an initial sync made) need no set of their own
        var mark = changes.IsComplete ? 0 : TokenMark.Of(member.Token);
        var seen = changes.IsComplete || (mark != 0 && work.HasMarkedCopies(member.Id, mark)) ? new HashSet<string>(changes.Upserts.Count, StringComparer.Ordinal) : null;
        foreach (var upsert in changes.Upserts)
        {
            seen?.Add(upsert.RemoteId);
            if (upsert.Item is null)
            {
                work.Quarantine(member.Id, upsert.RemoteId, upsert.ParseError ?? "the item could not be read");
                continue;
            }
            work.ReleaseQuarantine(member.Id, upsert.RemoteId);
            ApplyUpsert(work, member, upsert);
        }
        foreach (var deleted in changes.Deletions) ApplyDeletion(work, member, deleted);
        if (seen is not null && mark != 0)
        {
            // copies we created after this token must be in what it reports; one that is not was deleted by its user
            foreach (var gone in work.MarkedCopies(member.Id, mark).Where(r => !seen.Contains(r)).ToList()) ApplyDeletion(work, member, gone);
        }
        if (seen is not null && changes.IsComplete)
        {
            // a complete listing is the folder's whole content: what it lacks was deleted
            foreach (var gone in work.RemoteIdsOf(member.Id).Where(r => !seen.Contains(r)).ToList()) ApplyDeletion(work, member, gone);
            if (changes.Upserts.Count == 0 && work.LinkedCountBefore(member.Id) > 0) work.EmptyMembers.Add(member);
        }
    }

    private static void ApplyUpsert(PlanWorkspace work, SyncMember member, RemoteItem upsert)
    {
        var item = upsert.Item!;
        var existing = work.ByRemote(member.Id, upsert.RemoteId);
        if (existing is not null)
        {
            // echo of our own write, or unchanged — except an item the filter kept out, which comes in once the rules let it
            // in (they changed, and a complete listing shows it again)
            var letIn = existing.Status == MemberItemStatus.KeptOut && member.Role.SendsChanges() && work.Rules.Passes(item, work.Now);
            if (existing.ChangeKey == upsert.ChangeKey && !letIn) return;
            ApplyContent(work, member, existing, upsert, Hash128.Of(item));
            return;
        }

        var hash = Hash128.Of(item);
        if (work.RemoveOwnDuplicate(member, upsert, hash)) return;
        var linked = work.LinkByStamp(member, upsert, hash) ?? work.MatchJoining(member, upsert, hash);
        if (linked is not null)
        {
            ApplyContent(work, member, linked, upsert, hash);
            return;
        }

        if (!member.Role.SendsChanges()) return; // items users add to a target are theirs: left alone
        if (member.Token is null)
        {
            // a joining member's item that matches nothing yet waits until every sender's changes are in: another
            // joining member may bring the group item it is a copy of, or an edit this cycle bring it back
            work.UnmatchedJoins.Add((member, upsert, hash));
            return;
        }
        CreateIfPasses(work, member, upsert, hash);
    }

    private static void CreateIfPasses(PlanWorkspace work, SyncMember member, RemoteItem upsert, Hash128 hash)
    {
        if (!work.Rules.Passes(upsert.Item!, work.Now))
        {
            work.Tally(member.Id).Skipped++;
            return;
        }
        work.CreateLogical(member.Id, upsert, hash);
        if (member.Token is null) work.BroughtByJoining.Add(work.LastCreated);
        work.Tally(member.Id).Received++;
    }

    /// <summary>Joining members' items that matched nothing while reads were applied: matched again, else new items.</summary>
    private static void ApplyUnmatchedJoins(PlanWorkspace work)
    {
        if (work.UnmatchedJoins.Count == 0) return;
        work.ResetJoinIndexes();
        // items the filter lets in first: a filtered-out copy in one joining member is then matched to the group item
        // another one brings, instead of being left beside the copy the fan-out would write
        foreach (var passes in new[] { true, false })
        {
            foreach (var (member, upsert, hash) in work.UnmatchedJoins.Where(j => work.Rules.Passes(j.Upsert.Item!, work.Now) == passes))
            {
                if (work.MatchJoining(member, upsert, hash) is { } linked)
                {
                    ApplyContent(work, member, linked, upsert, hash);
                    continue;
                }
                if (passes)
                {
                    CreateIfPasses(work, member, upsert, hash);
                    continue;
                }
                // kept out, but recorded: receivers may hold their own copy of it, to be matched before an edit lets it in
                work.KeepOut(member, upsert, hash);
                work.Tally(member.Id).Skipped++;
            }
        }
    }

    /// <summary>A member's copy of a group item has content <paramref name="hash"/>: echo, catch-up, edit or conflict.</summary>
    private static void ApplyContent(PlanWorkspace work, SyncMember member, MemberItem mi, RemoteItem upsert, Hash128 hash)
    {
        var logical = work.Logical(mi.LogicalId);
        // The stamp is trusted only to say an update did not arrive: a write of several requests (a contact's photo, a
        // series' occurrences, a message replaced) may leave the new stamp beside part of the old content
        var missed = work.PendingUpdateMissed(upsert, mi);
        var seen = mi.Settled() with { ChangeKey = upsert.ChangeKey, RemoteId = upsert.RemoteId, Status = MemberItemStatus.Synced };
        if (mi.HasPendingUpdate && hash == mi.PendingHash && !missed)
        {
            // our update reached the store but its result was never recorded (the process died): not an edit. A copy whose
            // stamp names an earlier write of ours reads the same only because its user made that very edit: an edit, below
            work.PutMemberItem(seen with { Hash = hash, Revision = mi.PendingRevision });
            return;
        }
        if (mi.Status == MemberItemStatus.KeptOut)
        {
            ApplyKeptOut(work, member, mi, logical, upsert, hash, seen);
            return;
        }
        if (mi.Status == MemberItemStatus.Own && logical.Tombstone && !(member.Role.SendsChanges() && hash != mi.Hash && work.Rules.Passes(upsert.Item!, work.Now)))
        {
            // the member's own item beside a deleted group item stays as its user keeps it; only a sender's edit that the
            // filter lets in brings the item back (below), as a joining sender's edited copy does
            work.PutMemberItem(mi with { ChangeKey = upsert.ChangeKey, RemoteId = upsert.RemoteId, Hash = hash });
            return;
        }
        if (hash == mi.Hash && mi.HasPendingUpdate && !missed)
        {
            // the version before an update whose outcome was never recorded: the update did not reach the store and the
            // copy was touched, or it did and its user turned every field it changed back. The store cannot tell which;
            // taken as the former (the far likelier), the update is written again — and said, never silently
            work.PutMemberItem(seen);
            work.Conflict(logical.Id, member.Id, "reads as the version before an update whose outcome was not recorded: taken as not updated, the update is written again");
            return;
        }
        if (hash == mi.Hash)
        {
            work.PutMemberItem(seen); // metadata only (our own write, or a change outside the content)
            return;
        }
        if (!member.Role.ReceivesChanges() && mi.Status == MemberItemStatus.Synced && !mi.Hash.IsNone && !logical.Tombstone && hash == logical.Hash)
        {
            // Tandem never writes a source's copy, so a copy that turns into the group's version is its user's edit
            // (the same one made elsewhere too): it counts as an edit, and a deletion made meanwhile elsewhere loses to
            // it as to any later edit of a source (docs/roles.md)
            var edited = work.Accept(logical, upsert.Item!, hash, upsert.Modified ?? work.Now, member.Id);
            work.PutMemberItem(seen with { Hash = hash, Revision = edited.Revision });
            work.Tally(member.Id).Received++;
            return;
        }
        if (!logical.Tombstone && (hash == logical.Hash || hash == work.WrittenHash(logical.Id)))
        {
            work.PutMemberItem(seen with { Hash = hash, Revision = logical.Revision }); // already holds the group's version
            return;
        }
        if (!missed && work.Before(logical.Id) is { Tombstone: false } before && before.Revision != logical.Revision && hash == before.Hash && mi.Revision <= before.Revision)
        {
            // the version the group held when this cycle began (another member's edit was accepted since): this copy
            // is on that revision, not edited — a joining member's unchanged copy, or a write of ours — and is updated.
            // Not when its stamp says our write of it never arrived: then its user made that very edit
            work.PutMemberItem(seen with { Hash = hash, Revision = before.Revision });
            return;
        }
        if (upsert.Item is Contact { Photo.IsWithheld: true } && !logical.Tombstone && PhotoCarry.Fill(upsert.Item, work.Current(logical.Id)) is var filled && !ReferenceEquals(filled, upsert.Item))
        {
            // a photo the member withholds is the group's photo, not a change: compared again with it
            ApplyContent(work, member, mi, upsert with { Item = filled }, Hash128.Of(filled));
            return;
        }
        var item = upsert.Item!;
        if (!member.Role.SendsChanges())
        {
            // a target's edit is reverted: remember what it holds and let the fan-out rewrite it
            work.PutMemberItem(seen with { Hash = hash, Revision = 0 });
            work.Conflict(logical.Id, member.Id, "edited in a target: reverted to the group's version");
            return;
        }
        if (!logical.Tombstone && !work.Rules.PassesContent(item))
        {
            // the edit takes the item out of the filter: it stops flowing, nothing is deleted anywhere
            work.PutMemberItem(seen with { Hash = hash });
            work.Tally(member.Id).Skipped++;
            return;
        }
        var modified = upsert.Modified ?? work.Now;
        if (logical.Tombstone || mi.Revision == logical.Revision)
        {
            // fast-forward (or an edit of an item deleted elsewhere meanwhile: the edit wins, the item lives on)
            var accepted = work.Accept(logical, item, hash, modified, member.Id);
            work.PutMemberItem(seen with { Hash = hash, Revision = accepted.Revision });
            work.Tally(member.Id).Received++;
            return;
        }

        var memberIsNewer = modified > logical.Modified;
        // a joining member's copy (matched, never synced) was made before it was in the group: the newer version wins,
        // whatever the policy; a priority member's stale copy does not undo the edits made while it was away
        var policy = mi.Revision == 0 && mi.Hash.IsNone ? ConflictPolicy.Newest : work.Group.Conflict;
        switch (policy)
        {
            case ConflictPolicy.Priority when work.PriorityMemberId is { } priority && (member.Id == priority || logical.OriginMember == priority):
                Decide(work, policy, member, seen, logical, item, hash, modified, member.Id == priority);
                break;
            case ConflictPolicy.Merge:
                var baseItem = work.MergeBase(logical.Id, mi.Revision);
                var theirs = work.Current(logical.Id);
                if (baseItem is null || theirs is null)
                {
                    work.Defer(logical.Id, member.Id, $"no merge base (revision {mi.Revision} is no longer kept): decided by newest");
                    Decide(work, policy, member, seen, logical, item, hash, modified, memberIsNewer);
                    break;
                }
                var merged = JsonMerge.Merge(baseItem, item, theirs, memberIsNewer);
                var mergedHash = Hash128.Of(merged);
                if (mergedHash == hash) Decide(work, policy, member, seen, logical, item, hash, modified, memberWins: true);
                else if (mergedHash == logical.Hash) Decide(work, policy, member, seen, logical, item, hash, modified, memberWins: false);
                else
                {
                    // neither side as it is: the group takes the merge and every member, this one too, gets it
                    work.Accept(logical, merged, mergedHash, memberIsNewer ? modified : logical.Modified, member.Id);
                    work.PutMemberItem(seen with { Hash = hash });
                    work.Conflict(logical.Id, member.Id, "concurrent edits (merge): merged field by field");
                }
                break;
            default:
                Decide(work, policy, member, seen, logical, item, hash, modified, memberIsNewer);
                break;
        }
    }

    /// <summary>A copy of an item the filter kept out when its member joined (<see cref="MemberItemStatus.KeptOut"/>).</summary>
    private static void ApplyKeptOut(PlanWorkspace work, SyncMember member, MemberItem mi, LogicalItem logical, RemoteItem upsert, Hash128 hash, MemberItem seen)
    {
        if (!logical.Tombstone)
        {
            // another member brought the item in meanwhile: this copy is a joining copy of it, never synced
            ApplyContent(work, member, mi with { Status = MemberItemStatus.Synced, Hash = Hash128.None, Revision = 0 }, upsert, hash);
            return;
        }
        if (!member.Role.SendsChanges() || !work.Rules.Passes(upsert.Item!, work.Now))
        {
            work.PutMemberItem(mi with { ChangeKey = upsert.ChangeKey, RemoteId = upsert.RemoteId, Hash = hash }); // still kept out
            return;
        }
        // the filter lets it in now: the item the member brought when it joined, whose copies in receivers are their own
        var accepted = work.Accept(logical, upsert.Item!, hash, upsert.Modified ?? work.Now, member.Id);
        work.PutMemberItem(seen with { Hash = hash, Revision = accepted.Revision });
        work.Tally(member.Id).Received++;
    }

    private static void Decide(PlanWorkspace work, ConflictPolicy policy, SyncMember member, MemberItem seen, LogicalItem logical, CanonicalItem item, Hash128 hash, DateTimeOffset modified, bool memberWins)
    {
        work.Conflict(logical.Id, member.Id, $"concurrent edits ({policy.ToString().ToLowerInvariant()} policy): " +
            (memberWins ? "this member's version won" : "the group's version was kept and written back"));
        if (memberWins)
        {
            var accepted = work.Accept(logical, item, hash, modified, member.Id);
            work.PutMemberItem(seen with { Hash = hash, Revision = accepted.Revision });
            work.Tally(member.Id).Received++;
        }
        else
        {
            // the group's version stands; the member is behind and the fan-out rewrites it (with its change key)
            work.PutMemberItem(seen with { Hash = hash });
        }
    }

    private static void ApplyDeletion(PlanWorkspace work, SyncMember member, string remoteId)
    {
        work.ReleaseQuarantine(member.Id, remoteId);
        var mi = work.ByRemote(member.Id, remoteId);
        if (mi is null) return;
        var logical = work.Logical(mi.LogicalId);
        if (logical.Tombstone)
        {
            work.RemoveMemberItem(member.Id, mi.LogicalId); // it applied the group's deletion
            return;
        }
        if (!member.Role.SendsChanges() || mi.Revision != logical.Revision)
        {
            // a target's deletion is reverted; a deletion of a version the member had not caught up with loses
            // to the newer edit. Either way the member gets the item again.
            work.RemoveMemberItem(member.Id, mi.LogicalId);
            work.Conflict(mi.LogicalId, member.Id, member.Role.SendsChanges()
                ? "deleted a version older than the group's: the newer edit wins, the item is written back"
                : "deleted in a target: written back");
            return;
        }
        work.DeletionCandidates.Add((member.Id, mi.LogicalId, logical.Revision));
    }

    private static GroupPause? MassDeletionGuard(PlanWorkspace work)
    {
        var threshold = work.Group.MassDeleteThreshold;
        if (threshold >= 1 || (work.DeletionCandidates.Count == 0 && work.EmptyMembers.Count == 0)) return null;
        var deleting = work.DeletionCandidates.Select(d => d.LogicalId).Distinct().Count();
        var live = work.LiveCountBefore;
        string? reason = null;
        if (work.EmptyMembers.Count > 0)
        {
            var empty = work.EmptyMembers[0];
            reason = $"member {empty.Folder} suddenly looks empty (it held {work.LinkedCountBefore(empty.Id)} items of the group)";
        }
        else if (live > 0 && deleting > threshold * live)
        {
            reason = $"this cycle would delete {deleting} of {live} items ({100.0 * deleting / live:0.#} %, more than {threshold * 100:0.#} %)";
        }
        if (reason is null) return null;
        return new GroupPause(reason, work.Now, work.DeletionCandidates.Select(d => new PendingDeletion(d.MemberId, d.LogicalId)).ToList());
    }

    /// <summary>
    /// An item a joining member brought is matched in every receiver before it is copied there (docs/roles.md): the
    /// fan-out drops the token of each receiver it reaches; one it did not reach this cycle (not read, or the guard paused
    /// the group) has its token dropped too. Next cycle the item is no longer new, so a plain copy would be made beside
    /// the receiver's own one.
    /// </summary>
    private static void RejoinUnreached(PlanWorkspace work, bool fannedOut)
    {
        if (work.BroughtByJoining.Count == 0) return;
        foreach (var member in work.Members)
        {
            if (!member.Role.ReceivesChanges() || member.Token is null || (fannedOut && work.WasRead(member.Id))) continue;
            foreach (var logicalId in work.BroughtByJoining)
            {
                if (!work.Logical(logicalId).Tombstone && work.ByLogical(member.Id, logicalId) is null) work.Rejoin(member.Id, logicalId);
            }
        }
    }

    /// <summary>
    /// A receiver that joined earlier may hold its own copy of an item the filter kept out of a joining member (a target's
    /// item that matched nothing when it joined): it is read whole next cycle and matched, so that the copy is known as its
    /// own copy of that item if an edit lets the item in (docs/roles.md).
    /// </summary>
    private static void RejoinForKeptOut(PlanWorkspace work)
    {
        foreach (var member in work.Members)
        {
            if (member.Role.ReceivesChanges() && member.Token is not null) work.Delta.Tokens[member.Id] = null;
        }
    }

    private static void FanOut(PlanWorkspace work)
    {
        foreach (var member in work.Members)
        {
            if (!work.WasRead(member.Id)) continue;
            if (!member.Role.ReceivesChanges())
            {
                // a source is written only to undo a rejected deletion: a restore that the lookup by stamp did not find
                // (the process died before it was written) is made again, as the administrator decided
                foreach (var pending in work.PendingCopies(member.Id)) work.RestorePending(member.Id, pending);
                continue;
            }
            foreach (var logical in work.AllLogical())
            {
                var mi = work.ByLogical(member.Id, logical.Id);
                if (logical.Tombstone)
                {
                    if (mi is null || mi.Status is MemberItemStatus.Own or MemberItemStatus.KeptOut) continue; // the member's own item is left alone
                    if (mi.Status == MemberItemStatus.PendingCreate || mi.RemoteId is null) work.RemoveMemberItem(member.Id, logical.Id);
                    else work.PlanDelete(member.Id, mi);
                    continue;
                }
                if (mi is null && member.Token is not null && work.BroughtByJoining.Contains(logical.Id))
                {
                    // an item a joining member brought may already be in this receiver as its own (a target's item, or one
                    // a filter kept out), unmatched when it joined: the receiver is read whole next cycle and matched, as a
                    // joining member is, instead of getting a copy beside it
                    work.Rejoin(member.Id, logical.Id);
                    continue;
                }
                if (mi is { Status: MemberItemStatus.Own or MemberItemStatus.KeptOut })
                {
                    // the item came back: the member's own copy of it is brought to the group's version, as a target's edit is
                    mi = mi with { Status = MemberItemStatus.Synced };
                    work.PutMemberItem(mi);
                }
                var behind = mi is null || mi.Status == MemberItemStatus.PendingCreate || mi.Revision != logical.Revision;
                if (behind && work.WasRefused(member.Id, logical)) continue;
                if (mi is null || mi.Status == MemberItemStatus.PendingCreate) work.PlanCreate(member.Id, logical, mi);
                else if (mi.Revision != logical.Revision) work.PlanUpdate(member.Id, logical, mi);
            }
        }
    }
}
