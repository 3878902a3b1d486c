using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;

namespace Tandem.Core.Tests.Sync;

/// <summary>Builds planner inputs by hand: a group of members 1..n and its items.</summary>
internal sealed class PlannerFixture
{
    public static readonly DateTimeOffset Now = new(2026, 4, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly List<LogicalItem> _logical = [];
    private readonly List<MemberItem> _memberItems = [];
    private readonly Dictionary<long, CanonicalItem> _snapshots = [];

    public PlannerFixture(ConflictPolicy policy, params MemberRole[] roles)
    {
        Group = new GroupDefinition { Name = "g", Kind = ItemKind.Contact, Conflict = policy, MassDeleteThreshold = 1 };
        Members = roles.Select((r, i) => new SyncMember(i + 1, new MemberDefinition(FolderRef.Parse($"c:m{i + 1}/F"), r), "t0")).ToList();
    }

    public GroupDefinition Group { get; set; }
    public List<SyncMember> Members { get; }

    /// <summary>A group item every member holds at revision 1 (member m's copy is "m-id").</summary>
    public Contact Synced(long id, Contact item)
    {
        var hash = Hash128.Of(item);
        _logical.Add(new LogicalItem(id, 1, hash, false, Now.AddDays(-1), 1));
        _snapshots[id] = item;
        foreach (var m in Members) _memberItems.Add(new MemberItem(id, m.Id, $"{m.Id}-{id}", "k0", hash, 1, MemberItemStatus.Synced));
        return item;
    }

    /// <summary>A group item deleted at revision 2 (its tombstone keeps the deleted version's identity keys), still held by <paramref name="holders"/>.</summary>
    public void Deleted(long id, Contact item, params int[] holders)
    {
        var hash = Hash128.Of(item);
        _logical.Add(new LogicalItem(id, 2, hash, true, Now.AddHours(-1), 1, DeletedIdentity: IdentityKeys.Pack(item)));
        foreach (var m in holders) _memberItems.Add(new MemberItem(id, m, $"{m}-{id}", "k0", hash, 1, MemberItemStatus.Synced));
    }

    /// <summary>
    /// Member <paramref name="member"/> holds its own item "member-own" (<paramref name="item"/>) matched to group item
    /// <paramref name="id"/> (<see cref="MemberItemStatus.Own"/>), in place of any copy it had.
    /// </summary>
    public void OwnCopy(int member, long id, Contact item)
    {
        _memberItems.RemoveAll(m => m.MemberId == member && m.LogicalId == id);
        _memberItems.Add(new MemberItem(id, member, $"{member}-own", "k0", Hash128.Of(item), 0, MemberItemStatus.Own));
    }

    /// <summary>
    /// A source's restore of item <paramref name="id"/> after a rejected deletion, recorded (at the revision the item had
    /// then) but not written yet: the source was unreachable.
    /// </summary>
    public void PendingRestore(int member, long id)
    {
        var logical = _logical.Single(l => l.Id == id);
        _memberItems.RemoveAll(m => m.MemberId == member && m.LogicalId == id);
        _memberItems.Add(new MemberItem(id, member, null, null, logical.Hash, logical.Revision, MemberItemStatus.PendingCreate, $"m{member}r{logical.Revision}x", Copy: true));
    }

    /// <summary>Member <paramref name="member"/> joins (no token yet): its next read is its whole folder, matched against the group.</summary>
    public void Joining(int member) => Members[member - 1] = Members[member - 1] with { Token = null };

    public static MemberRead Listed(int member, params RemoteItem[] items) => new(member, new ChangeSet(items, [], "t1", IsComplete: true));

    /// <summary>The group's quarantine as the state store holds it before the cycle.</summary>
    public List<QuarantineEntry> Quarantine { get; } = [];

    public GroupSyncState State() => new(Group, "uid", Members, _logical, _memberItems, Quarantine, null, 100);

    public SyncPlan Plan(params MemberRead[] reads) => PlanWith(_snapshots, reads);

    /// <summary>Plans with only the given snapshots at hand (the engine loads what the plan then asks for).</summary>
    public SyncPlan PlanWith(IReadOnlyDictionary<long, CanonicalItem> snapshots, params MemberRead[] reads)
    {
        var all = Members.Select(m => reads.FirstOrDefault(r => r.MemberId == m.Id) ?? new MemberRead(m.Id, Nothing)).ToList();
        return SyncPlanner.Plan(new PlanInput(State(), all, snapshots, new Dictionary<(long, long), CanonicalItem>(), Now));
    }

    public static ChangeSet Nothing => new([], [], "t1", false);

    public static MemberRead Changed(int member, params RemoteItem[] upserts) => new(member, new ChangeSet(upserts, [], "t1", false));

    public static MemberRead Deleted(int member, params string[] remoteIds) => new(member, new ChangeSet([], remoteIds, "t1", false));

    public static RemoteItem Copy(int member, long id, Contact item, string changeKey, DateTimeOffset? modified = null) =>
        new($"{member}-{id}", changeKey, item, null, modified ?? Now);
}
