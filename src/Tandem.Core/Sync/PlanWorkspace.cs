using System.Globalization;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Core.Sync;

/// <summary>
/// The planner's working copy of a group's state: indexes over the items, the changes made so far (which
/// become the <see cref="StateDelta"/>) and the writes planned.
/// </summary>
internal sealed class PlanWorkspace
{
    private readonly PlanInput _input;
    private readonly Dictionary<int, SyncMember> _members;
    private readonly Dictionary<long, LogicalItem> _logical;
    private readonly Dictionary<long, LogicalItem> _logicalBefore;
    private readonly Dictionary<(int Member, long Logical), MemberItem> _byLogical;
    private readonly Dictionary<int, Dictionary<string, long>> _byRemote;
    private readonly Dictionary<int, int> _linkedBefore = [];
    private readonly Dictionary<long, CanonicalItem> _content = [];
    private readonly Dictionary<long, Hash128> _writtenHash = [];
    private readonly HashSet<long> _changedLogical = [];
    private readonly HashSet<(int, long)> _changedMember = [];
    private readonly HashSet<(int, long)> _removedMember = [];
    private readonly Dictionary<(int, string), QuarantineEntry> _quarantine;
    private readonly Dictionary<int, MemberTally> _tallies = [];
    private readonly Dictionary<int, JoinIndex> _joinIndexes = [];
    private readonly List<PlannedWrite> _writes = [];
    private readonly List<PlannedCreate> _creates = [];
    private readonly HashSet<int> _read = [];
    private Dictionary<(int, long), List<long>>? _marked;
    private readonly HashSet<long> _missingCurrent = [];
    private readonly HashSet<(long, long)> _missingRevisions = [];
    private readonly List<DeferredWork> _deferred = [];
    private readonly List<ConflictNote> _conflicts = [];
    private long _nextLogicalId;

    public PlanWorkspace(PlanInput input)
    {
        _input = input;
        var state = input.State;
        Rules = new RuleEngine(SyncRules.Parse(state.Group.RulesJson));
        _members = state.Members.ToDictionary(m => m.Id);
        _logical = state.LogicalItems.ToDictionary(l => l.Id);
        _logicalBefore = new Dictionary<long, LogicalItem>(_logical);
        _byLogical = new Dictionary<(int, long), MemberItem>(state.MemberItems.Count);
        // remote-id indexes are built on first use: a member that reported nothing never needs one
        _byRemote = [];
        foreach (var mi in state.MemberItems)
        {
            _byLogical[(mi.MemberId, mi.LogicalId)] = mi;
            // a member's own item beside a deleted group item is not a copy of the group's: emptying it is no sign of a lost folder
            if (mi.RemoteId is not null && mi.Status is not (MemberItemStatus.Own or MemberItemStatus.KeptOut)) _linkedBefore[mi.MemberId] = _linkedBefore.GetValueOrDefault(mi.MemberId) + 1;
        }
        _quarantine = state.Quarantine.ToDictionary(q => (q.MemberId, q.RemoteId));
        _nextLogicalId = Math.Max(state.NextLogicalId, state.LogicalItems.Count == 0 ? 1 : state.LogicalItems.Max(l => l.Id) + 1);
        LiveCountBefore = state.LogicalItems.Count(l => !l.Tombstone);
        var priority = state.Group.PriorityMember?.ToString();
        PriorityMemberId = priority is null ? null
            : state.Members.FirstOrDefault(m => string.Equals(m.Folder.ToString(), priority, StringComparison.OrdinalIgnoreCase))?.Id;
    }

    public GroupDefinition Group => _input.State.Group;
    public RuleEngine Rules { get; }
    public DateTimeOffset Now => _input.Now;
    public int? PriorityMemberId { get; }
    public int LiveCountBefore { get; }
    public StateDelta Delta { get; } = new();
    public List<(int MemberId, long LogicalId, long Revision)> DeletionCandidates { get; } = [];
    public List<SyncMember> EmptyMembers { get; } = [];
    public IEnumerable<SyncMember> Members => _input.State.Members;

    public SyncMember Member(int id) => _members[id];

    public MemberTally Tally(int memberId)
    {
        if (!_tallies.TryGetValue(memberId, out var tally)) _tallies[memberId] = tally = new MemberTally();
        return tally;
    }

    public bool WasRead(int memberId) => _read.Contains(memberId);

    public void MarkRead(int memberId) => _read.Add(memberId);

