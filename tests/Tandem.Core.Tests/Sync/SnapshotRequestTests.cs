using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using static Tandem.Core.Tests.Sync.PlannerFixture;

namespace Tandem.Core.Tests.Sync;

/// <summary>The planner asks for what it was not given and says what it could not do; it never guesses silently.</summary>
public sealed class SnapshotRequestTests
{
    private static readonly Contact Ann = new() { GivenName = "Ann", Surname = "Lee" };

    [Fact]
    public void Plan_SnapshotOfAnItemToWriteNotGiven_AsksForItAndDefersTheWrite()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);
        var edited = Ann with { JobTitle = "Manager" };

        // member 1 edits: the accepted content came with the read, so writing it to member 2 needs no stored snapshot
        var withNothing = f.PlanWith(new Dictionary<long, CanonicalItem>(), Changed(1, Copy(1, 1, edited, "k1")));
        Assert.Empty(withNothing.Missing.Current);
        Assert.Equal(edited, Assert.Single(withNothing.AllWrites).Request.Item);

        // member 2 is behind and nothing changed this cycle: its update needs the stored snapshot
        var state = f.State();
        var older = Hash128.Of(Ann with { Surname = "Old" });
        var behind = state with { MemberItems = state.MemberItems.Select(m => m.MemberId == 2 ? m with { Revision = 0, Hash = older } : m).ToList() };
        var plan = SyncPlanner.Plan(new PlanInput(behind, [new MemberRead(1, Nothing), new MemberRead(2, Nothing)], new Dictionary<long, CanonicalItem>(), new Dictionary<(long, long), CanonicalItem>(), Now));
        Assert.Contains(1L, plan.Missing.Current);
        Assert.Empty(plan.AllWrites);
        Assert.Contains(plan.Deferred, d => d.LogicalId == 1 && d.MemberId == 2 && d.Reason.Contains("snapshot", StringComparison.Ordinal));

        var filled = SyncPlanner.Plan(new PlanInput(behind, [new MemberRead(1, Nothing), new MemberRead(2, Nothing)], new Dictionary<long, CanonicalItem> { [1] = Ann }, new Dictionary<(long, long), CanonicalItem>(), Now));
        Assert.True(filled.Missing.IsEmpty);
        Assert.Empty(filled.Deferred);
        Assert.Single(filled.AllWrites);
    }

    [Fact]
    public void Plan_MergeWithoutItsBase_SaysItFellBackToNewest()
    {
        var f = new PlannerFixture(ConflictPolicy.Merge, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);
        var state = f.State();
        // the group moved to revision 3 while member 2 stayed on 1, and no earlier revision is kept
        var moved = state with
        {
            LogicalItems = [state.LogicalItems[0] with { Revision = 3 }],
            MemberItems = state.MemberItems.Select(m => m.MemberId == 1 ? m with { Revision = 3 } : m).ToList(),
        };
        var reads = new[] { new MemberRead(1, Nothing), Changed(2, Copy(2, 1, Ann with { Notes = "mine" }, "k2", Now)) };

        var plan = SyncPlanner.Plan(new PlanInput(moved, reads, new Dictionary<long, CanonicalItem> { [1] = Ann }, new Dictionary<(long, long), CanonicalItem>(), Now));

        Assert.Contains(plan.Deferred, d => d.MemberId == 2 && d.Reason.Contains("decided by newest", StringComparison.Ordinal));
        Assert.Empty(plan.Missing.Revisions); // not kept: nothing to ask for
    }

    [Fact]
    public void Plan_MergeWithAKeptBase_AsksForThatRevisionThenMergesFieldByField()
    {
        var f = new PlannerFixture(ConflictPolicy.Merge, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);
        var state = f.State();
        var v3 = Ann with { JobTitle = "Manager" };
        // revision 3 is current (member 1's edit), member 2 is still on revision 1, which is kept
        var moved = state with
        {
            LogicalItems = [state.LogicalItems[0] with { Revision = 3, Hash = Hash128.Of(v3), BaseRevision = 1, Modified = Now.AddHours(-1) }],
            MemberItems = state.MemberItems.Select(m => m.MemberId == 1 ? m with { Revision = 3, Hash = Hash128.Of(v3) } : m).ToList(),
        };
        var reads = new[] { new MemberRead(1, Nothing), Changed(2, Copy(2, 1, Ann with { Notes = "mine" }, "k2", Now)) };
        var current = new Dictionary<long, CanonicalItem> { [1] = v3 };

        var asking = SyncPlanner.Plan(new PlanInput(moved, reads, current, new Dictionary<(long, long), CanonicalItem>(), Now));
        Assert.Contains((1L, 1L), asking.Missing.Revisions);

        var merged = SyncPlanner.Plan(new PlanInput(moved, reads, current, new Dictionary<(long, long), CanonicalItem> { [(1, 1)] = Ann }, Now));
        Assert.True(merged.Missing.IsEmpty);
        var accepted = Assert.Single(merged.Delta.LogicalUpserts);
        var result = Assert.IsType<Contact>(accepted.Snapshot);
        Assert.Equal(("Manager", "mine"), (result.JobTitle, result.Notes));
    }
}
