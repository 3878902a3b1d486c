using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using static Tandem.Core.Tests.Sync.PlannerFixture;

namespace Tandem.Core.Tests.Sync;

/// <summary>A source's copy restored after a rejected deletion (docs/roles.md, "delete by source").</summary>
public sealed class SourceRestoreTests
{
    private static readonly Contact Ann = new() { GivenName = "Ann", Surname = "Lee", CompanyName = "Contoso" };

    [Fact]
    public void Plan_RestoreWrittenAfterAnEditElsewhere_CarriesTheCurrentVersion_AndIsRecordedOnItsRevision()
    {
        // model sweep seed 1091636381: the restore was recorded while the source was unreachable; a two-way edit is accepted
        // in the cycle that writes it. The restore carries that edit, so the source's copy is on the new revision — recorded
        // on the old one, the source's later deletion of it was taken as the deletion of an older version and undone
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.Source, MemberRole.TwoWay);
        f.Synced(1, Ann);
        f.PendingRestore(1, 1);
        var edited = Ann with { Notes = "edited in m2" };

        var plan = f.Plan(Changed(2, Copy(2, 1, edited, "k1")));

        var restore = Assert.Single(plan.AllWrites, w => w.MemberId == 1);
        Assert.Equal((WriteKind.Create, Hash128.Of(edited), 2L), (restore.Request.Kind, restore.Hash, restore.Revision));
    }
}