    public int LinkedCountBefore(int memberId) => _linkedBefore.GetValueOrDefault(memberId);

    public LogicalItem Logical(long id) => _logical[id];

    /// <summary>The item as it stood when this cycle began (null: created this cycle).</summary>
    public LogicalItem? Before(long id) => _logicalBefore.GetValueOrDefault(id);

    public IEnumerable<LogicalItem> AllLogical() => _logical.Values;

    public MemberItem? ByLogical(int memberId, long logicalId) => _byLogical.GetValueOrDefault((memberId, logicalId));

    public MemberItem? ByRemote(int memberId, string remoteId) =>
        RemoteIndex(memberId).TryGetValue(remoteId, out var logicalId) ? _byLogical.GetValueOrDefault((memberId, logicalId)) : null;

    public IEnumerable<string> RemoteIdsOf(int memberId) => RemoteIndex(memberId).Keys;

    /// <summary>The member's copies whose create was planned and not (yet) found.</summary>
    public IReadOnlyList<MemberItem> PendingCopies(int memberId) =>
        _byLogical.Values.Where(mi => mi.MemberId == memberId && mi.Status == MemberItemStatus.PendingCreate).ToList();

    /// <summary>A source's pending restore: created from the group's current content, or dropped if the item is gone.</summary>
    public void RestorePending(int memberId, MemberItem mi)
    {
        var logical = _logical[mi.LogicalId];
        if (logical.Tombstone)
        {
            RemoveMemberItem(memberId, mi.LogicalId);
            return;
        }
        if (Current(logical.Id) is not { } content)
        {
            Defer(logical.Id, memberId, "restore waits: the item's snapshot is not available");
            return;
        }
        var stamp = Stamp(logical.Id, mi.IntentKey ?? $"m{memberId}r{logical.Revision}x", logical.Revision);
        // the restore writes the group's current version, so the copy is on the current revision: a source is never behind,
        // and its later deletion of the restored item is not taken as the deletion of an older version (model sweep seed 1091636381)
        _writes.Add(new PlannedWrite(memberId, logical.Id, new WriteRequest(WriteKind.Create, stamp, content), Hash128.Of(content), logical.Revision, mi.Copy));
        Tally(memberId).Created++;
    }

    /// <summary>Whether the state holds copies of the member created after the token with this <see cref="TokenMark"/>.</summary>
    public bool HasMarkedCopies(int memberId, long mark) => Marked().ContainsKey((memberId, mark));

    /// <summary>Remote ids of the member's copies created after the token with this <see cref="TokenMark"/>.</summary>
    public IEnumerable<string> MarkedCopies(int memberId, long mark)
    {
        if (!Marked().TryGetValue((memberId, mark), out var ids)) return [];
        // what the copy is now: this cycle may already have changed or dropped it
        return ids.Select(id => ByLogical(memberId, id)).Where(mi => mi is { Status: MemberItemStatus.Synced, RemoteId: not null } && mi.TokenMark == mark).Select(mi => mi!.RemoteId!);
    }

    // one pass over the state's copies for all members, on first use (most cycles of most groups have none)
    private Dictionary<(int, long), List<long>> Marked() =>
        _marked ??= _input.State.MemberItems.Where(mi => mi.TokenMark != 0).GroupBy(mi => (mi.MemberId, mi.TokenMark)).ToDictionary(g => g.Key, g => g.Select(mi => mi.LogicalId).ToList());

    private Dictionary<string, long> RemoteIndex(int memberId)
    {
        if (_byRemote.TryGetValue(memberId, out var index)) return index;
        // sized once: a member's index holds every copy it had (a large group's would otherwise be grown and copied)
        index = new Dictionary<string, long>(_linkedBefore.GetValueOrDefault(memberId), StringComparer.Ordinal);
        foreach (var mi in _byLogical.Values)
        {
            if (mi.MemberId == memberId && mi.RemoteId is not null) index[mi.RemoteId] = mi.LogicalId;
        }
        _byRemote[memberId] = index;
        return index;
    }

    /// <summary>
    /// The group's current content of an item: changed this cycle, else its stored snapshot. A live item whose snapshot
    /// was not given is asked for (<see cref="SyncPlan.Missing"/>).
    /// </summary>
    public CanonicalItem? Current(long logicalId)
    {
        if (_content.TryGetValue(logicalId, out var item) || _input.Snapshots.TryGetValue(logicalId, out item)) return item;
        if (_logicalBefore.TryGetValue(logicalId, out var before) && !before.Tombstone) _missingCurrent.Add(logicalId);
        return null;
    }

