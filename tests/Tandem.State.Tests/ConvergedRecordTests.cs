using Tandem.Core.Groups;
using Tandem.Core.Sync;

namespace Tandem.State.Tests;

public sealed class ConvergedRecordTests
{
    private static async Task<(IStateStore Store, GroupSyncState State)> GroupAsync(TempDatabase db)
    {
        var store = await db.OpenAsync();
        await store.AddConnectionAsync(TempDatabase.Local("files"), new Dictionary<string, string>(), default);
        await store.AddGroupAsync(TempDatabase.Group("company", "files:hq/Company", "files:alice/Company"), default);
        return (store, await store.LoadGroupStateAsync("company", default));
    }

    private static StateDelta Converging(GroupSyncState state, string token)
    {
        var delta = new StateDelta { ConvergedAtVersion = state.Version };
        delta.Tokens[state.Members[0].Id] = token;
        return delta;
    }

    [Fact]
    public async Task ApplyAsync_ConvergedAtCurrentVersion_IsRecordedWithTheTokens()
    {
        using var db = new TempDatabase();
        var (store, state) = await GroupAsync(db);
        await using var _ = store;

        await store.ApplyAsync("company", Converging(state, "t-2"), default);
        var head = await store.LoadGroupHeadAsync("company", default);

        Assert.True(head.Converged);
        Assert.Equal(state.Version, head.Version);
        Assert.Equal("t-2", head.Members[0].Token);
    }

    [Fact]
    public async Task ApplyAsync_ConvergedAtStaleVersion_IsNotRecorded()
    {
        using var db = new TempDatabase();
        var (store, state) = await GroupAsync(db);
        await using var _ = store;
        var other = new StateDelta();
        other.Tokens[state.Members[1].Id] = "moved";
        await store.ApplyAsync("company", other, default);

        await store.ApplyAsync("company", Converging(state, "t-2"), default);

        Assert.False((await store.LoadGroupHeadAsync("company", default)).Converged);
    }

    [Fact]
    public async Task ApplyAsync_StepWithoutConvergence_ClearsTheRecord()
    {
        using var db = new TempDatabase();
        var (store, state) = await GroupAsync(db);
        await using var _ = store;
        await store.ApplyAsync("company", Converging(state, "t-2"), default);

        var step = new StateDelta { NextLogicalId = 5 };
        await store.ApplyAsync("company", step, default);
        var head = await store.LoadGroupHeadAsync("company", default);

        Assert.False(head.Converged);
        Assert.True(head.Version > state.Version);
    }

    [Fact]
    public async Task ConfigurationChanges_ClearTheRecord()
    {
        using var db = new TempDatabase();
        var (store, state) = await GroupAsync(db);
        await using var _ = store;
        var changes = new Func<Task>[]
        {
            () => store.SetRulesAsync("company", null, default),
            () => store.UpdateGroupAsync(state.Group with { MassDeleteThreshold = 0.5 }, default),
            () => store.AddMemberAsync("company", new MemberDefinition(FolderRef.Parse("files:bob/Company"), MemberRole.Target), default),
            () => store.RemoveMemberAsync("company", FolderRef.Parse("files:bob/Company"), default),
            () => store.UpdateConnectionAsync(TempDatabase.Local("files"), null, default),
        };
        foreach (var change in changes)
        {
            var current = await store.LoadGroupStateAsync("company", default);
            await store.ApplyAsync("company", Converging(current, "t"), default);
            Assert.True((await store.LoadGroupHeadAsync("company", default)).Converged);

            await change();

            Assert.False((await store.LoadGroupHeadAsync("company", default)).Converged);
        }
    }

    [Fact]
    public async Task LoadGroupHeadAsync_Reopened_KeepsTheRecord()
    {
        using var db = new TempDatabase();
        var (store, state) = await GroupAsync(db);
        await store.ApplyAsync("company", Converging(state, "t-2"), default);
        await store.DisposeAsync();

        await using var reopened = await db.OpenAsync();

        Assert.True((await reopened.LoadGroupHeadAsync("company", default)).Converged);
    }
}
