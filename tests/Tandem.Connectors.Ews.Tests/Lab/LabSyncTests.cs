using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>Change detection, batching, conflicts and idempotent creates against the lab.</summary>
public sealed class LabSyncTests
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token;

    private static WriteRequest Create(int i, string group = "g1") =>
        new(WriteKind.Create, new ItemStamp(group, "L" + i, "I" + i), SampleItems.FullContact("-" + i));

    [Fact]
    public async Task ReadChanges_MoreThan512Items_LoopsSyncFolderItemsAndBatchesWrites()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        await using var session = await connector.OpenFolderAsync(FolderRef.Parse("lab:alice@lab.test/Contacts/Bulk"), ItemKind.Contact, true, Ct);

        var results = await session.WriteAsync(Enumerable.Range(0, 700).Select(i => Create(i)).ToArray(), Ct);
        Assert.All(results, r => Assert.Equal(WriteOutcome.Ok, r.Outcome));
        Assert.Equal(700, results.Select(r => r.RemoteId).Distinct().Count());
        // Goal: at most one request per 50 items written (stamp look-up included).
        Assert.True(lab.CountRequests("CreateItem") + lab.CountRequests("FindItem") <= 700 / 50, $"{lab.CountRequests("CreateItem")} CreateItem + {lab.CountRequests("FindItem")} FindItem");

        // After a crash before the ids were recorded, the engine looks the stamps up: all 150 are found.
        var found150 = await session.FindByStampAsync("g1", Enumerable.Range(0, 150).Select(i => "L" + i).ToArray(), Ct);
        Assert.Equal(results.Take(150).Select(r => r.RemoteId).Order(), found150.Select(r => r.RemoteId).Order());

        var full = await session.ReadChangesAsync(null, Ct);
        Assert.True(full.IsComplete);
        Assert.Equal(700, full.Upserts.Count);
        Assert.True(lab.CountRequests("SyncFolderItems") >= 2, "700 changes need more than one 512-change round");
        Assert.Equal(results.Select(r => r.RemoteId).Order(), full.Upserts.Select(u => u.RemoteId).Order());

        var quiet = await session.ReadChangesAsync(full.NewToken, Ct);
        Assert.Empty(quiet.Upserts);
        Assert.Empty(quiet.Deletions);
        Assert.False(quiet.IsComplete);

        var edit = results[5];
        var deleted = results[6];
        var writes = await session.WriteAsync(
        [
            new WriteRequest(WriteKind.Update, edit.Request.Stamp, SampleItems.FullContact("-edited"), edit.RemoteId, edit.ChangeKey),
            new WriteRequest(WriteKind.Delete, deleted.Request.Stamp, RemoteId: deleted.RemoteId, ExpectedChangeKey: deleted.ChangeKey),
        ], Ct);
        Assert.All(writes, w => Assert.Equal(WriteOutcome.Ok, w.Outcome));
        var delta = await session.ReadChangesAsync(quiet.NewToken, Ct);
        Assert.False(delta.IsComplete);
        Assert.Equal(edit.RemoteId, Assert.Single(delta.Upserts).RemoteId);
        Assert.Equal(deleted.RemoteId, Assert.Single(delta.Deletions));
        lab.AssertRequestsValid();
    }

    [Fact]
    public async Task Update_StaleChangeKey_ReportsConflictAndLeavesItemUnchanged()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        await using var session = await connector.OpenFolderAsync(FolderRef.Parse("lab:alice@lab.test/Contacts"), ItemKind.Contact, false, Ct);
        var created = (await session.WriteAsync([Create(1)], Ct))[0];
        var first = (await session.WriteAsync([new WriteRequest(WriteKind.Update, created.Request.Stamp, SampleItems.FullContact("-a"), created.RemoteId, created.ChangeKey)], Ct))[0];
        Assert.Equal(WriteOutcome.Ok, first.Outcome);

        var stale = (await session.WriteAsync([new WriteRequest(WriteKind.Update, created.Request.Stamp, SampleItems.FullContact("-b"), created.RemoteId, created.ChangeKey)], Ct))[0];
        Assert.Equal(WriteOutcome.Conflict, stale.Outcome);
        var staleDelete = (await session.WriteAsync([new WriteRequest(WriteKind.Delete, created.Request.Stamp, RemoteId: created.RemoteId, ExpectedChangeKey: created.ChangeKey)], Ct))[0];
        Assert.Equal(WriteOutcome.Conflict, staleDelete.Outcome);

        var now = Assert.Single((await session.ReadChangesAsync(null, Ct)).Upserts);
        Assert.Equal("Ada-a", ((Contact)now.Item!).GivenName);
        lab.AssertRequestsValid();
    }

    [Fact]
    public async Task FindByStamp_AfterInterruptedCreates_FindsTheCopiesOfThisGroupOnly()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        await using var session = await connector.OpenFolderAsync(FolderRef.Parse("lab:alice@lab.test/Contacts"), ItemKind.Contact, false, Ct);
        var first = await session.WriteAsync([Create(1), Create(2)], Ct);

        var found = await session.FindByStampAsync("g1", ["L1", "L2", "L9"], Ct);
        Assert.Equal(["L1", "L2"], found.Select(f => f.Stamp!.LogicalId).Order());
        Assert.Equal(first.Select(r => r.RemoteId).Order(), found.Select(f => f.RemoteId).Order());
        Assert.Empty(await session.FindByStampAsync("other-group", ["L1"], Ct));
        lab.AssertRequestsValid();
    }

    [Fact]
    public async Task ReadChanges_ItemsStillAsWeWroteThem_AreNotFetchedAgain_EditedOnesAre()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        var folder = FolderRef.Parse("lab:alice@lab.test/Contacts");
        await using var session = await connector.OpenFolderAsync(folder, ItemKind.Contact, false, Ct);
        var token = (await session.ReadChangesAsync(null, Ct)).NewToken;
        var written = await session.WriteAsync(Enumerable.Range(0, 20).Select(i => Create(i)).ToArray(), Ct);

        var getItemsBefore = lab.CountRequests("GetItem");
        var echo = await session.ReadChangesAsync(token, Ct);
        Assert.Equal(getItemsBefore, lab.CountRequests("GetItem"));
        Assert.Equal(written.Select(r => r.RemoteId + "|" + r.ChangeKey).Order(), echo.Upserts.Select(u => u.RemoteId + "|" + u.ChangeKey).Order());
        Assert.All(echo.Upserts, u => Assert.Equal("g1", u.Stamp!.GroupId));

        // Someone else edits one item: its ChangeKey moves on, so this session fetches it.
        await using var other = await connector.OpenFolderAsync(folder, ItemKind.Contact, false, Ct);
        var edit = written[3];
        var edited = await other.WriteAsync([new WriteRequest(WriteKind.Update, edit.Request.Stamp, SampleItems.FullContact("-theirs"), edit.RemoteId, edit.ChangeKey)], Ct);
        Assert.Equal(WriteOutcome.Ok, edited[0].Outcome);
        var change = Assert.Single((await session.ReadChangesAsync(echo.NewToken, Ct)).Upserts);
        Assert.Equal(getItemsBefore + 1, lab.CountRequests("GetItem"));
        Assert.Equal("Ada-theirs", ((Contact)change.Item!).GivenName);
        lab.AssertRequestsValid();
    }

    [Fact]
    public async Task ReadChanges_InvalidSyncState_RereadsWholeFolderAsCompleteListing()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        await using var session = await connector.OpenFolderAsync(FolderRef.Parse("lab:alice@lab.test/Contacts"), ItemKind.Contact, false, Ct);
        await session.WriteAsync([Create(1), Create(2)], Ct);
        var first = await session.ReadChangesAsync(null, Ct);
        lab.Server.Faults.InvalidateSyncStates(1);
        var again = await session.ReadChangesAsync(first.NewToken, Ct);
        Assert.True(again.IsComplete);
        Assert.Equal(2, again.Upserts.Count);
        Assert.Equal(0, lab.Server.Faults.PendingInvalidSyncStates);
    }

    [Fact]
    public async Task Requests_ServerThrottles_BackOffIsHonouredAndReadSucceeds()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        await using var session = await connector.OpenFolderAsync(FolderRef.Parse("lab:alice@lab.test/Contacts"), ItemKind.Contact, false, Ct);
        await session.WriteAsync([Create(1)], Ct);
        await using var reader = await connector.OpenFolderAsync(FolderRef.Parse("lab:alice@lab.test/Contacts"), ItemKind.Contact, false, Ct);
        var before = lab.Requests.Count;
        lab.Server.Faults.Throttle(2, backOffMilliseconds: 300);
        var changes = await reader.ReadChangesAsync(null, Ct);
        Assert.Single(changes.Upserts);
        Assert.Equal(0, lab.Server.Faults.PendingThrottled);
        Assert.True(lab.Requests.Count - before >= 4, "the two throttled requests were sent again");

        lab.Server.Faults.Unavailable(2);
        var written = await session.WriteAsync([Create(2)], Ct);
        Assert.Equal(WriteOutcome.Ok, written[0].Outcome);
        Assert.Equal(0, lab.Server.Faults.PendingUnavailable);
    }

    [Fact]
    public async Task Requests_ServerKeepsThrottling_FailsInsteadOfReportingPartialListing()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        await using var session = await connector.OpenFolderAsync(FolderRef.Parse("lab:alice@lab.test/Contacts"), ItemKind.Contact, false, Ct);
        lab.Server.Faults.Throttle(1000, backOffMilliseconds: 10);
        var error = await Assert.ThrowsAsync<EwsException>(() => session.ReadChangesAsync(null, Ct));
        Assert.True(error.IsServerBusy);
    }
}