    /// <summary>
    /// The base for merging a member's edit made on <paramref name="memberRevision"/>: the snapshot of that revision as
    /// it stood before this cycle (the current snapshot, or a kept earlier one). Asked for when not given.
    /// </summary>
    public CanonicalItem? MergeBase(long logicalId, long memberRevision)
    {
        if (!_logicalBefore.TryGetValue(logicalId, out var before) || memberRevision <= 0) return null;
        if (memberRevision == before.Revision)
        {
            // the stored snapshot as it was before this cycle (a change accepted this cycle is not the base)
            if (before.Tombstone) return null;
            if (_input.Snapshots.TryGetValue(logicalId, out var stored)) return stored;
            _missingCurrent.Add(logicalId);
            return null;
        }
        if (before.BaseRevision == 0 || memberRevision < before.BaseRevision || memberRevision > before.Revision) return null; // not kept
        if (_input.Revisions.TryGetValue((logicalId, memberRevision), out var kept)) return kept;
        _missingRevisions.Add((logicalId, memberRevision));
        return null;
    }

    /// <summary>Records what this plan could not do as the policy says, and why.</summary>
    public void Defer(long logicalId, int memberId, string reason) => _deferred.Add(new DeferredWork(logicalId, memberId, reason));

    /// <summary>Counts a conflict of the member and notes how it was decided, for the item's history.</summary>
    public void Conflict(long logicalId, int memberId, string decision)
    {
        Tally(memberId).Conflicts++;
        _conflicts.Add(new ConflictNote(logicalId, memberId, decision));
    }

    /// <summary>Hash of what receiving members are written for this item (the content after the group's modifications).</summary>
    public Hash128 WrittenHash(long logicalId)
    {
        if (!Rules.HasModifications) return _logical[logicalId].Hash;
        if (_writtenHash.TryGetValue(logicalId, out var hash)) return hash;
        var current = Current(logicalId);
        hash = current is null ? Hash128.None : Hash128.Of(Rules.Modify(current));
        _writtenHash[logicalId] = hash;
        return hash;
    }

    public void PutMemberItem(MemberItem mi)
    {
        var key = (mi.MemberId, mi.LogicalId);
        _byRemote.TryGetValue(mi.MemberId, out var index);
        if (index is not null && _byLogical.TryGetValue(key, out var old) && old.RemoteId is not null && old.RemoteId != mi.RemoteId)
            index.Remove(old.RemoteId);
        _byLogical[key] = mi;
        if (index is not null && mi.RemoteId is not null) index[mi.RemoteId] = mi.LogicalId;
        _changedMember.Add(key);
        _removedMember.Remove(key);
    }

    public void RemoveMemberItem(int memberId, long logicalId)
    {
        var key = (memberId, logicalId);
        if (!_byLogical.Remove(key, out var old)) return;
        if (old.RemoteId is not null && _byRemote.TryGetValue(memberId, out var index)) index.Remove(old.RemoteId);
        _changedMember.Remove(key);
        _removedMember.Add(key);
    }

    /// <summary>Logical items created this cycle from a joining member's items.</summary>
    public HashSet<long> BroughtByJoining { get; } = [];

    /// <summary>The id of the last item <see cref="CreateLogical"/> made.</summary>
    public long LastCreated => _nextLogicalId - 1;

    /// <summary>
    /// The member's token is dropped, so its next read is a complete listing matched like a joining member's; the
    /// create of this item waits for that read.
    /// </summary>
    public void Rejoin(int memberId, long logicalId)
    {
        Delta.Tokens[memberId] = null;
        Defer(logicalId, memberId, "create waits: the member is read whole next cycle, to match a copy it may already hold");
    }

    /// <summary>Whether this cycle recorded an item the filter kept out of a joining member (<see cref="KeepOut"/>).</summary>
    public bool KeptOutAdded { get; private set; }

    /// <summary>
    /// A joining sender's item that matched nothing and that the filter keeps out is recorded (<see cref="MemberItemStatus.KeptOut"/>)
    /// against a new group item holding no version: its identity keys and hash let receivers' own copies be matched to it,
    /// so that it comes in as this item if an edit lets it in later.
    /// </summary>
    public void KeepOut(SyncMember member, RemoteItem upsert, Hash128 hash)
    {
        var id = _nextLogicalId++;
        var item = upsert.Item!;
        _logical[id] = new LogicalItem(id, 1, hash, true, upsert.Modified ?? Now, member.Id, DeletedIdentity: IdentityKeys.Pack(item));
        _changedLogical.Add(id);
        foreach (var index in _joinIndexes.Values) index.AddDeleted(id, hash, IdentityKeys.For(item));
        PutMemberItem(new MemberItem(id, member.Id, upsert.RemoteId, upsert.ChangeKey, hash, 1, MemberItemStatus.KeptOut));
        KeptOutAdded = true;
    }

