using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine.Tests.Fakes;
using static Tandem.Engine.Tests.Fakes.Items;

namespace Tandem.Engine.Tests;

public sealed class ConvergedFastPathTests
{
    private const string A = "mem:alice/Contacts/Company";
    private const string B = "mem:bob/Contacts/Company";

    private static async Task<EngineHarness> ConvergedAsync()
    {
        var h = await EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (A, MemberRole.TwoWay), (B, MemberRole.TwoWay)));
        h.Folder(A).Add(Person("Ann", "Lee"), h.Clock.Tick());
        h.Folder(B).Add(Person("Bo", "Ek"), h.Clock.Tick());
        for (var i = 0; i < 6; i++)
        {
            h.Clock.Tick();
            if ((await h.SyncAsync()).FastPath) return h;
        }
        await h.DisposeAsync();
        throw new InvalidOperationException("the group never reached the fast path");
    }

    [Fact]
    public async Task SyncAsync_ConvergedAndNothingChanged_DoesNotLoadTheState()
    {
        await using var h = await ConvergedAsync();
        var loads = h.Crashing.StateLoads;

        var report = await h.SyncAsync();

        Assert.True(report.FastPath);
        Assert.Equal(0, report.TotalWrites);
        Assert.Equal(loads, h.Crashing.StateLoads);
    }

    [Fact]
    public async Task SyncAsync_EditAfterConvergence_IsSpread()
    {
        await using var h = await ConvergedAsync();
        h.Folder(B).Edit(IdOf(h.Folder(B), "Ann"), Person("Ann", "Lee-Smith"), h.Clock.Tick());

        var report = await h.SyncAsync();

        Assert.False(report.FastPath);
        Assert.Equal(1, report.Members.Single(m => m.Member == A).Updated);
        Assert.Equal("Lee-Smith", ByGiven(h.Folder(A), "Ann")!.Surname);
    }

    [Fact]
    public async Task SyncAsync_DeletionAfterConvergence_IsSpread()
    {
        await using var h = await ConvergedAsync();
        h.Folder(A).Delete(IdOf(h.Folder(A), "Bo"));

        var report = await h.SyncAsync();

        Assert.False(report.FastPath);
        Assert.Null(ByGiven(h.Folder(B), "Bo"));
    }

    [Fact]
    public async Task SyncAsync_AfterRulesChange_LoadsTheStateAgain()
    {
        await using var h = await ConvergedAsync();
        var loads = h.Crashing.StateLoads;
        await h.Store.SetRulesAsync(EngineHarness.Group, null, default);

        var report = await h.SyncAsync();

        Assert.False(report.FastPath);
        Assert.True(h.Crashing.StateLoads > loads);
    }

    [Fact]
    public async Task SyncAsync_AfterRestart_StillTakesTheFastPath()
    {
        await using var h = await ConvergedAsync();
        await h.RestartAsync();

        var report = await h.SyncAsync();

        Assert.True(report.FastPath);
        Assert.Equal(0, h.Crashing.StateLoads);
    }

    [Fact]
    public async Task SyncAsync_NewMemberAfterConvergence_GetsTheItems()
    {
        await using var h = await ConvergedAsync();
        const string C = "mem:carol/Contacts/Company";
        await h.Store.AddMemberAsync(EngineHarness.Group, new MemberDefinition(FolderRef.Parse(C), MemberRole.TwoWay), default);

        var report = await h.SyncAsync();

        Assert.False(report.FastPath);
        Assert.Equal(["Ann", "Bo"], ContactsIn(h.Folder(C)).Select(c => c.GivenName).Order());
    }
}
