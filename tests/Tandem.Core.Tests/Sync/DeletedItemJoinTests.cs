using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using static Tandem.Core.Tests.Sync.PlannerFixture;

namespace Tandem.Core.Tests.Sync;

/// <summary>
/// docs/roles.md, "A deletion made in the group holds when a member that still has an old copy is added again": a
/// joining member's copy of a deleted item is found by the tombstone's content hash or identity keys. Found by identity
/// keys with other content, it used to join the group as a second item; when the deleted item later came back (a
/// source's edit, a late edit elsewhere) members held two copies of one contact.
/// </summary>
public sealed class DeletedItemJoinTests
{
    private static readonly Contact Ann = new()
    {
        GivenName = "Ann", Surname = "Lee", CompanyName = "Contoso", Emails = ValueList<EmailAddress>.Of(new EmailAddress("ann@contoso.com")),
    };

    private static readonly Contact OlderAnn = Ann with { Surname = "Li" };

    [Fact]
    public void Plan_Deletion_TombstoneKeepsTheDeletedVersionsIdentityKeys()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);

        var plan = f.Plan(Deleted(1, "1-1"));

        var tombstone = Assert.Single(plan.Delta.LogicalUpserts).Item;
        Assert.True(tombstone.Tombstone);
        Assert.Contains("email:ann@contoso.com", IdentityKeys.Unpack(tombstone.DeletedIdentity));
    }

    [Fact]
    public void Plan_DeletionWithoutSnapshotAtHand_AsksForItToKeepTheKeys()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Synced(1, Ann);

        var plan = f.PlanWith(new Dictionary<long, CanonicalItem>(), Deleted(1, "1-1"));

        Assert.Contains(1L, plan.Missing.Current);
    }

    [Theory]
    [InlineData(MemberRole.TwoWay)]
    [InlineData(MemberRole.Source)]
    public void Plan_JoiningSenderHoldsEditedCopyOfDeletedItem_BringsBackThatItemNotASecondOne(MemberRole role)
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.Target, role);
        f.Deleted(1, Ann);
        f.Joining(3);

        var plan = f.Plan(Listed(3, new RemoteItem("3-a", "k3", OlderAnn, null, Now)));

        var revived = Assert.Single(plan.Delta.LogicalUpserts).Item;
        Assert.Equal((1L, false, 3L), (revived.Id, revived.Tombstone, revived.Revision));
        Assert.Null(revived.DeletedIdentity);
        Assert.Equal(0, plan.Delta.NextLogicalId); // no new item
        var linked = Assert.Single(plan.Delta.MemberItemUpserts, m => m.MemberId == 3);
        Assert.Equal((1L, "3-a", 3L), (linked.LogicalId, linked.RemoteId, linked.Revision));
        Assert.Equal([(1, WriteKind.Create), (2, WriteKind.Create)], plan.AllWrites.Select(w => (w.MemberId, w.Request.Kind)).Order());
        Assert.All(plan.AllWrites, w => Assert.Equal(OlderAnn, w.Request.Item));
    }

    [Fact]
    public void Plan_JoiningTargetHoldsEditedCopyOfDeletedItem_LeavesItAsTheTargetsOwn()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.Target);
        f.Deleted(1, Ann);
        f.Joining(2);

        var plan = f.Plan(Listed(2, new RemoteItem("2-a", "k2", OlderAnn, null, Now)));

        Assert.Empty(plan.AllWrites);
        Assert.Empty(plan.Delta.LogicalUpserts);
        Assert.DoesNotContain(plan.Delta.MemberItemUpserts, m => m.MemberId == 2);
    }

    [Fact]
    public void Plan_JoiningTargetHoldsEditedCopyOfItemASourceStillHolds_RecordsItAsItsOwnAndLeavesIt()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.Source, MemberRole.TwoWay, MemberRole.Target);
        f.Deleted(1, Ann, holders: 1);
        f.Joining(3);

        var plan = f.Plan(Listed(3, new RemoteItem("3-a", "k3", OlderAnn, null, Now)));

        Assert.Empty(plan.AllWrites);
        Assert.Empty(plan.Delta.LogicalUpserts);
        Assert.Empty(plan.Delta.LogicalRemovals);
        var own = Assert.Single(plan.Delta.MemberItemUpserts, m => m.MemberId == 3);
        Assert.Equal((1L, "3-a", MemberItemStatus.Own, Hash128.Of(OlderAnn)), (own.LogicalId, own.RemoteId, own.Status, own.Hash));
    }

    [Fact]
    public void Plan_JoiningTwoWayHoldsFilteredOutCopyOfItemASourceStillHolds_RecordsItAsItsOwnAndLeavesIt()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.Source, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Group = f.Group with { RulesJson = """{"filter":{"conditions":[{"field":"Surname","op":"equals","value":"Lee"}]}}""" };
        f.Deleted(1, Ann, holders: 1);
        f.Joining(3);

        var plan = f.Plan(Listed(3, new RemoteItem("3-a", "k3", OlderAnn, null, Now)));

        Assert.Empty(plan.AllWrites);
        Assert.Empty(plan.Delta.LogicalUpserts);
        Assert.Equal(MemberItemStatus.Own, Assert.Single(plan.Delta.MemberItemUpserts, m => m.MemberId == 3).Status);
    }

    /// <summary>Source 1 still holds Ann, which the group deleted; target 3 holds an edited copy as its own.</summary>
    private static PlannerFixture TargetOwnsEditedCopyOfSourcesItem(ConflictPolicy policy)
    {
        var f = new PlannerFixture(policy, MemberRole.Source, MemberRole.TwoWay, MemberRole.Target);
        f.Deleted(1, Ann, holders: 1);
        f.OwnCopy(3, 1, OlderAnn);
        return f;
    }

    /// <summary>
    /// Model sweep seed 807217048, shrunk: a two-way member deletes a source's item (the source keeps it); a target joins
    /// holding an edited copy of it (left as its own); the source edits the item, which comes back everywhere. The target
    /// used to get a second copy beside its own one.
    /// </summary>
    [Fact]
    public void Plan_SourceEditBringsBackItemATargetHoldsAsItsOwn_UpdatesThatCopyInsteadOfASecondOne()
    {
        var f = TargetOwnsEditedCopyOfSourcesItem(ConflictPolicy.Merge);
        var edited = Ann with { JobTitle = "Chief" };

        var plan = f.Plan(Changed(1, Copy(1, 1, edited, "k1")));

        var revived = Assert.Single(plan.Delta.LogicalUpserts).Item;
        Assert.Equal((1L, false), (revived.Id, revived.Tombstone));
        Assert.Equal([(2, WriteKind.Create, (string?)null), (3, WriteKind.Update, "3-own")],
            plan.AllWrites.Select(w => (w.MemberId, w.Request.Kind, w.Request.RemoteId)).OrderBy(w => w.MemberId));
        Assert.All(plan.AllWrites, w => Assert.Equal(edited, w.Request.Item));
        Assert.Equal(MemberItemStatus.Synced, Assert.Single(plan.Delta.MemberItemUpserts, m => m.MemberId == 3).Status);
    }

    [Fact]
    public void Plan_ItemCameBackWhileTheTargetWasNotWritten_ItsOwnCopyIsUpdatedLater()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.Source, MemberRole.TwoWay, MemberRole.Target);
        var back = f.Synced(1, Ann with { JobTitle = "Chief" });
        f.OwnCopy(3, 1, OlderAnn);

        var plan = f.Plan();

        var write = Assert.Single(plan.AllWrites);
        Assert.Equal((3, WriteKind.Update, "3-own", (CanonicalItem?)back), (write.MemberId, write.Request.Kind, write.Request.RemoteId, write.Request.Item));
    }

    [Fact]
    public void Plan_TargetEditsItsOwnCopyOfDeletedItem_LeftAloneWithoutConflict()
    {
        var f = TargetOwnsEditedCopyOfSourcesItem(ConflictPolicy.Newest);
        var mine = OlderAnn with { Notes = "mine" };

        var plan = f.Plan(Changed(3, new RemoteItem("3-own", "k9", mine, null, Now)));

        Assert.Empty(plan.AllWrites);
        Assert.Empty(plan.Conflicts);
        Assert.Empty(plan.Delta.LogicalUpserts);
        var own = Assert.Single(plan.Delta.MemberItemUpserts);
        Assert.Equal((MemberItemStatus.Own, Hash128.Of(mine), "k9"), (own.Status, own.Hash, own.ChangeKey));
    }

    [Fact]
    public void Plan_LastHolderOfDeletedItemDeletesIt_OwnCopiesAreForgottenWithTheDeletion()
    {
        var f = TargetOwnsEditedCopyOfSourcesItem(ConflictPolicy.Newest);

        var plan = f.Plan(Deleted(1, "1-1"));

        Assert.Empty(plan.AllWrites);
        Assert.Equal([1L], plan.Delta.LogicalRemovals);
        Assert.Equal([(1, 1L), (3, 1L)], plan.Delta.MemberItemRemovals.Order());
    }

    [Theory]
    [InlineData(MemberRole.TwoWay)]
    [InlineData(MemberRole.Target)]
    public void Plan_JoiningReceiverHoldsUnchangedCopyOfDeletedItem_TheDeletionHolds(MemberRole role)
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, role);
        f.Deleted(1, Ann);
        f.Joining(2);

        var plan = f.Plan(Listed(2, new RemoteItem("2-a", "k2", Ann, null, Now)));

        Assert.Empty(plan.Delta.LogicalUpserts);
        var write = Assert.Single(plan.AllWrites);
        Assert.Equal((2, WriteKind.Delete, "2-a"), (write.MemberId, write.Request.Kind, write.Request.RemoteId));
    }

    [Fact]
    public void Plan_JoiningCopyMatchesBothALiveAndADeletedItem_TakesTheLiveOne()
    {
        var f = new PlannerFixture(ConflictPolicy.Newest, MemberRole.TwoWay, MemberRole.TwoWay);
        f.Deleted(1, Ann);
        var again = f.Synced(2, Ann with { Surname = "Again" });
        f.Joining(2);
        var state = f.State();
        var withoutCopies = state with { MemberItems = state.MemberItems.Where(m => m.MemberId == 1).ToList() };

        var plan = SyncPlanner.Plan(new PlanInput(withoutCopies, [new MemberRead(1, Nothing), Listed(2, new RemoteItem("2-a", "k2", OlderAnn, null, Now.AddDays(-2)))],
            new Dictionary<long, CanonicalItem> { [2] = again }, new Dictionary<(long, long), CanonicalItem>(), Now));

        Assert.DoesNotContain(plan.Delta.LogicalUpserts, u => u.Item.Id == 1);
        Assert.Equal(2L, Assert.Single(plan.Delta.MemberItemUpserts, m => m.MemberId == 2).LogicalId);
        var write = Assert.Single(plan.AllWrites);
        Assert.Equal((2, WriteKind.Update, again), (write.MemberId, write.Request.Kind, write.Request.Item));
    }
}
