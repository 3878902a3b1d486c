using Tandem.Core.Groups;
using Tandem.Core.Items;
using static Tandem.Core.Tests.Sync.PlannerFixture;

namespace Tandem.Core.Tests.Sync;

/// <summary>A member that withholds a photo (left out, over its cap) or never got one never removes or replaces it elsewhere.</summary>
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
    public void Plan_MemberWithoutThePhotoTheGroupOnlyKnowsWithheld_CannotHaveRemovedIt()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        var withheld = Ann with { Photo = Photo.Withheld() };
        f.Synced(1, withheld);

        var plan = f.Plan(Changed(2, Copy(2, 1, withheld with { Surname = "Lee-Smith", Photo = null }, "k1")));

        var snapshot = (Contact)Assert.Single(plan.Delta.LogicalUpserts).Snapshot!;
        Assert.True(snapshot.Photo?.IsWithheld, "the withheld photo stays: member 1 keeps its picture");
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
