using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;

namespace Tandem.State.Tests.Contract;

/// <summary>A group's hub state (items, member items, snapshots, intents, tokens, summary): what every provider's <see cref="IGroupStateStore"/> must do.</summary>
public abstract class SyncStateContract : StoreContract
{
    private static readonly DateTimeOffset When = new(2026, 2, 1, 12, 0, 0, TimeSpan.Zero);

    private async Task<(IStateStore Store, GroupSyncState State)> GroupAsync(ConflictPolicy policy = ConflictPolicy.Newest)
    {
        var store = await OpenStoreAsync();
        await store.AddConnectionAsync(Local("files"), new Dictionary<string, string>(), default);
        await store.AddGroupAsync(Group("company", "files:hq/Company", "files:alice/Company") with { Conflict = policy }, default);
        return (store, await store.LoadGroupStateAsync("company", default));
    }

    [SkippableFact]
    public async Task ApplyAsync_ThenReopen_LoadsTheSameState()
    {
        var (store, state) = await GroupAsync();
        var (m1, m2) = (state.Members[0].Id, state.Members[1].Id);
        var ann = new Contact { GivenName = "Ann", Surname = "Lee" };
        var hash = Hash128.Of(ann);
        var delta = new StateDelta { NextLogicalId = 2, Pause = new GroupPause("too many deletions", When, [new PendingDeletion(m1, 1)]) };
        delta.LogicalUpserts.Add((new LogicalItem(1, 3, hash, false, When, m1), ann));
        delta.MemberItemUpserts.Add(new MemberItem(1, m1, "r-1", "ck1", hash, 3, MemberItemStatus.Synced));
        delta.MemberItemUpserts.Add(new MemberItem(1, m2, null, null, hash, 3, MemberItemStatus.PendingCreate, "m2r3"));
        delta.Tokens[m1] = "token-7";
        delta.QuarantineAdds.Add(new QuarantineEntry(m2, "bad.vcf", "line 3: no END"));
        await store.ApplyAsync("company", delta, default);
        await store.DisposeAsync();

        await using var reopened = await OpenStoreAsync();
        var loaded = await reopened.LoadGroupStateAsync("company", default);

        Assert.Equal(new LogicalItem(1, 3, hash, false, When, m1), Assert.Single(loaded.LogicalItems));
        Assert.Equal(2, loaded.MemberItems.Count);
        Assert.Contains(new MemberItem(1, m2, null, null, hash, 3, MemberItemStatus.PendingCreate, "m2r3"), loaded.MemberItems);
        Assert.Equal("token-7", loaded.Members[0].Token);
        Assert.Null(loaded.Members[1].Token);
        Assert.Equal(2, loaded.NextLogicalId);
        Assert.Equal("line 3: no END", Assert.Single(loaded.Quarantine).Reason);
        Assert.Equal(new PendingDeletion(m1, 1), Assert.Single(loaded.Pause!.PendingDeletions));
        Assert.Equal(ann, (await reopened.LoadSnapshotsAsync("company", [1, 99], default))[1]);
    }

    [SkippableFact]
    public async Task ApplyAsync_MemberItemWriteAheadFields_AreKeptAndCleared()
    {
        // the write-ahead record of an update and the token mark of a fresh copy are what make a crash safe: a provider
        // that dropped them would bring back lost edits and unseen deletions
        var (store, state) = await GroupAsync();
        await using var _ = store;
        var (m1, m2) = (state.Members[0].Id, state.Members[1].Id);
        var v1 = new Contact { GivenName = "Ann" };
        var v2 = v1 with { JobTitle = "Manager" };
        var withBoth = new MemberItem(1, m1, "r-1", "ck1", Hash128.Of(v1), 3, MemberItemStatus.Synced, PendingHash: Hash128.Of(v2), PendingRevision: 4, TokenMark: TokenMark.Of("token-7"));
        var markOnly = new MemberItem(1, m2, "r-2", "ck2", Hash128.Of(v1), 3, MemberItemStatus.Synced, TokenMark: -42);
        var delta = new StateDelta();
        delta.LogicalUpserts.Add((new LogicalItem(1, 4, Hash128.Of(v2), false, When, m1), v2));
        delta.MemberItemUpserts.Add(withBoth);
        delta.MemberItemUpserts.Add(markOnly);
        await store.ApplyAsync("company", delta, default);
        var loaded = await store.LoadGroupStateAsync("company", default);
        Assert.Contains(withBoth, loaded.MemberItems);
        Assert.Contains(markOnly, loaded.MemberItems);

        var settled = new StateDelta();
        settled.MemberItemUpserts.Add(withBoth.Settled() with { TokenMark = 0 });
        await store.ApplyAsync("company", settled, default);
        var after = (await store.LoadGroupStateAsync("company", default)).MemberItems.Single(m => m.MemberId == m1);
        Assert.False(after.HasPendingUpdate);
        Assert.Equal(0, after.TokenMark);
    }

