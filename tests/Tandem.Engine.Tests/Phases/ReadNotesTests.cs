using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;
using Tandem.Engine.Phases;
using Tandem.Engine.Tests.Fakes;

namespace Tandem.Engine.Tests.Phases;

public sealed class ReadNotesTests
{
    private static readonly Contact Card = new() { GivenName = "Maja" };

    [Fact]
    public void New_NoteOfNewOrChangedItems_TheUnchangedOnesAreNotToldAgain()
    {
        var state = new GroupSyncState(
            EngineHarness.Define(ItemKind.Contact, ("mem:shared/company.vcf", MemberRole.Source)), "uid", [], [],
            [new MemberItem(1, 7, "uid:kept", "k1", Hash128.Of(Card), 1, MemberItemStatus.Synced)], [], null, 2);
        var read = new MemberRead(7, new ChangeSet(
            [
                Upsert("uid:kept", "k1", "odd, unchanged"),
                Upsert("uid:edited", "k2", "odd, new"),
                Upsert("uid:plain", "k3", null),
            ], [], "t", true));
        var changedKey = new MemberRead(7, new ChangeSet([Upsert("uid:kept", "k9", "odd, edited")], [], "t", true));

        Assert.Equal([(7, "uid:edited", "odd, new")], ReadNotes.New(state, [read]));
        Assert.Equal([(7, "uid:kept", "odd, edited")], ReadNotes.New(state, [changedKey]));
        Assert.Empty(ReadNotes.New(state, [new MemberRead(7, null, "down")]));
    }

    private static RemoteItem Upsert(string id, string key, string? note) => new(id, key, Card, null, null, ReadNote: note);
}