    /// <summary>Whether the item is one the filter kept out of the member that brought it (it never held a version in the group).</summary>
    public bool IsKeptOut(long logicalId) => Members.Any(m => ByLogical(m.Id, logicalId) is { Status: MemberItemStatus.KeptOut });

    public void CreateLogical(int memberId, RemoteItem upsert, Hash128 hash)
    {
        var id = _nextLogicalId++;
        var logical = new LogicalItem(id, 1, hash, false, upsert.Modified ?? Now, memberId);
        SetLogical(logical, upsert.Item!);
        IndexNew(id, hash, upsert.Item!);
        PutMemberItem(new MemberItem(id, memberId, upsert.RemoteId, upsert.ChangeKey, hash, 1, MemberItemStatus.Synced));
    }

    /// <summary>A new version of an item is accepted into the group.</summary>
    public LogicalItem Accept(LogicalItem logical, CanonicalItem item, Hash128 hash, DateTimeOffset modified, int memberId)
    {
        // keep the version before this cycle (and older kept ones) as merge bases, for sending members still on them
        var before = _logicalBefore.GetValueOrDefault(logical.Id);
        var baseRevision = Group.Conflict == ConflictPolicy.Merge && before is { Tombstone: false } ? OldestBase(before) : 0;
        var accepted = logical with
        {
            Revision = logical.Revision + 1,
            Hash = hash,
            Tombstone = false,
            Modified = modified,
            OriginMember = memberId,
            BaseRevision = baseRevision,
            DeletedIdentity = null,
        };
        SetLogical(accepted, item);
        return accepted;
    }

    /// <summary>
    /// The oldest revision of an item a merge may still need as its base: the oldest one a sending member is on, but
    /// never older than what is already kept (the store cannot bring back a snapshot it dropped).
    /// </summary>
    private long OldestBase(LogicalItem before)
    {
        var oldest = before.Revision;
        foreach (var member in Members)
        {
            if (!member.Role.SendsChanges() || ByLogical(member.Id, before.Id) is not { } mi) continue;
            if (mi.Revision >= 1 && mi.Revision < oldest && before.BaseRevision != 0 && mi.Revision >= before.BaseRevision) oldest = mi.Revision;
        }
        return oldest;
    }

    /// <summary>
    /// Earlier revisions no sending member is on any more are let go: an item's BaseRevision rises to the oldest revision
    /// still needed (0 when none is). Only items that keep some are looked at, so a group without merges pays nothing.
    /// </summary>
    public void TrimHistory()
    {
        var kept = _logical.Values.Where(l => l.BaseRevision != 0).ToList();
        if (kept.Count == 0) return;
        var oldest = kept.ToDictionary(l => l.Id, l => l.Revision);
        var senders = Members.Where(m => m.Role.SendsChanges()).Select(m => m.Id).ToHashSet();
        foreach (var mi in _byLogical.Values)
        {
            if (senders.Contains(mi.MemberId) && oldest.TryGetValue(mi.LogicalId, out var o) && mi.Revision >= 1 && mi.Revision < o) oldest[mi.LogicalId] = mi.Revision;
        }
        foreach (var logical in kept)
        {
            var needed = Group.Conflict != ConflictPolicy.Merge || logical.Tombstone || oldest[logical.Id] >= logical.Revision ? 0 : Math.Max(logical.BaseRevision, oldest[logical.Id]);
            if (needed == logical.BaseRevision) continue;
            _logical[logical.Id] = logical with { BaseRevision = needed };
            _changedLogical.Add(logical.Id);
        }
    }

    public void AcceptDeletion(int memberId, long logicalId, long revision)
    {
        var logical = _logical[logicalId];
        RemoveMemberItem(memberId, logicalId);
        if (!logical.Tombstone && logical.Revision != revision)
        {
            // another member's edit was accepted later in this cycle: the edit wins and the deleter gets it back
            Conflict(logicalId, memberId, "deleted while another member edited it: the edit wins, the item is written back");
            return;
        }
        Tally(memberId).Received++;
        if (logical.Tombstone) return;
        var identity = Current(logicalId) is { } deleted ? IdentityKeys.Pack(deleted) : null;
        var tombstone = logical with { Revision = logical.Revision + 1, Tombstone = true, Modified = Now, OriginMember = memberId, BaseRevision = 0, DeletedIdentity = identity };
        _logical[logicalId] = tombstone;
        _content.Remove(logicalId);
        _writtenHash.Remove(logicalId);
        _changedLogical.Add(logicalId);
    }

