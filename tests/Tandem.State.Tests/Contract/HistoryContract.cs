using Tandem.Core.History;
using Tandem.Core.Items;
using Tandem.Core.Sync;

namespace Tandem.State.Tests.Contract;

/// <summary>Item history and the "copy Tandem made" mark of member items: what every provider must keep.</summary>
public abstract class HistoryContract : StoreContract
{
    private static readonly DateTimeOffset When = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private async Task<(IStateStore Store, int M1, int M2)> GroupAsync(string name = "company")
    {
        var store = await OpenStoreAsync();
        if (await store.GetConnectionAsync("files", default) is null) await store.AddConnectionAsync(Local("files"), new Dictionary<string, string>(), default);
        await store.AddGroupAsync(Group(name, "files:hq/" + name, "files:alice/" + name), default);
        var state = await store.LoadGroupStateAsync(name, default);
        return (store, state.Members[0].Id, state.Members[1].Id);
    }

    private static StateDelta Created(long id, int member, Contact item, DateTimeOffset at)
    {
        var delta = new StateDelta { NextLogicalId = id + 1 };
        delta.LogicalUpserts.Add((new LogicalItem(id, 1, Hash128.Of(item), false, at, member), item));
        delta.History.Add(new HistoryEntry(id, 1, at, HistoryAction.Created, member, ItemLabel.Of(item)));
        return delta;
    }

    [SkippableFact]
    public async Task ApplyAsync_HistoryLines_AreListedPerItemOldestFirstWithTheirFields()
    {
        var (store, m1, m2) = await GroupAsync();
        await using var _ = store;
        var ann = new Contact { GivenName = "Ann", Surname = "Lee", Emails = new[] { new EmailAddress("ann@contoso.com") }.ToValueList() };
        await store.ApplyAsync("company", Created(1, m1, ann, When), default);
        var edit = new StateDelta();
        edit.History.Add(new HistoryEntry(1, 2, When.AddMinutes(5), HistoryAction.Updated, m2, "Ann Lee", [new FieldChange("JobTitle", null, "Manager")]));
        edit.History.Add(new HistoryEntry(1, 2, When.AddMinutes(6), HistoryAction.Delivered, m1, Detail: "updated"));
        edit.History.Add(new HistoryEntry(7, 1, When.AddMinutes(6), HistoryAction.Created, m1, "Someone else"));
        await store.ApplyAsync("company", edit, default);

        var lines = await store.LoadItemHistoryAsync("company", 1, default);

        Assert.Equal([HistoryAction.Created, HistoryAction.Updated, HistoryAction.Delivered], lines.Select(l => l.Action));
        Assert.Equal(When, lines[0].At);
        Assert.Equal("Ann Lee <ann@contoso.com>", lines[0].Title);
        Assert.Equal(new FieldChange("JobTitle", null, "Manager"), Assert.Single(lines[1].Changes!));
        Assert.Equal(m2, lines[1].MemberId);
        Assert.Equal("updated", lines[2].Detail);
        Assert.Null(lines[2].Title);
    }

    [SkippableFact]
    public async Task SearchHistoryAsync_FindsByNameOrAddress_InOneGroupOrAll()
    {
        var (store, m1, _) = await GroupAsync();
        await using var __ = store;
        await store.ApplyAsync("company", Created(1, m1, new Contact { DisplayName = "Ann Lee", Emails = new[] { new EmailAddress("ann@contoso.com") }.ToValueList() }, When), default);
        await store.ApplyAsync("company", Created(2, m1, new Contact { DisplayName = "Bob Stone" }, When.AddMinutes(1)), default);
        var (_, o1, _) = await GroupAsync("other");
        await store.ApplyAsync("other", Created(1, o1, new Contact { DisplayName = "Ann Other" }, When.AddMinutes(2)), default);

        Assert.Equal([1L], (await store.SearchHistoryAsync("company", "ANN@contoso", 10, default)).Select(h => h.LogicalId));
        var all = await store.SearchHistoryAsync(null, "ann", 10, default);
        Assert.Equal([("other", 1L), ("company", 1L)], all.Select(h => (h.Group, h.LogicalId)));
        Assert.Empty(await store.SearchHistoryAsync(null, "%", 10, default));
    }

