using Tandem.Core.Groups;
using Tandem.Core.Items;
using static Tandem.Core.Tests.Sync.PlannerFixture;

namespace Tandem.Core.Tests.Sync;

/// <summary>A member that withholds a photo (left out, over its cap) never removes or replaces it elsewhere.</summary>
public sealed class PhotoCarryPlannerTests
{
    private static readonly Photo Picture = new("image/png", "iVBORw0KGgo=");
    private static readonly Contact Ann = new() { GivenName = "Ann", Surname = "Lee", Photo = Picture };

    [Fact]
    public void Plan_MemberWithholdsTheGroupsPhoto_NotAnEdit()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);

        var plan = f.Plan(Changed(2, Copy(2, 1, Ann with { Photo = Photo.Withheld() }, "k1")));

        Assert.Empty(plan.AllWrites);
        Assert.Empty(plan.Delta.LogicalUpserts);
    }

    [Fact]
    public void Plan_EditFromAMemberWithholdingThePhoto_KeepsTheGroupsPhoto()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);

        var plan = f.Plan(Changed(2, Copy(2, 1, Ann with { Surname = "Lee-Smith", Photo = Photo.Withheld() }, "k1")));

        var snapshot = (Contact)Assert.Single(plan.Delta.LogicalUpserts).Snapshot!;
        Assert.Equal("Lee-Smith", snapshot.Surname);
        Assert.Equal(Picture, snapshot.Photo);
        Assert.Equal(Picture, ((Contact)Assert.Single(plan.AllWrites).Request.Item!).Photo);
    }

    [Fact]
    public void Plan_MixedGroup_EditThroughGraph_EwsCopiesKeepThePhoto()
    {
        // members 1 and 3 stand for EWS (they carry photos), member 2 for Graph (it reads every photo as withheld)
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);

        var plan = f.Plan(Changed(2, Copy(2, 1, Ann with { JobTitle = "Editor", Photo = Photo.Withheld() }, "k1")));

        var writes = plan.AllWrites.ToList();
        Assert.Equal([1, 3], writes.Select(w => w.MemberId).Order());
        Assert.All(writes, w =>
        {
            var written = (Contact)w.Request.Item!;
            Assert.Equal("Editor", written.JobTitle);
            Assert.Equal(Picture, written.Photo);
        });
    }

    [Fact]
    public void Plan_MixedGroup_EwsChangesThePhoto_GraphsNextReadIsNoEdit()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        var changed = Ann with { Photo = new Photo("image/png", "AAAAAAAA") };
        f.Synced(1, changed);

        // the Graph member was written the new photo (its writer leaves photos alone) and reads its copy back withheld
        var plan = f.Plan(Changed(2, Copy(2, 1, changed with { Photo = Photo.Withheld() }, "k2")));

        Assert.Empty(plan.AllWrites);
        Assert.Empty(plan.Delta.LogicalUpserts);
    }

    [Fact]
    public void Plan_CopyWithoutPhoto_AsksForNoSnapshot()
    {
        // only a withheld photo needs the group's item: a plain edit plans from the read alone, as before
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann with { Photo = null });

        var plan = f.PlanWith(new Dictionary<long, CanonicalItem>(), Changed(2, Copy(2, 1, Ann with { Photo = null, Surname = "Lee-Smith" }, "k1")));

        Assert.Empty(plan.Missing.Current);
        Assert.Single(plan.AllWrites);
    }

    [Fact]
    public void Plan_PhotoRemovedByAMemberThatHadIt_IsAnEdit()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);

        var plan = f.Plan(Changed(2, Copy(2, 1, Ann with { Photo = null }, "k1")));

        Assert.Null(((Contact)Assert.Single(plan.Delta.LogicalUpserts).Snapshot!).Photo);
        Assert.Null(((Contact)Assert.Single(plan.AllWrites).Request.Item!).Photo);
    }
}
