using Tandem.Core.Items;
using Tandem.Core.Sync;
using Tandem.State.Postgres;
using Tandem.State.Tests.Contract;
using Tandem.State.Tests.Sqlite;

namespace Tandem.State.Tests.Postgres;

/// <summary><c>tandem migrate</c>: an SQLite state copied into PostgreSQL reads back the same, secrets included.</summary>
public sealed class SqliteImportTests : IDisposable
{
    private readonly TempDatabase _sqlite = new();
    private readonly TempPostgresDatabase _pg = new();

    public void Dispose() => _sqlite.Dispose();

    private async Task<GroupSyncState> SeedAsync()
    {
        await using var store = await _sqlite.OpenAsync();
        await store.AddConnectionAsync(StoreContract.Local("files"), new Dictionary<string, string> { ["password"] = "kept-secret" }, default);
        await store.AddGroupAsync(StoreContract.Group("company", "files:hq/Company", "files:alice/Company"), default);
        var state = await store.LoadGroupStateAsync("company", default);
        var delta = new StateDelta { NextLogicalId = 3 };
        var v1 = new Contact { GivenName = "Ann", JobTitle = "Clerk" };
        var v2 = v1 with { JobTitle = "Manager" };
        delta.LogicalUpserts.Add((new LogicalItem(1, 1, Hash128.Of(v1), false, DateTimeOffset.UnixEpoch, state.Members[0].Id), v1));
        delta.LogicalUpserts.Add((new LogicalItem(2, 1, Hash128.Of(v1), true, DateTimeOffset.UnixEpoch, state.Members[0].Id), null));
        delta.MemberItemUpserts.Add(new MemberItem(1, state.Members[0].Id, "r1", "k1", Hash128.Of(v1), 1, MemberItemStatus.Synced));
        delta.MemberItemUpserts.Add(new MemberItem(1, state.Members[1].Id, null, null, Hash128.None, 1, MemberItemStatus.PendingCreate, "intent-1"));
        delta.QuarantineAdds.Add(new QuarantineEntry(state.Members[1].Id, "bad-1", "unreadable vCard"));
        delta.Tokens[state.Members[0].Id] = "token-1";
        await store.ApplyAsync("company", delta, default);
        var edit = new StateDelta();
        edit.LogicalUpserts.Add((new LogicalItem(1, 2, Hash128.Of(v2), false, DateTimeOffset.UnixEpoch, state.Members[0].Id, BaseRevision: 1), v2));
        await store.ApplyAsync("company", edit, default);
        return await store.LoadGroupStateAsync("company", default);
    }

    [SkippableFact]
    public async Task RunAsync_CopiesEveryTableAndTheStateReadsBackTheSame()
    {
        var before = await SeedAsync();
        var target = PostgresLocation.Parse(await _pg.UrlAsync(), _ => null);

        var counts = await SqliteImport.RunAsync(_sqlite.Path, target, TempDatabase.Clock, dryRun: false, default);

        Assert.All(counts, c => Assert.True(c.Matches, c.ToString()));
        Assert.Equal(2, counts.Single(c => c.Table == "logical_items").Target);
        Assert.Equal(1, counts.Single(c => c.Table == "snapshot_history").Target);
        await using var copied = await PostgresStateStore.OpenAsync(target, TempDatabase.Clock, null, default);
        var after = await copied.LoadGroupStateAsync("company", default);
        Assert.Equal(before.GroupUid, after.GroupUid);
        Assert.Equal(before.LogicalItems, after.LogicalItems);
        Assert.Equal(before.MemberItems, after.MemberItems);
        Assert.Equal(before.Quarantine, after.Quarantine);
        Assert.Equal(before.NextLogicalId, after.NextLogicalId);
        Assert.Equal(before.Members.Select(m => m.Token), after.Members.Select(m => m.Token));
        Assert.Equal("kept-secret", (await copied.GetSecretsAsync("files", default))["password"]);
        Assert.Equal("Clerk", ((Contact)(await copied.LoadSnapshotsAtAsync("company", [(1, 1)], default))[(1, 1)]).JobTitle);
        // new rows after the copy get fresh ids
        await copied.AddGroupAsync(StoreContract.Group("second", "files:bob/Company"), default);
        Assert.Single((await copied.LoadGroupStateAsync("second", default)).Members);
    }

    [SkippableFact]
    public async Task RunAsync_DryRun_CountsAndCopiesNothing()
    {
        await SeedAsync();
        var target = PostgresLocation.Parse(await _pg.UrlAsync(), _ => null);

        var counts = await SqliteImport.RunAsync(_sqlite.Path, target, TempDatabase.Clock, dryRun: true, default);

        Assert.Equal(2, counts.Single(c => c.Table == "member_items").Source);
        Assert.All(counts, c => Assert.Null(c.Target));
        await using var store = await _pg.OpenAsync();
        Assert.Empty(await store.ListGroupsAsync(default));
    }

    [SkippableFact]
    public async Task RunAsync_TargetNotEmpty_RefusesAndLeavesItAlone()
    {
        await SeedAsync();
        await using (var store = await _pg.OpenAsync()) await store.AddGroupAsync(StoreContract.Group("existing"), default);
        var target = PostgresLocation.Parse(await _pg.UrlAsync(), _ => null);

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() => SqliteImport.RunAsync(_sqlite.Path, target, TempDatabase.Clock, dryRun: false, default));

        Assert.Contains("only into an empty database", error.Message, StringComparison.Ordinal);
        await using var after = await _pg.OpenAsync();
        Assert.Equal(["existing"], (await after.ListGroupsAsync(default)).Select(g => g.Name));
    }
}