    private void SetLogical(LogicalItem logical, CanonicalItem item)
    {
        _logical[logical.Id] = logical;
        _content[logical.Id] = item;
        _writtenHash.Remove(logical.Id);
        _changedLogical.Add(logical.Id);
    }

    /// <summary>
    /// A source was read and reported what it changed: it has now seen every revision the group holds, though it never
    /// receives them. Its copies are marked as on the current revision, so that its next edit or deletion counts as
    /// made after the others' edits (a fast-forward), not as made on an old version; only an edit that reaches the hub
    /// in the same cycle as another member's, or while the source could not be read, is concurrent.
    /// </summary>
    public void Acknowledge(int memberId)
    {
        // a copy the source deleted this cycle is left as it was: its deletion is judged (or withheld by the guard)
        // against the revision it was made on
        var deleting = DeletionCandidates.Where(d => d.MemberId == memberId).Select(d => d.LogicalId).ToHashSet();
        var behind = new List<MemberItem>();
        foreach (var mi in _byLogical.Values)
        {
            if (mi.MemberId != memberId || mi.RemoteId is null || deleting.Contains(mi.LogicalId)) continue;
            var logical = _logical[mi.LogicalId];
            if (!logical.Tombstone && mi.Revision != logical.Revision) behind.Add(mi);
        }
        // a source's own copy of an item that came back is now simply its copy (MemberItemStatus.Own)
        foreach (var mi in behind) PutMemberItem(mi with { Revision = _logical[mi.LogicalId].Revision, Status = MemberItemStatus.Synced });
    }

    public void Quarantine(int memberId, string remoteId, string reason)
    {
        Tally(memberId).Quarantined++;
        if (_quarantine.TryGetValue((memberId, remoteId), out var known) && known.Reason == reason) return;
        var entry = new QuarantineEntry(memberId, remoteId, reason);
        _quarantine[(memberId, remoteId)] = entry;
        Delta.QuarantineAdds.Add(entry);
    }

    /// <summary>
    /// Whether the member's store refused this revision of the item (quarantined, <see cref="RefusedWrite"/>). An entry for
    /// an older revision is released: the new revision is tried.
    /// </summary>
    public bool WasRefused(int memberId, LogicalItem logical)
    {
        if (_quarantine.Count == 0) return false;
        var refused = false;
        foreach (var key in _quarantine.Keys.Where(k => k.Item1 == memberId).Select(k => k.Item2).ToList())
        {
            if (RefusedWrite.Parse(key) is not { } r || r.LogicalId != logical.Id) continue;
            if (r.Revision == logical.Revision)
            {
                refused = true;
                Tally(memberId).Quarantined++;
            }
            else
            {
                ReleaseQuarantine(memberId, key);
            }
        }
        return refused;
    }

    public void ReleaseQuarantine(int memberId, string remoteId)
    {
        if (_quarantine.Remove((memberId, remoteId))) Delta.QuarantineRemovals.Add((memberId, remoteId));
    }

    /// <summary>
    /// Whether a copy with an update whose outcome was never recorded shows, by the stamp every write of ours leaves, that
    /// the update did not arrive: its stamp names an earlier write of ours. Then a copy that reads like the update was
    /// edited so by its user. False when no update is pending or the stamp cannot tell (none, another group's, no revision).
    /// </summary>
    public bool PendingUpdateMissed(RemoteItem upsert, MemberItem mi)
    {
        if (!mi.HasPendingUpdate || upsert.Stamp is not { Revision: { } revision } stamp || stamp.GroupId != _input.State.GroupUid) return false;
        return stamp.LogicalId == mi.LogicalId.ToString(CultureInfo.InvariantCulture) && revision < mi.PendingRevision;
    }

