using Tandem.Core.Groups;
using Tandem.Core.Sync;

namespace Tandem.State.Tests.Contract;

/// <summary>
/// The "converged" record behind the engine's fast path: kept only when it matches the version planned from, and
/// cleared by every step or configuration change that may make the next cycle do work.
/// </summary>
public abstract class ConvergedRecordContract : StoreContract
{
    private async Task<(IStateStore Store, GroupSyncState State)> GroupAsync()
    {
        var store = await OpenStoreAsync();
        await store.AddConnectionAsync(Local("files"), new Dictionary<string, string>(), default);
        await store.AddGroupAsync(Group("company", "files:hq/Company", "files:alice/Company"), default);
        return (store, await store.LoadGroupStateAsync("company", default));
    }

    private static StateDelta Converging(GroupSyncState state, string token)
    {
        var delta = new StateDelta { ConvergedAtVersion = state.Version };
        delta.Tokens[state.Members[0].Id] = token;
        return delta;
    }

    [SkippableFact]
    public async Task ApplyAsync_ConvergedAtCurrentVersion_IsRecordedWithTheTokens()
    {
        var (store, state) = await GroupAsync();
        await using var _ = store;

        await store.ApplyAsync("company", Converging(state, "t-2"), default);
        var head = await store.LoadGroupHeadAsync("company", default);

        Assert.True(head.Converged);
        Assert.Equal(state.Version, head.Version);
        Assert.Equal("t-2", head.Members[0].Token);
    }

    [SkippableFact]
    public async Task SetRulesAsync_ChangedRules_DropEveryMembersToken_TheSameRulesKeepThem()
    {
        // items a filter kept out are reported again by no incremental read: a change of the rules has every member read
        // whole once, so what the new rules let in flows without waiting for its next edit (docs/roles.md)
        var (store, state) = await GroupAsync();
        await using var _ = store;
        const string Rules = """{"filter":{"conditions":[{"field":"JobTitle","op":"notEquals","value":"hidden"}]}}""";
        var delta = new StateDelta();
        delta.Tokens[state.Members[0].Id] = "t-1";
        delta.Tokens[state.Members[1].Id] = "t-2";
        await store.ApplyAsync("company", delta, default);

        await store.SetRulesAsync("company", Rules, default);
        Assert.All((await store.LoadGroupHeadAsync("company", default)).Members, m => Assert.Null(m.Token));

        await store.ApplyAsync("company", delta, default);
        await store.SetRulesAsync("company", Rules.Replace("\"hidden\"", " \"hidden\" ", StringComparison.Ordinal), default);
        Assert.Equal(["t-1", "t-2"], (await store.LoadGroupHeadAsync("company", default)).Members.Select(m => m.Token));

        await store.SetRulesAsync("company", null, default);
        Assert.All((await store.LoadGroupHeadAsync("company", default)).Members, m => Assert.Null(m.Token));

        // the same through the group's settings (the panel's editor): a threshold change alone keeps the tokens
        await store.ApplyAsync("company", delta, default);
        var group = (await store.GetGroupAsync("company", default))!;
        await store.UpdateGroupAsync(group with { MassDeleteThreshold = 0.9 }, default);
        Assert.Equal(["t-1", "t-2"], (await store.LoadGroupHeadAsync("company", default)).Members.Select(m => m.Token));
        await store.UpdateGroupAsync(group with { RulesJson = Rules }, default);
        Assert.All((await store.LoadGroupHeadAsync("company", default)).Members, m => Assert.Null(m.Token));
    }

    [SkippableFact]
    public async Task ApplyAsync_TokensReadUnderRulesChangedSince_AreNotStored()
    {
        // a cycle that read with the old rules commits after a rules change dropped the tokens: its tokens would undo the
        // whole read the change asked for; the rest of its step is stored as usual
        var (store, state) = await GroupAsync();
        await using var _ = store;
        const string Rules = """{"filter":{"conditions":[{"field":"JobTitle","op":"notEquals","value":"hidden"}]}}""";
        var late = new StateDelta { TokensPlannedWith = new PlannedRules(null), NextLogicalId = 5 };
        late.Tokens[state.Members[0].Id] = "t-old";

        await store.SetRulesAsync("company", Rules, default);
        await store.ApplyAsync("company", late, default);

        var head = await store.LoadGroupHeadAsync("company", default);
        Assert.All(head.Members, m => Assert.Null(m.Token));
        Assert.Equal(5, (await store.LoadGroupStateAsync("company", default)).NextLogicalId);

        // planned with the rules in force (any spelling of them): stored
        var current = new StateDelta { TokensPlannedWith = new PlannedRules(Rules.Replace(":", " : ", StringComparison.Ordinal)) };
        current.Tokens[state.Members[0].Id] = "t-new";
        await store.ApplyAsync("company", current, default);
        Assert.Equal("t-new", (await store.LoadGroupHeadAsync("company", default)).Members[0].Token);
    }

    [SkippableFact]
    public async Task ApplyAsync_ConvergedAtStaleVersion_IsNotRecorded()
    {
        var (store, state) = await GroupAsync();
        await using var _ = store;
        var other = new StateDelta();
        other.Tokens[state.Members[1].Id] = "moved";
        await store.ApplyAsync("company", other, default);

        await store.ApplyAsync("company", Converging(state, "t-2"), default);

        Assert.False((await store.LoadGroupHeadAsync("company", default)).Converged);
    }

    [SkippableFact]
    public async Task ApplyAsync_StepWithoutConvergence_ClearsTheRecord()
    {
        var (store, state) = await GroupAsync();
        await using var _ = store;
        await store.ApplyAsync("company", Converging(state, "t-2"), default);

        var step = new StateDelta { NextLogicalId = 5 };
        await store.ApplyAsync("company", step, default);
        var head = await store.LoadGroupHeadAsync("company", default);

        Assert.False(head.Converged);
        Assert.True(head.Version > state.Version);
    }

    [SkippableFact]
    public async Task ConfigurationChanges_ClearTheRecord()
    {
        var (store, state) = await GroupAsync();
        await using var _ = store;
        var changes = new Func<Task>[]
        {
            () => store.SetRulesAsync("company", null, default),
            () => store.UpdateGroupAsync(state.Group with { MassDeleteThreshold = 0.5 }, default),
            () => store.AddMemberAsync("company", new MemberDefinition(FolderRef.Parse("files:bob/Company"), MemberRole.Target), default),
            () => store.RemoveMemberAsync("company", FolderRef.Parse("files:bob/Company"), default),
            () => store.UpdateConnectionAsync(Local("files"), null, default),
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

    [SkippableFact]
    public async Task LoadGroupHeadAsync_Reopened_KeepsTheRecord()
    {
        var (store, state) = await GroupAsync();
        await store.ApplyAsync("company", Converging(state, "t-2"), default);
        await store.DisposeAsync();

        await using var reopened = await OpenStoreAsync();

        Assert.True((await reopened.LoadGroupHeadAsync("company", default)).Converged);
    }
}