    [SkippableFact]
    public async Task ApplyAsync_NewSnapshotWithBaseRevision_KeepsThePreviousSnapshotAsMergeBase()
    {
        var (store, state) = await GroupAsync(ConflictPolicy.Merge);
        await using var _ = store;
        var m1 = state.Members[0].Id;
        var v1 = new Contact { GivenName = "Ann", JobTitle = "Clerk" };
        var v2 = v1 with { JobTitle = "Manager" };
        var first = new StateDelta();
        first.LogicalUpserts.Add((new LogicalItem(1, 1, Hash128.Of(v1), false, When, m1), v1));
        await store.ApplyAsync("company", first, default);

        var second = new StateDelta();
        second.LogicalUpserts.Add((new LogicalItem(1, 2, Hash128.Of(v2), false, When, m1, BaseRevision: 1), v2));
        await store.ApplyAsync("company", second, default);

        Assert.Equal(v1, (await store.LoadSnapshotsAtAsync("company", [(1, 1)], default))[(1, 1)]);
        Assert.Equal(v2, (await store.LoadSnapshotsAsync("company", [1], default))[1]);
    }

    [SkippableFact]
    public async Task ApplyAsync_BaseRevisionHeldBack_KeepsEveryRevisionFromItAndDropsThemWhenItRises()
    {
        var (store, state) = await GroupAsync(ConflictPolicy.Merge);
        await using var _ = store;
        var m1 = state.Members[0].Id;
        var versions = Enumerable.Range(1, 4).Select(i => new Contact { GivenName = "Ann", JobTitle = $"v{i}" }).ToList();
        for (var revision = 1; revision <= 4; revision++)
        {
            // a member stays on revision 1: every revision from it on is kept
            var delta = new StateDelta();
            var c = versions[revision - 1];
            delta.LogicalUpserts.Add((new LogicalItem(1, revision, Hash128.Of(c), false, When, m1, BaseRevision: revision == 1 ? 0 : 1), c));
            await store.ApplyAsync("company", delta, default);
        }
        var kept = await store.LoadSnapshotsAtAsync("company", [(1, 1), (1, 2), (1, 3), (1, 4)], default);
        Assert.Equal([versions[0], versions[1], versions[2]], new[] { kept[(1, 1)], kept[(1, 2)], kept[(1, 3)] });
        Assert.False(kept.ContainsKey((1, 4))); // the current revision is the snapshot itself

        // the member caught up to revision 3: revisions below it go, without a new snapshot
        var rise = new StateDelta();
        rise.LogicalUpserts.Add((new LogicalItem(1, 4, Hash128.Of(versions[3]), false, When, m1, BaseRevision: 3), null));
        await store.ApplyAsync("company", rise, default);
        kept = await store.LoadSnapshotsAtAsync("company", [(1, 1), (1, 2), (1, 3)], default);
        Assert.Equal([(1L, 3L)], kept.Keys.ToList());
        Assert.Equal(versions[3], (await store.LoadSnapshotsAsync("company", [1], default))[1]);

        // none needed any more
        var none = new StateDelta();
        none.LogicalUpserts.Add((new LogicalItem(1, 4, Hash128.Of(versions[3]), false, When, m1), null));
        await store.ApplyAsync("company", none, default);
        Assert.Empty(await store.LoadSnapshotsAtAsync("company", [(1, 3)], default));
    }

