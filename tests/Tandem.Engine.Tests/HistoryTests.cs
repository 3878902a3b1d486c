using Tandem.Core.Groups;
using Tandem.Core.History;
using Tandem.Core.Items;
using Tandem.Engine.History;
using Tandem.Engine.Tests.Fakes;
using static Tandem.Engine.Tests.Fakes.Items;

namespace Tandem.Engine.Tests;

public sealed class HistoryTests
{
    private const string A = "mem:alice/Contacts";
    private const string B = "mem:bob/Contacts";

    private static Task<EngineHarness> TwoWayAsync() =>
        EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (A, MemberRole.TwoWay), (B, MemberRole.TwoWay)));

    private static async Task<IReadOnlyList<ItemHistoryLine>> HistoryOfAsync(EngineHarness h, string text)
    {
        var history = new ItemHistory(h.Store, h.Clock);
        var match = Assert.Single(await history.SearchAsync(text, EngineHarness.Group, 10, default));
        return await history.LoadAsync(match.Group, match.LogicalId, default);
    }

    [Fact]
    public async Task SyncAsync_EditInOneMember_RecordsOriginFieldsAndReceivers()
    {
        await using var h = await TwoWayAsync();
        h.Folder(A).Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SyncAsync();
        h.Folder(B).Edit(IdOf(h.Folder(B), "Ann"), Person("Ann", "Lee-Smith"), h.Clock.Tick());
        await h.SyncAsync();

        var lines = await HistoryOfAsync(h, "lee-smith");

        Assert.Equal(
            [(HistoryAction.Created, A), (HistoryAction.Delivered, B), (HistoryAction.Updated, B), (HistoryAction.Delivered, A)],
            lines.Select(l => (l.Entry.Action, l.Member)));
        var update = lines[2].Entry;
        Assert.Contains(new FieldChange("Surname", "Lee", "Lee-Smith"), update.Changes!);
        Assert.DoesNotContain(update.Changes!, c => c.Field == "GivenName");
        Assert.Equal(update.Revision, lines[3].Entry.Revision);
    }

    [Fact]
    public async Task SyncAsync_ConcurrentEdits_RecordTheConflictAndItsDecision()
    {
        await using var h = await TwoWayAsync();
        h.Folder(A).Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SyncAsync();
        h.Folder(A).Edit(IdOf(h.Folder(A), "Ann"), Person("Ann", "Older"), h.Clock.Tick());
        h.Folder(B).Edit(IdOf(h.Folder(B), "Ann"), Person("Ann", "Newer"), h.Clock.Tick());
        await h.SyncAsync();

        var lines = await HistoryOfAsync(h, "ann");

        var conflict = Assert.Single(lines, l => l.Entry.Action == HistoryAction.Conflict);
        Assert.Contains("newest policy", conflict.Entry.Detail);
        Assert.Equal("Newer", ByGiven(h.Folder(A), "Ann")!.Surname);
    }

    [Fact]
    public async Task SyncAsync_Deletion_IsFoundByItsRecordedName()
    {
        await using var h = await TwoWayAsync();
        h.Folder(A).Add(Person("Zed", "Gone"), h.Clock.Tick());
        await h.SyncAsync();
        h.Folder(A).Delete(IdOf(h.Folder(A), "Zed"));
        await h.SyncAsync();

        var history = new ItemHistory(h.Store, h.Clock);
        var match = Assert.Single(await history.SearchAsync("zed", null, 10, default));
        var lines = await history.LoadAsync(match.Group, match.LogicalId, default);

        Assert.False(match.Live);
        Assert.Contains(lines, l => l.Entry.Action == HistoryAction.Deleted && l.Member == A && l.Entry.Title == "Zed Gone");
        Assert.Contains(lines, l => l.Entry is { Action: HistoryAction.Delivered, Detail: "deleted" } && l.Member == B);
    }

    [Fact]
    public async Task PruneAsync_OlderThanRetention_IsDropped()
    {
        await using var h = await TwoWayAsync();
        h.Folder(A).Add(Person("Ann"), h.Clock.Tick());
        await h.SyncAsync();
        var history = new ItemHistory(h.Store, h.Clock);

        Assert.Equal(0, await history.PruneAsync(ItemHistory.DefaultRetentionDays, default));
        h.Clock.Advance(TimeSpan.FromDays(ItemHistory.DefaultRetentionDays + 1));
        Assert.Equal(2, await history.PruneAsync(ItemHistory.DefaultRetentionDays, default));
    }

    [Fact]
    public async Task SyncAsync_CopyMark_OnlyOnItemsTandemCreated()
    {
        // alice's Ann is hers; bob held an Ann before he joined (matched, not copied); Bo reached bob as a copy
        await using var h = await TwoWayAsync();
        h.Folder(A).Add(Person("Ann", "Lee"), h.Clock.Tick());
        h.Folder(A).Add(Person("Bo", "Ek"), h.Clock.Tick());
        h.Folder(B).Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SyncAsync();
        h.Folder(B).Edit(IdOf(h.Folder(B), "Bo"), Person("Bo", "Eklund"), h.Clock.Tick());
        await h.SyncAsync();

        var state = await h.Store.LoadGroupStateAsync(EngineHarness.Group, default);
        var copies = state.MemberItems.Where(m => m.Copy).ToList();

        var copy = Assert.Single(copies);
        Assert.Equal(state.Members.Single(m => m.Folder.ToString() == B).Id, copy.MemberId);
        Assert.Equal(IdOf(h.Folder(B), "Bo"), copy.RemoteId);
    }
}
