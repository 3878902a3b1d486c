using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using static Tandem.Core.Tests.Sync.PlannerFixture;

namespace Tandem.Core.Tests.Sync;

public sealed class SyncPlannerTests
{
    private static readonly Contact Ann = new() { GivenName = "Ann", Surname = "Lee", CompanyName = "Contoso" };

    [Fact]
    public void Plan_SameChangeKey_IsAnEchoAndChangesNothing()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);

        var plan = f.Plan(Changed(1, Copy(1, 1, Ann with { Surname = "ignored" }, "k0")));

        Assert.Empty(plan.AllWrites);
        Assert.Empty(plan.Delta.LogicalUpserts);
        Assert.Empty(plan.Delta.MemberItemUpserts);
    }

    [Fact]
    public void Plan_NewChangeKeySameContent_RecordsOnlyTheKey()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);

        var plan = f.Plan(Changed(1, Copy(1, 1, Ann with { Uid = "store-noise", Surname = " Lee " }, "k9")));

        Assert.Empty(plan.AllWrites);
        Assert.Empty(plan.Delta.LogicalUpserts);
        Assert.Equal("k9", Assert.Single(plan.Delta.MemberItemUpserts).ChangeKey);
    }

    [Fact]
    public void Plan_EditByUpToDateMember_FastForwardsAndUpdatesTheOthers()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay, MemberRole.Target, MemberRole.Source);
        f.Synced(1, Ann);
        var edited = Ann with { Surname = "Lee-Smith" };

        var plan = f.Plan(Changed(1, Copy(1, 1, edited, "k1", Now.AddDays(-5))));

        var logical = Assert.Single(plan.Delta.LogicalUpserts);
        Assert.Equal(2, logical.Item.Revision);
        Assert.Equal(edited, logical.Snapshot);
        Assert.Equal([2, 3], plan.AllWrites.Select(w => w.MemberId).Order());
        Assert.All(plan.AllWrites, w => Assert.Equal(WriteKind.Update, w.Request.Kind));
        Assert.All(plan.AllWrites, w => Assert.Equal("k0", w.Request.ExpectedChangeKey));
        Assert.Equal(0, plan.Tallies[1].Conflicts);
    }

    [Fact]
    public void Plan_ConcurrentEditsUnderNewest_OlderEditIsOverwritten()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);
        var newer = Ann with { Surname = "Newer" };
        var older = Ann with { Surname = "Older" };

        var plan = f.Plan(Changed(1, Copy(1, 1, newer, "k1", Now.AddMinutes(-1))), Changed(2, Copy(2, 1, older, "k2", Now.AddMinutes(-9))));

        Assert.Equal(newer, Assert.Single(plan.Delta.LogicalUpserts).Snapshot);
        var write = Assert.Single(plan.AllWrites);
        Assert.Equal(2, write.MemberId);
        Assert.Equal(newer, write.Request.Item);
        Assert.Equal("k2", write.Request.ExpectedChangeKey);
        Assert.Equal(1, plan.Tallies[2].Conflicts);
    }

    [Fact]
    public void Plan_ConcurrentEditsUnderMerge_CombinesFieldsChangedOnEachSide()
    {
        var f = new PlannerFixture(ConflictPolicy.Merge, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);

        var plan = f.Plan(
            Changed(1, Copy(1, 1, Ann with { Surname = "Lee-Smith" }, "k1", Now.AddMinutes(-2))),
            Changed(2, Copy(2, 1, Ann with { CompanyName = "Northwind" }, "k2", Now.AddMinutes(-1))));

        var merged = Assert.IsType<Contact>(plan.Delta.LogicalUpserts.Single().Snapshot);
        Assert.Equal("Lee-Smith", merged.Surname);
        Assert.Equal("Northwind", merged.CompanyName);
        Assert.Equal([1, 2], plan.AllWrites.Select(w => w.MemberId).Order());
    }

    [Fact]
    public void Plan_TargetEdit_IsRevertedFromTheGroup()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.Source, MemberRole.Target);
        f.Synced(1, Ann);

        var plan = f.Plan(Changed(2, Copy(2, 1, Ann with { Surname = "Vandal" }, "k5", Now)));

        Assert.Empty(plan.Delta.LogicalUpserts);
        var write = Assert.Single(plan.AllWrites);
        Assert.Equal(2, write.MemberId);
        Assert.Equal(Ann, write.Request.Item);
        Assert.Equal("k5", write.Request.ExpectedChangeKey);
    }

    [Fact]
    public void Plan_NewItemInSource_IsCreatedInTargetsWithStampAndIntent()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.Source, MemberRole.Target, MemberRole.Target);

        var plan = f.Plan(Changed(1, new RemoteItem("s-1", "k1", Ann, null, Now)));

        Assert.Equal(2, plan.AllWrites.Count());
        Assert.All(plan.AllWrites, w =>
        {
            Assert.Equal(WriteKind.Create, w.Request.Kind);
            Assert.Equal("uid", w.Request.Stamp.GroupId);
            Assert.Equal("100", w.Request.Stamp.LogicalId);
        });
        // fresh creates carry their intents, committed per batch before it runs (not with the plan: a large initial sync
        // would otherwise hold every write at once); the intent names the stamp's key, which adds the revision written
        Assert.DoesNotContain(plan.Delta.MemberItemUpserts, m => m.Status == MemberItemStatus.PendingCreate);
        Assert.All(plan.Creates, c =>
        {
            var intent = c.Intent();
            Assert.Equal(MemberItemStatus.PendingCreate, intent.Status);
            Assert.Equal(c.Write("uid").Request.Stamp.Intent, intent.IntentKey);
            Assert.Equal(c.Revision, c.Write("uid").Request.Stamp.Revision);
        });
        Assert.Equal(101, plan.Delta.NextLogicalId);
    }

    [Fact]
    public void Plan_NewItemInTarget_IsLeftAlone()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.Source, MemberRole.Target);

        var plan = f.Plan(Changed(2, new RemoteItem("t-9", "k1", Ann, null, Now)));

        Assert.Empty(plan.AllWrites);
        Assert.Empty(plan.Delta.LogicalUpserts);
    }

    [Fact]
    public void Plan_DeletionByUpToDateMember_TombstonesAndDeletesElsewhere()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay, MemberRole.Target);
        f.Synced(1, Ann);

        var plan = f.Plan(Deleted(1, "1-1"));

        Assert.True(Assert.Single(plan.Delta.LogicalUpserts).Item.Tombstone);
        Assert.Equal([2, 3], plan.AllWrites.Select(w => w.MemberId).Order());
        Assert.All(plan.AllWrites, w => Assert.Equal(WriteKind.Delete, w.Request.Kind));
    }

    [Fact]
    public void Plan_DeletionConcurrentWithEdit_EditWinsAndDeleterGetsItBack()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);
        var edited = Ann with { Surname = "Kept" };

        var plan = f.Plan(Deleted(1, "1-1"), Changed(2, Copy(2, 1, edited, "k2")));

        Assert.False(Assert.Single(plan.Delta.LogicalUpserts).Item.Tombstone);
        var write = Assert.Single(plan.AllWrites);
        Assert.Equal((1, WriteKind.Create), (write.MemberId, write.Request.Kind));
        Assert.Equal(edited, write.Request.Item);
    }

    [Fact]
    public void Plan_DeletingMoreThanThreshold_PausesWithoutWrites()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Group = f.Group with { MassDeleteThreshold = 0.2 };
        for (var i = 1; i <= 5; i++) f.Synced(i, Ann with { GivenName = "P" + i });

        var plan = f.Plan(Deleted(1, "1-1", "1-2"));

        Assert.NotNull(plan.Pause);
        Assert.Equal(2, plan.Pause.PendingDeletions.Count);
        Assert.Empty(plan.AllWrites);
        Assert.DoesNotContain(plan.Delta.LogicalUpserts, u => u.Item.Tombstone);
    }

    [Fact]
    public void Plan_ReadFailed_InfersNothingAndWritesNothingThere()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);

        var plan = f.Plan(Changed(1, Copy(1, 1, Ann with { Surname = "X" }, "k1")), new MemberRead(2, null, "timeout"));

        Assert.Empty(plan.AllWrites);
        Assert.Equal("timeout", plan.Tallies[2].Error);
        Assert.False(plan.Delta.Tokens.ContainsKey(2));
    }

    [Fact]
    public void Plan_CompleteListingMissingAnItem_TreatsItAsDeleted()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);
        f.Synced(2, Ann with { GivenName = "Bo" });

        var plan = f.Plan(new MemberRead(1, new ChangeSet([Copy(1, 2, Ann with { GivenName = "Bo" }, "k0")], [], "t1", IsComplete: true)));

        var write = Assert.Single(plan.AllWrites);
        Assert.Equal((2, WriteKind.Delete, "2-1"), (write.MemberId, write.Request.Kind, write.Request.RemoteId));
    }

    [Theory]
    [InlineData(2, false)] // the store refused the revision the edit makes: not sent again
    [InlineData(1, true)] // it refused an older one: the new revision is tried, the old entry released
    public void Plan_WriteTheMemberRefused_NotSentAgainUntilTheItemChanges(long refusedRevision, bool written)
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);
        var key = RefusedWrite.Key(1, refusedRevision);
        f.Quarantine.Add(new QuarantineEntry(2, key, "update refused by the store: 400 too big"));

        var plan = f.Plan(Changed(1, Copy(1, 1, Ann with { Surname = "Edited" }, "k1")));

        Assert.Equal(written, plan.AllWrites.Any(w => w.MemberId == 2));
        Assert.Equal(written, plan.Delta.QuarantineRemovals.Contains((2, key)));
        Assert.Equal(written ? 0 : 1, plan.Tallies.TryGetValue(2, out var tally) ? tally.Quarantined : 0);
    }

    [Fact]
    public void Plan_UnreadableItem_IsQuarantined()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);

        var plan = f.Plan(Changed(1, new RemoteItem("bad.vcf", "k", null, null, Now, "bad.vcf line 2: unknown BEGIN")));

        Assert.Equal("bad.vcf line 2: unknown BEGIN", Assert.Single(plan.Delta.QuarantineAdds).Reason);
        Assert.Equal(1, plan.Tallies[1].Quarantined);
        Assert.Empty(plan.AllWrites);
    }

    [Fact]
    public void Plan_JoiningMemberHoldsCopy_LinksInsteadOfCreating()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Members[1] = f.Members[1] with { Token = null };
        var ann = Ann with { Emails = ValueList<EmailAddress>.Of(new EmailAddress("ann@contoso.com")) };
        f.Synced(1, ann);
        var state = f.State();
        var withoutCopy = state with { MemberItems = state.MemberItems.Where(m => m.MemberId == 1).ToList() };

        var plan = SyncPlanner.Plan(new PlanInput(withoutCopy, [new MemberRead(1, Nothing), new MemberRead(2, new ChangeSet([new RemoteItem("b-7", "kb", ann with { Emails = ValueList<EmailAddress>.Of(new EmailAddress("ANN@contoso.com")) }, null, Now)], [], "t1", true))],
            new Dictionary<long, CanonicalItem> { [1] = ann }, new Dictionary<(long, long), CanonicalItem>(), Now));

        Assert.Empty(plan.AllWrites);
        var linked = Assert.Single(plan.Delta.MemberItemUpserts);
        Assert.Equal((2, 1L, "b-7"), (linked.MemberId, linked.LogicalId, linked.RemoteId));
    }

    [Fact]
    public void Plan_SourceRestoreWrittenAfterAnEditElsewhere_CarriesTheCurrentVersion_AndIsRecordedOnItsRevision()
    {
        // docs/roles.md "delete by source" (model sweep seed 1091636381): a source's restore after a rejected deletion was
        // recorded while the source was unreachable; a two-way edit is accepted in the cycle that writes it. The restore
        // carries that edit, so the source's copy is on the new revision — recorded on the old one, the source's later
        // deletion of it was taken as the deletion of an older version and undone
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.Source, MemberRole.TwoWay);
        f.Synced(1, Ann);
        f.PendingRestore(1, 1);
        var edited = Ann with { Notes = "edited in m2" };

        var plan = f.Plan(Changed(2, Copy(2, 1, edited, "k1")));

        var restore = Assert.Single(plan.AllWrites, w => w.MemberId == 1);
        Assert.Equal((WriteKind.Create, Hash128.Of(edited), 2L), (restore.Request.Kind, restore.Hash, restore.Revision));
    }
}