    [SkippableFact]
    public async Task ApplyAsync_Tombstone_DropsSnapshotsKeepsIdentityKeys()
    {
        var (store, state) = await GroupAsync();
        await using var _ = store;
        var ann = new Contact { GivenName = "Ann" };
        var first = new StateDelta();
        first.LogicalUpserts.Add((new LogicalItem(1, 1, Hash128.Of(ann), false, When, state.Members[0].Id), ann));
        await store.ApplyAsync("company", first, default);

        var delete = new StateDelta();
        delete.LogicalUpserts.Add((new LogicalItem(1, 2, Hash128.Of(ann), true, When, state.Members[0].Id, DeletedIdentity: IdentityKeys.Pack(ann)), null));
        await store.ApplyAsync("company", delete, default);

        Assert.Empty(await store.LoadSnapshotsAsync("company", [1], default));
        var tombstone = Assert.Single((await store.LoadGroupStateAsync("company", default)).LogicalItems);
        Assert.True(tombstone.Tombstone);
        Assert.Equal(IdentityKeys.For(ann), IdentityKeys.Unpack(tombstone.DeletedIdentity));

        // brought back by an edit: the keys go with the tombstone
        var back = new StateDelta();
        back.LogicalUpserts.Add((new LogicalItem(1, 3, Hash128.Of(ann), false, When, state.Members[0].Id), ann));
        await store.ApplyAsync("company", back, default);
        Assert.Null(Assert.Single((await store.LoadGroupStateAsync("company", default)).LogicalItems).DeletedIdentity);
    }

    [SkippableFact]
    public async Task RemoveGroupAsync_WithState_LeavesNoItemsBehind()
    {
        var (store, state) = await GroupAsync();
        await using var _ = store;
        var ann = new Contact { GivenName = "Ann" };
        var delta = new StateDelta();
        delta.LogicalUpserts.Add((new LogicalItem(1, 1, Hash128.Of(ann), false, When, state.Members[0].Id), ann));
        delta.MemberItemUpserts.Add(new MemberItem(1, state.Members[0].Id, "r", "k", Hash128.Of(ann), 1, MemberItemStatus.Synced));
        await store.ApplyAsync("company", delta, default);

        await store.RemoveGroupAsync("company", default);
        await store.AddGroupAsync(Group("company", "files:hq/Company"), default);

        var fresh = await store.LoadGroupStateAsync("company", default);
        Assert.Empty(fresh.LogicalItems);
        Assert.Empty(fresh.MemberItems);
        Assert.NotEqual(state.GroupUid, fresh.GroupUid);
    }

    [SkippableFact]
    public async Task SummarizeAsync_CountsLiveItemsTombstonesAndMemberCopies()
    {
        var (store, state) = await GroupAsync();
        await using var _ = store;
        var (m1, m2) = (state.Members[0].Id, state.Members[1].Id);
        var delta = new StateDelta();
        foreach (var id in new long[] { 1, 2, 3 })
        {
            var item = new Contact { GivenName = "P" + id };
            delta.LogicalUpserts.Add((new LogicalItem(id, 1, Hash128.Of(item), id == 3, When, m1), item));
            delta.MemberItemUpserts.Add(new MemberItem(id, m1, "r" + id, "k", Hash128.Of(item), 1, MemberItemStatus.Synced));
        }
        delta.MemberItemUpserts.Add(new MemberItem(1, m2, null, null, Hash128.None, 1, MemberItemStatus.PendingCreate, "i"));
        await store.ApplyAsync("company", delta, default);

        var summary = await store.SummarizeAsync("company", default);

        Assert.Equal(2, summary.LiveItems);
        Assert.Equal(1, summary.Tombstones);
        Assert.Equal(3, summary.Members[0].Items);
        Assert.Equal(0, summary.Members[1].Items);
        Assert.Equal(1, summary.Members[1].PendingCreates);
    }

    [SkippableFact]
    public async Task GroupStateMethods_UnknownGroup_Throw()
    {
        await using var store = await OpenStoreAsync();
        var delta = new StateDelta { NextLogicalId = 2 };

        await Assert.ThrowsAsync<TandemConfigurationException>(() => store.LoadGroupStateAsync("ghost", default));
        await Assert.ThrowsAsync<TandemConfigurationException>(() => store.LoadGroupHeadAsync("ghost", default));
        await Assert.ThrowsAsync<TandemConfigurationException>(() => store.LoadSnapshotsAsync("ghost", [1], default));
        await Assert.ThrowsAsync<TandemConfigurationException>(() => store.LoadSnapshotsAtAsync("ghost", [(1, 1)], default));
        await Assert.ThrowsAsync<TandemConfigurationException>(() => store.ApplyAsync("ghost", delta, default));
        await Assert.ThrowsAsync<TandemConfigurationException>(() => store.SummarizeAsync("ghost", default));
    }
}