    /// <summary>
    /// Links an item carrying this group's stamp to the member item it was created for: a create whose result
    /// was lost (crash), or a copy found again after its record was dropped.
    /// </summary>
    public MemberItem? LinkByStamp(SyncMember member, RemoteItem upsert, Hash128 hash)
    {
        if (upsert.Stamp is not { } stamp || stamp.GroupId != _input.State.GroupUid) return null;
        if (!long.TryParse(stamp.LogicalId, NumberStyles.None, CultureInfo.InvariantCulture, out var logicalId)) return null;
        if (!_logical.TryGetValue(logicalId, out var logical)) return null;
        var existing = ByLogical(member.Id, logicalId);
        if (existing is { Status: MemberItemStatus.PendingCreate }) return existing;
        if (existing is not null) return null; // the member already holds this item elsewhere: this is a user's copy
        // our copy, without a record of which version it was: taken as unedited and behind, so the fan-out
        // brings it up to date (or deletes it when the item is gone)
        return new MemberItem(logicalId, member.Id, upsert.RemoteId, upsert.ChangeKey, hash, logical.Tombstone ? logical.Revision : 0, MemberItemStatus.Synced, stamp.Intent);
    }

    /// <summary>
    /// A second item carrying this group's stamp with the same logical id and the same intent as the copy the member is
    /// recorded to hold under another id, and with that copy's content: one create sent twice (a node paused past its lease
    /// sent it late, after the new owner had created or found its own). Tandem's own duplicate, deleted; a user's item
    /// never carries Tandem's intent, and one edited since it was written is left alone.
    /// </summary>
    public bool RemoveOwnDuplicate(SyncMember member, RemoteItem upsert, Hash128 hash)
    {
        if (upsert.Stamp is not { } stamp || stamp.GroupId != _input.State.GroupUid) return false;
        if (!long.TryParse(stamp.LogicalId, NumberStyles.None, CultureInfo.InvariantCulture, out var logicalId)) return false;
        if (ByLogical(member.Id, logicalId) is not { Status: MemberItemStatus.Synced, RemoteId: not null, IntentKey: not null } recorded) return false;
        if (recorded.RemoteId == upsert.RemoteId || recorded.IntentKey != stamp.Intent || hash != recorded.Hash) return false;
        var request = new WriteRequest(WriteKind.Delete, stamp, null, upsert.RemoteId, upsert.ChangeKey);
        _writes.Add(new PlannedWrite(member.Id, logicalId, request, Hash128.None, recorded.Revision, Copy: true, Duplicate: true));
        Tally(member.Id).Deleted++;
        return true;
    }

    /// <summary>
    /// For a member that joins holding items (no token yet): finds the group item it already has a copy of,
    /// by identity keys, then by content, so it is linked instead of copied again.
    /// </summary>
    public MemberItem? MatchJoining(SyncMember member, RemoteItem upsert, Hash128 hash)
    {
        if (member.Token is not null) return null;
        // a joining member may also hold a copy of an item deleted in the group while it was out (re-added with another
        // role, a source that kept its copy, or a member unreachable when the deletion was made); the tombstone keeps the
        // deleted version's hash and identity keys to find it (docs/roles.md, "A deletion made in the group holds")
        if (!_joinIndexes.TryGetValue(member.Id, out var index))
        {
            index = new JoinIndex();
            foreach (var logical in _logical.Values)
            {
                if (_byLogical.ContainsKey((member.Id, logical.Id))) continue;
                if (logical.Tombstone) index.AddDeleted(logical.Id, logical.Hash, IdentityKeys.Unpack(logical.DeletedIdentity));
                else index.Add(logical.Id, logical.Hash, Current(logical.Id));
            }
            _joinIndexes[member.Id] = index;
        }
        var match = index.Claim(IdentityKeys.For(upsert.Item!), hash, id => !_byLogical.ContainsKey((member.Id, id)));
        if (match is null) return null;
        var matched = _logical[match.Value];
        if (!matched.Tombstone) return new MemberItem(match.Value, member.Id, upsert.RemoteId, upsert.ChangeKey, Hash128.None, 0, MemberItemStatus.Synced);
        // an unchanged copy is linked to the deletion, so it holds: a receiver's copy is deleted, a source keeps its own
        // without bringing the item back
        // (an item the filter kept out was never deleted: a copy of it is never linked to be deleted, only kept as the member's own)
        if (!IsKeptOut(matched.Id) && (hash == matched.Hash || HeldVersion(matched.Id, hash))) return new MemberItem(matched.Id, member.Id, upsert.RemoteId, upsert.ChangeKey, hash, matched.Revision, MemberItemStatus.Synced);
        // a copy that differs was edited: it is the member's own. A sender's copy (one the filter lets in) brings the item
        // back as an edit that wins over the deletion — as this item, not as a second one beside it, which a later edit
        // of the deleted item would also bring back
        if (member.Role.SendsChanges() && Rules.Passes(upsert.Item!, Now))
            return new MemberItem(matched.Id, member.Id, upsert.RemoteId, upsert.ChangeKey, Hash128.None, 0, MemberItemStatus.Synced);
        // a target's copy (or one the filter keeps out) stays as its user left it, but is recorded as the member's own
        // copy of this item: if a source's edit brings the item back, this copy is updated instead of getting a second one
        return new MemberItem(matched.Id, member.Id, upsert.RemoteId, upsert.ChangeKey, hash, 0, MemberItemStatus.Own);
    }

