using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine.Tests.Fakes;
using static Tandem.Engine.Tests.Fakes.Items;

namespace Tandem.Engine.Tests;

public sealed class SyncEngineTests
{
    private const string Src = "mem:hq/Company";
    private const string A = "mem:alice/Contacts/Company";
    private const string B = "mem:bob/Contacts/Company";

    private static Task<EngineHarness> OneWayAsync() =>
        EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (Src, MemberRole.Source), (A, MemberRole.Target), (B, MemberRole.Target)));

    private static Task<EngineHarness> TwoWayAsync(ConflictPolicy policy = ConflictPolicy.Newest, FolderRef? priority = null) =>
        EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (A, MemberRole.TwoWay), (B, MemberRole.TwoWay)) with { Conflict = policy, PriorityMember = priority });

    [Fact]
    public async Task SyncAsync_OneWay_CopiesSourceItemsToEveryTarget()
    {
        await using var h = await OneWayAsync();
        h.Folder(Src).Add(Person("Ann", "Lee", "Contoso"), h.Clock.Tick());
        h.Folder(Src).Add(Person("Bo", "Ek", "Fabrikam"), h.Clock.Tick());

        var report = await h.SyncAsync();

        Assert.Equal(2, report.Members.Single(m => m.Member == A).Created);
        Assert.Equal(["Ann", "Bo"], ContactsIn(h.Folder(A)).Select(c => c.GivenName).Order());
        Assert.Equal(["Ann", "Bo"], ContactsIn(h.Folder(B)).Select(c => c.GivenName).Order());
        Assert.Equal("Lee", ByGiven(h.Folder(B), "Ann")!.Surname);
    }

    [Fact]
    public async Task SyncAsync_MayWriteFalse_SendsNothingAndTheNextAllowedCycleWritesEachItemOnce()
    {
        await using var h = await OneWayAsync();
        h.Folder(Src).Add(Person("Ann", "Lee", "Contoso"), h.Clock.Tick());
        h.Folder(Src).Add(Person("Bo", "Ek", "Fabrikam"), h.Clock.Tick());
        var asked = 0;

        // a cluster node whose lease is in doubt: the plan is committed, nothing is sent
        await h.Engine.SyncAsync(EngineHarness.Group, new SyncOptions { MayWrite = () => ++asked < 0 }, default);
        Assert.True(asked > 0);
        Assert.Empty(h.Folder(A).Items);
        Assert.Empty(h.Folder(B).Items);

        h.Clock.Tick();
        await h.SettleAsync();
        Assert.Equal(["Ann", "Bo"], ContactsIn(h.Folder(A)).Select(c => c.GivenName).Order());
        Assert.Equal(["Ann", "Bo"], ContactsIn(h.Folder(B)).Select(c => c.GivenName).Order());
    }

    [Fact]
    public async Task SyncAsync_SecondCycleAfterCopy_WritesNothing()
    {
        await using var h = await TwoWayAsync();
        h.Folder(A).Add(Person("Ann"), h.Clock.Tick());
        await h.SyncAsync();

        var second = await h.SyncAsync();
        var third = await h.SyncAsync();

        Assert.Equal(0, second.TotalWrites);
        Assert.Equal(0, third.TotalWrites);
        Assert.Single(h.Folder(B).Items);
    }

    [Fact]
    public async Task SyncAsync_TwoWayEdit_ReachesTheOtherMember()
    {
        await using var h = await TwoWayAsync();
        h.Folder(A).Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SyncAsync();

        var inB = IdOf(h.Folder(B), "Ann");
        h.Folder(B).Edit(inB, Person("Ann", "Lee-Smith"), h.Clock.Tick());
        var report = await h.SyncAsync();

        Assert.Equal(1, report.Members.Single(m => m.Member == A).Updated);
        Assert.Equal("Lee-Smith", ByGiven(h.Folder(A), "Ann")!.Surname);
        Assert.Equal(1, await h.SettleAsync());
    }

    [Fact]
    public async Task SyncAsync_TargetEdit_IsReverted()
    {
        await using var h = await OneWayAsync();
        h.Folder(Src).Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SyncAsync();

        h.Folder(A).Edit(IdOf(h.Folder(A), "Ann"), Person("Ann", "Vandal"), h.Clock.Tick());
        await h.SyncAsync();

        Assert.Equal("Lee", ByGiven(h.Folder(A), "Ann")!.Surname);
        Assert.Equal("Lee", ByGiven(h.Folder(Src), "Ann")!.Surname);
        Assert.Equal("Lee", ByGiven(h.Folder(B), "Ann")!.Surname);
    }

    [Fact]
    public async Task SyncAsync_TargetDeletion_IsRevertedAndUserItemsThereAreLeftAlone()
    {
        await using var h = await OneWayAsync();
        h.Folder(Src).Add(Person("Ann"), h.Clock.Tick());
        await h.SyncAsync();

        h.Folder(A).Delete(IdOf(h.Folder(A), "Ann"));
        h.Folder(A).Add(Person("Private"), h.Clock.Tick());
        await h.SettleAsync();

        Assert.NotNull(ByGiven(h.Folder(A), "Ann"));
        Assert.NotNull(ByGiven(h.Folder(A), "Private"));
        Assert.Null(ByGiven(h.Folder(Src), "Private"));
        Assert.Null(ByGiven(h.Folder(B), "Private"));
    }

    [Fact]
    public async Task SyncAsync_Deletion_ReachesEveryMemberAndTombstoneIsForgotten()
    {
        await using var h = await EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (A, MemberRole.TwoWay), (B, MemberRole.TwoWay), (Src, MemberRole.Target)));
        h.Folder(A).Add(Person("Ann"), h.Clock.Tick());
        await h.SyncAsync();

        h.Folder(B).Delete(IdOf(h.Folder(B), "Ann"));
        await h.SettleAsync();

        Assert.Empty(h.Folder(A).Items);
        Assert.Empty(h.Folder(Src).Items);
        var status = Assert.Single(await h.Engine.StatusAsync(default));
        Assert.Equal(0, status.Items);
        Assert.Equal(0, status.Tombstones);
    }

    [Fact]
    public async Task SyncAsync_OfflineMemberReturns_DoesNotResurrectDeletedItem()
    {
        await using var h = await EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (A, MemberRole.TwoWay), (B, MemberRole.TwoWay), (Src, MemberRole.TwoWay)));
        h.Folder(A).Add(Person("Ann"), h.Clock.Tick());
        await h.SyncAsync();

        h.Memory.Offline.Add(Src);
        h.Folder(A).Delete(IdOf(h.Folder(A), "Ann"));
        var whileOffline = await h.SyncAsync();
        Assert.NotNull(whileOffline.Members.Single(m => m.Member == Src).Error);
        Assert.Empty(h.Folder(B).Items);

        h.Memory.Offline.Clear();
        await h.SettleAsync();

        Assert.Empty(h.Folder(A).Items);
        Assert.Empty(h.Folder(B).Items);
        Assert.Empty(h.Folder(Src).Items);
    }

    [Fact]
    public async Task SyncAsync_MemberJoinsHoldingCopies_MatchesThemWithoutDuplicates()
    {
        await using var h = await TwoWayAsync();
        h.Folder(A).Add(Person("Ann", "Lee", email: "ann@contoso.com"), h.Clock.Tick());
        h.Folder(A).Add(Person("Bo", "Ek", "Fabrikam"), h.Clock.Tick());
        h.Folder(A).Add(Person("Cy", "Ode"), h.Clock.Tick());
        // B already holds the same people: one found by e-mail, one by name + company, one by content
        h.Folder(B).Add(Person("Ann", "Lee", email: "ANN@contoso.com"), h.Clock.Tick());
        h.Folder(B).Add(Person("Bo", "Ek", "Fabrikam"), h.Clock.Tick());
        h.Folder(B).Add(Person("Cy", "Ode"), h.Clock.Tick());
        h.Folder(B).Add(Person("Dee", "Only in B"), h.Clock.Tick());

        await h.SettleAsync();

        Assert.Equal(["Ann", "Bo", "Cy", "Dee"], ContactsIn(h.Folder(A)).Select(c => c.GivenName).Order());
        Assert.Equal(["Ann", "Bo", "Cy", "Dee"], ContactsIn(h.Folder(B)).Select(c => c.GivenName).Order());
    }

    [Fact]
    public async Task SyncAsync_ConcurrentEditsUnderNewest_LaterEditWinsEverywhere()
    {
        await using var h = await TwoWayAsync();
        h.Folder(A).Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SyncAsync();

        h.Folder(B).Edit(IdOf(h.Folder(B), "Ann"), Person("Ann", "Later"), h.Clock.Advance(TimeSpan.FromMinutes(5)));
        h.Folder(A).Edit(IdOf(h.Folder(A), "Ann"), Person("Ann", "Earlier"), h.Clock.Now(-TimeSpan.FromMinutes(1)));
        await h.SettleAsync();

        Assert.Equal("Later", ByGiven(h.Folder(A), "Ann")!.Surname);
        Assert.Equal("Later", ByGiven(h.Folder(B), "Ann")!.Surname);
    }

    [Fact]
    public async Task SyncAsync_ConcurrentEditsUnderPriority_PriorityMemberWinsThoughOlder()
    {
        await using var h = await TwoWayAsync(ConflictPolicy.Priority, FolderRef.Parse(B));
        h.Folder(A).Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SyncAsync();

        h.Folder(B).Edit(IdOf(h.Folder(B), "Ann"), Person("Ann", "FromB"), h.Clock.Tick());
        h.Folder(A).Edit(IdOf(h.Folder(A), "Ann"), Person("Ann", "FromA"), h.Clock.Advance(TimeSpan.FromMinutes(5)));
        await h.SettleAsync();

        Assert.Equal("FromB", ByGiven(h.Folder(A), "Ann")!.Surname);
        Assert.Equal("FromB", ByGiven(h.Folder(B), "Ann")!.Surname);
    }

    [Fact]
    public async Task SyncAsync_ConcurrentEditsOfDifferentFieldsUnderMerge_KeepsBoth()
    {
        await using var h = await TwoWayAsync(ConflictPolicy.Merge);
        h.Folder(A).Add(Person("Ann", "Lee", "Contoso", job: "Clerk"), h.Clock.Tick());
        await h.SyncAsync();

        h.Folder(A).Edit(IdOf(h.Folder(A), "Ann"), Person("Ann", "Lee", "Northwind", job: "Clerk"), h.Clock.Tick());
        h.Folder(B).Edit(IdOf(h.Folder(B), "Ann"), Person("Ann", "Lee", "Contoso", job: "Manager"), h.Clock.Tick());
        await h.SettleAsync();

        foreach (var folder in new[] { A, B })
        {
            var ann = ByGiven(h.Folder(folder), "Ann")!;
            Assert.Equal("Northwind", ann.CompanyName);
            Assert.Equal("Manager", ann.JobTitle);
        }
    }

    [Fact]
    public async Task SyncAsync_WriteConflictWithUserEdit_KeepsTheUserEdit()
    {
        await using var h = await TwoWayAsync();
        h.Folder(A).Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SyncAsync();

        h.Folder(A).Edit(IdOf(h.Folder(A), "Ann"), Person("Ann", "FromA"), h.Clock.Tick());
        // between our read and our write, someone edits B's copy
        h.Memory.BeforeWrite = folder =>
        {
            if (folder.ToString() != B) return;
            h.Memory.BeforeWrite = null;
            h.Folder(B).Edit(IdOf(h.Folder(B), "Ann"), Person("Ann", "FromB"), h.Clock.Tick());
        };
        var report = await h.SyncAsync();
        Assert.Equal(1, report.Members.Single(m => m.Member == B).Conflicts);
        Assert.Equal("FromB", ByGiven(h.Folder(B), "Ann")!.Surname);

        await h.SettleAsync();
        Assert.Equal("FromB", ByGiven(h.Folder(A), "Ann")!.Surname);
    }

    [Fact]
    public async Task SyncAsync_CrashAfterCreateBeforeRecord_RestartCreatesNoDuplicate()
    {
        var faults = new FaultPlan();
        await using var h = await EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (Src, MemberRole.Source), (A, MemberRole.Target)), faults);
        for (var i = 0; i < 5; i++) h.Folder(Src).Add(Person("P" + i), h.Clock.Tick());
        // steps: read Src, read A, commit the plan (before, after), commit the creates' intents (before, after), then per
        // write: before, after. Crash after the 3rd create.
        faults.CrashAtStep = 4 + 2 + 2 * 3;
        await Assert.ThrowsAsync<SimulatedCrash>(() => h.SyncAsync());
        Assert.Equal(3, h.Folder(A).Items.Count);

        faults.Enabled = false;
        await h.RestartAsync();
        await h.SettleAsync();

        Assert.Equal(["P0", "P1", "P2", "P3", "P4"], ContactsIn(h.Folder(A)).Select(c => c.GivenName).Order());
    }

    [Fact]
    public async Task SyncAsync_UnreadableItem_IsQuarantinedAndTheRestSyncs()
    {
        await using var h = await TwoWayAsync();
        h.Folder(A).Add(Person("Ann"), h.Clock.Tick());
        var broken = h.Folder(A).Add(Person("Broken"), h.Clock.Tick());
        h.Folder(A).Corrupt(broken, "broken.vcf line 3: no END:VCARD");

        var report = await h.SyncAsync();

        Assert.Equal(1, report.Members.Single(m => m.Member == A).Quarantined);
        Assert.Equal(["Ann"], ContactsIn(h.Folder(B)).Select(c => c.GivenName));
        var status = Assert.Single(await h.Engine.StatusAsync(default));
        var q = Assert.Single(status.Quarantine);
        Assert.Equal(A, q.Member);
        Assert.Contains("no END:VCARD", q.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SyncAsync_QuarantinedItemOnceInGroup_IsNotDeletedElsewhere()
    {
        await using var h = await EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (A, MemberRole.TwoWay), (B, MemberRole.TwoWay)), completeListings: true);
        h.Folder(A).Add(Person("Ann"), h.Clock.Tick());
        await h.SyncAsync();

        h.Folder(A).Corrupt(IdOf(h.Folder(A), "Ann"), "damaged");
        await h.SettleAsync();

        Assert.NotNull(ByGiven(h.Folder(B), "Ann"));
    }

    [Fact]
    public async Task SyncAsync_DryRun_PlansButWritesAndRecordsNothing()
    {
        await using var h = await OneWayAsync();
        h.Folder(Src).Add(Person("Ann"), h.Clock.Tick());

        var dry = await h.SyncAsync(dryRun: true);

        Assert.True(dry.DryRun);
        Assert.Equal(1, dry.Members.Single(m => m.Member == A).Created);
        Assert.Empty(h.Folder(A).Items);
        Assert.Equal(0, Assert.Single(await h.Engine.StatusAsync(default)).Items);
        var real = await h.SyncAsync();
        Assert.Equal(1, real.Members.Single(m => m.Member == A).Created);
    }

    [Fact]
    public async Task SyncAsync_CategoryFilter_CopiesOnlyMatchingItems()
    {
        var group = EngineHarness.Define(ItemKind.Contact, (Src, MemberRole.Source), (A, MemberRole.Target)) with
        {
            RulesJson = """{"filter":{"includeCategories":["Company"],"excludePrivate":true}}""",
        };
        await using var h = await EngineHarness.CreateAsync(group);
        h.Folder(Src).Add(Person("Ann", categories: "Company"), h.Clock.Tick());
        h.Folder(Src).Add(Person("Bo", categories: "Personal"), h.Clock.Tick());
        h.Folder(Src).Add(Person("Cy", categories: "Company") with { IsPrivate = true }, h.Clock.Tick());

        var report = await h.SyncAsync();

        Assert.Equal(["Ann"], ContactsIn(h.Folder(A)).Select(c => c.GivenName));
        Assert.Equal(2, report.Members.Single(m => m.Member == Src).Skipped);
    }

    [Fact]
    public async Task SyncAsync_EventMovesOutOfDateWindow_IsUpdatedNotDeleted()
    {
        var group = EngineHarness.Define(ItemKind.Event, (Src, MemberRole.Source), (A, MemberRole.Target)) with
        {
            RulesJson = """{"filter":{"window":{"pastDays":7,"futureDays":30}}}""",
        };
        await using var h = await EngineHarness.CreateAsync(group);
        var now = h.Clock.GetUtcNow().UtcDateTime;
        var soon = new Event { Subject = "Soon", Start = ItemTime.FromUtc(now.AddDays(2)), End = ItemTime.FromUtc(now.AddDays(2).AddHours(1)) };
        var far = new Event { Subject = "Far", Start = ItemTime.FromUtc(now.AddDays(90)), End = ItemTime.FromUtc(now.AddDays(90).AddHours(1)) };
        var id = h.Folder(Src).Add(soon, h.Clock.Tick());
        h.Folder(Src).Add(far, h.Clock.Tick());
        await h.SyncAsync();
        Assert.Equal(["Soon"], h.Folder(A).Items.Select(e => ((Event)e.Item!).Subject));

        h.Folder(Src).Edit(id, soon with { Start = ItemTime.FromUtc(now.AddDays(60)), End = ItemTime.FromUtc(now.AddDays(60).AddHours(1)) }, h.Clock.Tick());
        await h.SettleAsync();

        var copy = (Event)Assert.Single(h.Folder(A).Items).Item!;
        Assert.Equal(now.AddDays(60), copy.Start.Value);
    }

    [Fact]
    public async Task SyncAsync_AddCategoryModification_AppliedToTargetsWithoutLoop()
    {
        var group = EngineHarness.Define(ItemKind.Contact, (Src, MemberRole.Source), (A, MemberRole.Target)) with
        {
            RulesJson = """{"modify":[{"action":"addCategory","value":"From HQ"},{"action":"clearBody"}]}""",
        };
        await using var h = await EngineHarness.CreateAsync(group);
        h.Folder(Src).Add(Person("Ann") with { Notes = "internal note" }, h.Clock.Tick());

        await h.SyncAsync();
        var copy = ByGiven(h.Folder(A), "Ann")!;
        Assert.Contains("From HQ", copy.Categories);
        Assert.Null(copy.Notes);
        Assert.Equal(1, await h.SettleAsync());
        Assert.Empty(ByGiven(h.Folder(Src), "Ann")!.Categories);
    }

    [Fact]
    public async Task StatusAsync_AfterSync_CountsItemsPerMember()
    {
        await using var h = await OneWayAsync();
        h.Folder(Src).Add(Person("Ann"), h.Clock.Tick());
        h.Folder(Src).Add(Person("Bo"), h.Clock.Tick());
        await h.SyncAsync();

        var status = Assert.Single(await h.Engine.StatusAsync(default));

        Assert.Equal(2, status.Items);
        Assert.All(status.Members, m => Assert.Equal(2, m.Items));
        Assert.False(status.Paused);
    }

    [Theory]
    [InlineData(ConflictPolicy.Priority)]
    [InlineData(ConflictPolicy.Newest)]
    [InlineData(ConflictPolicy.Merge)]
    public async Task SyncAsync_UpdateLandedButNotRecorded_IsNotTakenForTheMembersEdit(ConflictPolicy policy)
    {
        // the process dies after an update reached a member and before its result was recorded; the next read shows
        // that content under a change key never recorded. It must count as our write, not as the member's edit made on
        // an old revision, or (priority member, or newer by write time) it would beat the source's next edit.
        var faults = new FaultPlan();
        await using var h = await EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, ("mem:pub/F", MemberRole.Source), (A, MemberRole.TwoWay))
            with { Conflict = policy, PriorityMember = policy == ConflictPolicy.Priority ? FolderRef.Parse(A) : null }, faults);
        h.Folder("mem:pub/F").Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SyncAsync();

        var inPub = IdOf(h.Folder("mem:pub/F"), "Ann");
        h.Folder("mem:pub/F").Edit(inPub, Person("Ann", "Lee", job: "Manager"), h.Clock.Tick());
        faults.CrashWhere = "after write " + A;
        await Assert.ThrowsAsync<SimulatedCrash>(() => h.SyncAsync());
        await h.RestartAsync();
        Assert.Equal("Manager", ByGiven(h.Folder(A), "Ann")!.JobTitle); // it did land

        h.Clock.Tick();
        h.Folder("mem:pub/F").Edit(inPub, Person("Ann", "Lee", company: "Contoso", job: "Manager"), h.Clock.Tick());
        var report = await h.SyncAsync();
        await h.SettleAsync();

        Assert.Equal(0, report.Members.Single(m => m.Member == A).Conflicts);
        Assert.Equal("Contoso", ByGiven(h.Folder(A), "Ann")!.CompanyName);
    }
}
