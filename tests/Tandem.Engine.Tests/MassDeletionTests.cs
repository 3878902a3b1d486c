using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine.Tests.Fakes;
using static Tandem.Engine.Tests.Fakes.Items;

namespace Tandem.Engine.Tests;

public sealed class MassDeletionTests
{
    private const string Src = "mem:hq/Company";
    private const string A = "mem:alice/Contacts/Company";
    private const string B = "mem:bob/Contacts/Company";

    private static async Task<EngineHarness> SyncedAsync(MemberRole first, int items, bool complete = false)
    {
        var group = EngineHarness.Define(ItemKind.Contact, (Src, first), (A, MemberRole.Target), (B, MemberRole.TwoWay)) with { MassDeleteThreshold = 0.2 };
        var h = await EngineHarness.CreateAsync(group, completeListings: complete);
        for (var i = 0; i < items; i++) h.Folder(Src).Add(Person("P" + i), h.Clock.Tick());
        await h.SettleAsync();
        return h;
    }

    [Fact]
    public async Task SyncAsync_DeletingMoreThanThreshold_PausesWithoutDeletingElsewhere()
    {
        await using var h = await SyncedAsync(MemberRole.TwoWay, 10);
        foreach (var i in Enumerable.Range(0, 3)) h.Folder(Src).Delete(IdOf(h.Folder(Src), "P" + i));

        var report = await h.SyncAsync();

        Assert.True(report.Paused);
        Assert.Contains("3 of 10", report.PauseReason, StringComparison.Ordinal);
        Assert.Equal(10, h.Folder(A).Items.Count);
        var status = Assert.Single(await h.Engine.StatusAsync(default));
        Assert.True(status.Paused);
        Assert.Equal(3, status.PendingDeletions);
        var again = await h.SyncAsync();
        Assert.True(again.Paused);
        Assert.Equal(10, h.Folder(B).Items.Count);
    }

    [Fact]
    public async Task SyncAsync_DeletingUpToThreshold_GoesAhead()
    {
        await using var h = await SyncedAsync(MemberRole.TwoWay, 10);
        foreach (var i in Enumerable.Range(0, 2)) h.Folder(Src).Delete(IdOf(h.Folder(Src), "P" + i));

        var report = await h.SyncAsync();

        Assert.False(report.Paused);
        Assert.Equal(8, h.Folder(A).Items.Count);
    }

    [Fact]
    public async Task ApproveAsync_PausedGroup_SpreadsTheDeletions()
    {
        await using var h = await SyncedAsync(MemberRole.TwoWay, 10);
        foreach (var i in Enumerable.Range(0, 5)) h.Folder(Src).Delete(IdOf(h.Folder(Src), "P" + i));
        await h.SyncAsync();

        await h.Engine.ApproveAsync(EngineHarness.Group, default);
        await h.SettleAsync();

        Assert.Equal(5, h.Folder(A).Items.Count);
        Assert.Equal(5, h.Folder(B).Items.Count);
        Assert.False(Assert.Single(await h.Engine.StatusAsync(default)).Paused);
    }

    [Fact]
    public async Task RejectAsync_PausedGroup_RestoresItemsInTheMemberThatDeletedThem()
    {
        await using var h = await SyncedAsync(MemberRole.Source, 10);
        foreach (var i in Enumerable.Range(0, 5)) h.Folder(Src).Delete(IdOf(h.Folder(Src), "P" + i));
        await h.SyncAsync();

        await h.Engine.RejectAsync(EngineHarness.Group, default);
        await h.SettleAsync();

        Assert.Equal(10, h.Folder(Src).Items.Count);
        Assert.Equal(10, h.Folder(A).Items.Count);
        Assert.Equal(10, h.Folder(B).Items.Count);
        Assert.Equal(1, await h.SettleAsync());
    }

    [Fact]
    public async Task SyncAsync_MemberSuddenlyEmpty_Pauses()
    {
        await using var h = await SyncedAsync(MemberRole.TwoWay, 10, complete: true);
        foreach (var entry in h.Folder(B).Items.ToList()) h.Folder(B).Delete(entry.RemoteId);
        // under the share threshold on its own would not matter: an empty member always stops the group
        var report = await h.SyncAsync();

        Assert.True(report.Paused);
        Assert.Contains("empty", report.PauseReason, StringComparison.Ordinal);
        Assert.Equal(10, h.Folder(Src).Items.Count);
    }

    [Fact]
    public async Task ApproveAsync_GroupNotPaused_ThrowsConfigurationError()
    {
        await using var h = await SyncedAsync(MemberRole.TwoWay, 2);

        var error = await Assert.ThrowsAsync<Tandem.State.TandemConfigurationException>(() => h.Engine.ApproveAsync(EngineHarness.Group, default));
        Assert.Contains("not paused", error.Message, StringComparison.Ordinal);
    }
}