    /// <summary>
    /// Whether a member still holds this version of a deleted item (a source keeps its copy, which may be older than the
    /// deleted version): a joining copy with that content is a copy of the item as the group knew it, not an edit.
    /// </summary>
    private bool HeldVersion(long logicalId, Hash128 hash)
    {
        foreach (var member in Members)
        {
            if (ByLogical(member.Id, logicalId) is { Status: not (MemberItemStatus.Own or MemberItemStatus.KeptOut), RemoteId: not null } mi && mi.Hash == hash) return true;
        }
        return false;
    }

    /// <summary>Joining members' items that matched no group item when their read was applied.</summary>
    public List<(SyncMember Member, RemoteItem Upsert, Hash128 Hash)> UnmatchedJoins { get; } = [];

    /// <summary>Join indexes are built again on next use, from the group as this cycle's changes left it.</summary>
    public void ResetJoinIndexes() => _joinIndexes.Clear();

    /// <summary>Items created this cycle join the indexes of members still to be read.</summary>
    private void IndexNew(long logicalId, Hash128 hash, CanonicalItem item)
    {
        foreach (var index in _joinIndexes.Values) index.Add(logicalId, hash, item);
    }

    public void PlanCreate(int memberId, LogicalItem logical, MemberItem? pending)
    {
        var content = Written(logical.Id);
        if (content is null)
        {
            Defer(logical.Id, memberId, "create waits: the item's snapshot is not available");
            return;
        }
        var hash = WrittenHash(logical.Id);
        Tally(memberId).Created++;
        if (pending is null)
        {
            _creates.Add(new PlannedCreate(memberId, logical.Id, logical.Revision, hash, content));
            return;
        }
        var intent = pending.IntentKey ?? $"m{memberId}r{logical.Revision}";
        var stamp = Stamp(logical.Id, intent, logical.Revision);
        PutMemberItem(new MemberItem(logical.Id, memberId, null, null, hash, logical.Revision, MemberItemStatus.PendingCreate, intent, Copy: true));
        _writes.Add(new PlannedWrite(memberId, logical.Id, new WriteRequest(WriteKind.Create, stamp, content), hash, logical.Revision, Copy: true));
    }

    public void PlanUpdate(int memberId, LogicalItem logical, MemberItem mi)
    {
        var hash = WrittenHash(logical.Id);
        if (hash == mi.Hash && !hash.IsNone)
        {
            PutMemberItem(mi with { Revision = logical.Revision }); // it already holds this content
            return;
        }
        var content = Written(logical.Id);
        if (content is null)
        {
            Defer(logical.Id, memberId, "update waits: the item's snapshot is not available");
            return;
        }
        // write-ahead: committed with the plan, so an update that lands unrecorded is known as ours next cycle
        PutMemberItem(mi with { PendingHash = hash, PendingRevision = logical.Revision });
        var request = new WriteRequest(WriteKind.Update, Stamp(logical.Id, mi.IntentKey ?? $"m{memberId}r{logical.Revision}", logical.Revision), content, mi.RemoteId, mi.ChangeKey);
        _writes.Add(new PlannedWrite(memberId, logical.Id, request, hash, logical.Revision, mi.Copy));
        Tally(memberId).Updated++;
    }

    public void PlanDelete(int memberId, MemberItem mi)
    {
        var request = new WriteRequest(WriteKind.Delete, Stamp(mi.LogicalId, mi.IntentKey ?? $"m{memberId}d", _logical[mi.LogicalId].Revision), null, mi.RemoteId, mi.ChangeKey);
        _writes.Add(new PlannedWrite(memberId, mi.LogicalId, request, Hash128.None, _logical[mi.LogicalId].Revision, mi.Copy));
        Tally(memberId).Deleted++;
    }

