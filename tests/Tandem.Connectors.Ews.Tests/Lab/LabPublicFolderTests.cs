using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>Public folders: FindItem scans instead of SyncFolderItems, paging, and no notifications.</summary>
public sealed class LabPublicFolderTests
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(5)).Token;

    [Fact]
    public async Task ReadChanges_PublicFolder_ScansWithFindItemAndReportsOnlyRealChanges()
    {
        await using var lab = await LabFixture.StartAsync();
        await using var connector = lab.Connect();
        await using var session = await connector.OpenFolderAsync(FolderRef.Parse("lab:public/Company Contacts"), ItemKind.Contact, false, Ct);

        var full = await session.ReadChangesAsync(null, Ct);
        Assert.True(full.IsComplete);
        Assert.Equal(300, full.Upserts.Count);
        Assert.All(full.Upserts, u => Assert.Null(u.ParseError));
        Assert.Equal(0, lab.CountRequests("SyncFolderItems"));
        Assert.True(lab.CountRequests("FindItem") >= 1);

        var quiet = await session.ReadChangesAsync(full.NewToken, Ct);
        Assert.False(quiet.IsComplete);
        Assert.Empty(quiet.Upserts);
        Assert.Empty(quiet.Deletions);

        var victim = full.Upserts[10];
        var edited = full.Upserts[20];
        var stamp = new ItemStamp("g", "x", "y");
        var writes = await session.WriteAsync(
        [
            new WriteRequest(WriteKind.Create, stamp, SampleItems.FullContact("-pf")),
            new WriteRequest(WriteKind.Update, stamp with { LogicalId = "e" }, ((Contact)edited.Item!) with { JobTitle = "Edited" }, edited.RemoteId, edited.ChangeKey),
            new WriteRequest(WriteKind.Delete, stamp with { LogicalId = "d" }, RemoteId: victim.RemoteId, ExpectedChangeKey: victim.ChangeKey),
        ], Ct);
        Assert.All(writes, w => Assert.Equal(WriteOutcome.Ok, w.Outcome));

        var delta = await session.ReadChangesAsync(quiet.NewToken, Ct);
        Assert.False(delta.IsComplete);
        Assert.Equal(new[] { writes[0].RemoteId, edited.RemoteId }.Order(), delta.Upserts.Select(u => u.RemoteId).Order());
        Assert.Equal(victim.RemoteId, Assert.Single(delta.Deletions));
        Assert.Equal("Edited", delta.Upserts.Select(u => u.Item).OfType<Contact>().Single(c => c.GivenName != "Ada-pf").JobTitle);
        Assert.Null(await session.SubscribeAsync(() => { }, Ct));
        lab.AssertRequestsValid();
    }

    [Fact]
    public async Task OpenFolder_PublicSubfolderByPath_ReadsTasks()
    {
        await using var lab = await LabFixture.StartAsync();
        await using var connector = lab.Connect();
        await using var session = await connector.OpenFolderAsync(FolderRef.Parse("lab:public/Projects/Tasks"), ItemKind.Task, false, Ct);
        var all = await session.ReadChangesAsync(null, Ct);
        Assert.True(all.IsComplete);
        Assert.NotEmpty(all.Upserts);
        Assert.All(all.Upserts, u => Assert.IsType<TaskItem>(u.Item));
        lab.AssertRequestsValid();
    }

    [Fact]
    public async Task ReadChanges_CompanyCalendar_ReadsRecurringEventsWithExceptions()
    {
        await using var lab = await LabFixture.StartAsync();
        await using var connector = lab.Connect();
        await using var session = await connector.OpenFolderAsync(FolderRef.Parse("lab:public/Company Calendar"), ItemKind.Event, false, Ct);
        var all = await session.ReadChangesAsync(null, Ct);
        var events = all.Upserts.Select(u => u.Item).OfType<Event>().ToArray();
        Assert.NotEmpty(events);
        Assert.Contains(events, e => e.Recurrence is not null);
        Assert.All(all.Upserts, u => Assert.Null(u.ParseError));
        lab.AssertRequestsValid();
    }
}