    [SkippableFact]
    public async Task PruneHistoryAsync_DropsOnlyOlderLines_AndRemovingTheGroupDropsItsLines()
    {
        var (store, m1, _) = await GroupAsync();
        await using var _ = store;
        await store.ApplyAsync("company", Created(1, m1, new Contact { DisplayName = "Old" }, When), default);
        await store.ApplyAsync("company", Created(2, m1, new Contact { DisplayName = "New" }, When.AddDays(100)), default);

        Assert.Equal(1, await store.PruneHistoryAsync(When.AddDays(10), default));
        Assert.Empty(await store.LoadItemHistoryAsync("company", 1, default));
        Assert.Single(await store.LoadItemHistoryAsync("company", 2, default));

        await store.RemoveGroupAsync("company", default);
        await store.AddGroupAsync(Group("company", "files:hq/company"), default);
        Assert.Empty(await store.LoadItemHistoryAsync("company", 2, default));
    }

    [SkippableFact]
    public async Task CountChangedItemsAsync_CountsEachChangedItemOnce_SinceTheTimeGiven_OverEveryGroup()
    {
        var (store, m1, m2) = await GroupAsync();
        await using var _ = store;
        await store.ApplyAsync("company", Created(1, m1, new Contact { DisplayName = "Old" }, When.AddDays(-2)), default);
        await store.ApplyAsync("company", Created(2, m1, new Contact { DisplayName = "Twice" }, When.AddHours(-3)), default);
        var later = new StateDelta();
        later.History.Add(new HistoryEntry(2, 2, When.AddHours(-1), HistoryAction.Updated, m2, "Twice", [new FieldChange("JobTitle", null, "Boss")]));
        // a delivery, a conflict and a quarantine of item 1 are not changes of their own
        later.History.Add(new HistoryEntry(1, 1, When.AddHours(-1), HistoryAction.Delivered, m2, Detail: "created"));
        later.History.Add(new HistoryEntry(1, 1, When.AddHours(-1), HistoryAction.Conflict, m2, "Old", Detail: "newest won"));
        later.History.Add(new HistoryEntry(1, 1, When.AddHours(-1), HistoryAction.Quarantined, m2, "Old", Detail: "unreadable"));
        later.History.Add(new HistoryEntry(3, 1, When.AddMinutes(-5), HistoryAction.Deleted, m1, "Gone"));
        await store.ApplyAsync("company", later, default);
        var (_, o1, _) = await GroupAsync("other");
        await store.ApplyAsync("other", Created(2, o1, new Contact { DisplayName = "Same id, other group" }, When.AddHours(-2)), default);

        Assert.Equal(3, await store.CountChangedItemsAsync(When.AddDays(-1), default));
        Assert.Equal(1, await store.CountChangedItemsAsync(When.AddMinutes(-30), default));
        Assert.Equal(4, await store.CountChangedItemsAsync(When.AddDays(-3), default));
        Assert.Equal(0, await store.CountChangedItemsAsync(When, default));
    }

    [SkippableFact]
    public async Task ApplyAsync_CopyMark_IsKeptWithTheMemberItem()
    {
        // a purge deletes only the copies Tandem made: a provider that dropped the mark would make a purge delete nothing,
        // one that invented it would delete a member's originals
        var (store, m1, m2) = await GroupAsync();
        await using var _ = store;
        var ann = new Contact { GivenName = "Ann" };
        var delta = Created(1, m1, ann, When);
        var original = new MemberItem(1, m1, "r-1", "ck1", Hash128.Of(ann), 1, MemberItemStatus.Synced);
        var copy = new MemberItem(1, m2, "r-2", "ck2", Hash128.Of(ann), 1, MemberItemStatus.Synced, Copy: true);
        delta.MemberItemUpserts.Add(original);
        delta.MemberItemUpserts.Add(copy);
        await store.ApplyAsync("company", delta, default);
        await store.DisposeAsync();

        await using var reopened = await OpenStoreAsync();
        var loaded = (await reopened.LoadGroupStateAsync("company", default)).MemberItems;
        Assert.Contains(original, loaded);
        Assert.Contains(copy, loaded);
    }
}
