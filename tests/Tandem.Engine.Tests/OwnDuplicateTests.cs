using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine.Tests.Fakes;
using static Tandem.Engine.Tests.Fakes.Items;

namespace Tandem.Engine.Tests;

/// <summary>
/// One create sent twice: a cluster node paused past its lease sends the rest of its batch late, after the new owner
/// created (or found) the copy under the same intent. The second item carries the same stamp and intent as the recorded
/// copy: Tandem's own duplicate, deleted — never a user's item.
/// </summary>
public sealed class OwnDuplicateTests
{
    private const string Src = "mem:hq/Company";
    private const string A = "mem:alice/Contacts/Company";
    private const string B = "mem:bob/Contacts/Company";

    /// <summary>What a late create of the recorded copy leaves in the folder: a second item, same stamp, same content.</summary>
    private static string LateCopyOf(MemoryFolder folder, string given, DateTimeOffset now)
    {
        var recorded = folder.Items.Single(e => (e.Item as Contact)?.GivenName == given);
        return folder.Add(recorded.Item!, now, recorded.Stamp);
    }

    [Fact]
    public async Task SyncAsync_LateSecondCopyInTarget_IsDeletedAndTheRecordedCopyStays()
    {
        await using var h = await EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (Src, MemberRole.Source), (A, MemberRole.Target)));
        h.Folder(Src).Add(Person("Ann", "Lee"), h.Clock.Tick());
        h.Folder(Src).Add(Person("Bo", "Ek"), h.Clock.Tick());
        await h.SettleAsync();
        var recorded = IdOf(h.Folder(A), "Ann");

        var late = LateCopyOf(h.Folder(A), "Ann", h.Clock.Tick());
        var report = await h.SyncAsync();
        await h.SettleAsync();

        Assert.Equal(1, report.Members.Single(m => m.Member == A).Deleted);
        Assert.Null(h.Folder(A).Get(late));
        Assert.Equal(recorded, IdOf(h.Folder(A), "Ann"));
        Assert.Equal(["Ann", "Bo"], ContactsIn(h.Folder(A)).Select(c => c.GivenName).Order());
    }

    [Fact]
    public async Task SyncAsync_LateSecondCopyInTwoWayMember_IsDeletedNotSpreadAsANewItem()
    {
        await using var h = await EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (A, MemberRole.TwoWay), (B, MemberRole.TwoWay)));
        h.Folder(A).Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SettleAsync();

        LateCopyOf(h.Folder(B), "Ann", h.Clock.Tick());
        await h.SettleAsync();

        Assert.Single(h.Folder(A).Items);
        Assert.Single(h.Folder(B).Items);
    }

    [Fact]
    public async Task SyncAsync_SecondCopyEditedSince_IsLeftAloneAsTheUsersItem()
    {
        await using var h = await EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (Src, MemberRole.Source), (A, MemberRole.Target)));
        h.Folder(Src).Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SettleAsync();

        // carries our stamp and intent (a user copied the item in Outlook), but its content is the user's own now
        var copy = LateCopyOf(h.Folder(A), "Ann", h.Clock.Tick());
        h.Folder(A).Edit(copy, Person("Ann", "Lee", job: "her own notes"), h.Clock.Tick());
        await h.SettleAsync();

        Assert.NotNull(h.Folder(A).Get(copy));
        Assert.Equal(2, h.Folder(A).Items.Count);
    }

    [Fact]
    public async Task SyncAsync_ItemWithOurStampButAnotherIntent_IsLeftAlone()
    {
        await using var h = await EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (Src, MemberRole.Source), (A, MemberRole.Target)));
        h.Folder(Src).Add(Person("Ann", "Lee"), h.Clock.Tick());
        await h.SettleAsync();

        var recorded = h.Folder(A).Items.Single();
        var other = h.Folder(A).Add(recorded.Item!, h.Clock.Tick(), recorded.Stamp! with { IntentKey = "not-ours" });
        await h.SettleAsync();

        Assert.NotNull(h.Folder(A).Get(other));
        Assert.NotNull(h.Folder(A).Get(recorded.RemoteId));
    }

    [Fact]
    public async Task SyncAsync_LateCopyBesideACreateFoundAfterACrash_LeavesOneCopy()
    {
        var faults = new FaultPlan();
        await using var h = await EngineHarness.CreateAsync(EngineHarness.Define(ItemKind.Contact, (Src, MemberRole.Source), (A, MemberRole.Target)), faults);
        for (var i = 0; i < 3; i++) h.Folder(Src).Add(Person("P" + i), h.Clock.Tick());
        // steps: read Src, read A, commit the plan (before, after), commit the creates' intents (before, after), then per
        // write: before, after. Crash after the 2nd create, before its result is recorded.
        faults.CrashAtStep = 4 + 2 + 2 * 2;
        await Assert.ThrowsAsync<SimulatedCrash>(() => h.SyncAsync());
        // the node that lost the group sends one of those creates again, late
        LateCopyOf(h.Folder(A), "P1", h.Clock.Tick());

        faults.Enabled = false;
        await h.RestartAsync();
        await h.SettleAsync();

        Assert.Equal(["P0", "P1", "P2"], ContactsIn(h.Folder(A)).Select(c => c.GivenName).Order());
    }
}