    private CanonicalItem? Written(long logicalId)
    {
        var current = Current(logicalId);
        return current is null ? null : Rules.Modify(current);
    }

    private ItemStamp Stamp(long logicalId, string intent, long revision) => ItemStamp.Write(_input.State.GroupUid, logicalId, intent, revision);

    /// <summary>Tombstones no member holds any more are forgotten (once every joining member has been read).</summary>
    public void PurgeTombstones()
    {
        // a joining member not read yet may hold an old copy of a deleted item: the deletion is kept to match it against
        if (Members.Any(m => m.Token is null && !WasRead(m.Id))) return;
        // a member's own copy does not hold a deletion: it only waits in case a holder brings the item back, and is
        // forgotten with the deletion
        var held = new HashSet<long>();
        List<MemberItem>? own = null;
        foreach (var mi in _byLogical.Values)
        {
            if (mi.Status == MemberItemStatus.Own) (own ??= []).Add(mi);
            else held.Add(mi.LogicalId);
        }
        foreach (var logical in _logical.Values.Where(l => l.Tombstone && !held.Contains(l.Id)).ToList())
        {
            _logical.Remove(logical.Id);
            _changedLogical.Remove(logical.Id);
            if (_logicalBefore.ContainsKey(logical.Id)) Delta.LogicalRemovals.Add(logical.Id);
        }
        foreach (var mi in own ?? []) if (!_logical.ContainsKey(mi.LogicalId)) RemoveMemberItem(mi.MemberId, mi.LogicalId);
    }

    public SyncPlan Finish(GroupPause? pause)
    {
        foreach (var id in _changedLogical)
        {
            var logical = _logical[id];
            Delta.LogicalUpserts.Add((logical, logical.Tombstone ? null : _content.GetValueOrDefault(id)));
        }
        foreach (var key in _changedMember) Delta.MemberItemUpserts.Add(_byLogical[key]);
        foreach (var key in _removedMember) Delta.MemberItemRemovals.Add(key);
        if (_nextLogicalId > _input.State.NextLogicalId) Delta.NextLogicalId = _nextLogicalId;
        foreach (var member in _input.State.Members) Tally(member.Id);
        var missing = _missingCurrent.Count == 0 && _missingRevisions.Count == 0 ? SnapshotRequest.None : new SnapshotRequest(_missingCurrent, _missingRevisions);
        return new SyncPlan(Delta, _writes, _tallies, pause, missing, _deferred) { Creates = _creates, GroupUid = _input.State.GroupUid, Conflicts = _conflicts };
    }

    /// <summary>
    /// Group items by identity key and by content hash, for matching a joining member's copies. Trust runs from a live
    /// item with the same keys, to any item (deleted ones too) with the same content, to a deleted item with the same keys.
    /// </summary>
    private sealed class JoinIndex
    {
        private readonly Dictionary<string, List<long>> _byKey = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<long>> _deletedByKey = new(StringComparer.Ordinal);
        private readonly Dictionary<Hash128, List<long>> _byHash = [];

        public void Add(long id, Hash128 hash, CanonicalItem? item)
        {
            if (item is not null)
            {
                foreach (var key in IdentityKeys.For(item)) Bucket(_byKey, key).Add(id);
            }
            Bucket(_byHash, hash).Add(id);
        }

        public void AddDeleted(long id, Hash128 hash, IReadOnlyList<string> keys)
        {
            foreach (var key in keys) Bucket(_deletedByKey, key).Add(id);
            Bucket(_byHash, hash).Add(id);
        }

        public long? Claim(IReadOnlyList<string> keys, Hash128 hash, Func<long, bool> available) =>
            ByKey(_byKey, keys, available) ?? ByHash(hash, available) ?? ByKey(_deletedByKey, keys, available);

        private long? ByHash(Hash128 hash, Func<long, bool> available) =>
            _byHash.TryGetValue(hash, out var ids) && ids.FirstOrDefault(available) is var id and > 0 ? id : null;

        private static long? ByKey(Dictionary<string, List<long>> map, IReadOnlyList<string> keys, Func<long, bool> available)
        {
            foreach (var key in keys)
            {
                if (map.TryGetValue(key, out var ids) && ids.FirstOrDefault(available) is var id and > 0) return id;
            }
            return null;
        }

        private static List<long> Bucket<TKey>(Dictionary<TKey, List<long>> map, TKey key) where TKey : notnull
        {
            if (!map.TryGetValue(key, out var list)) map[key] = list = [];
            return list;
        }
    }
}
