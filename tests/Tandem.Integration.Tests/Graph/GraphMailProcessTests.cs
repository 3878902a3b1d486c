using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Integration.Tests.Ews;
using Tandem.Testing.Items;
using Xunit.Abstractions;

namespace Tandem.Integration.Tests.Graph;

/// <summary>
/// A mail group across protocols through `tandem sync`: a shared folder over EWS as the source, mailboxes over Graph as a
/// target and a two-way member. Messages arrive whole (equal content hashes), a message the two-way member deletes over
/// Graph is deleted everywhere but in the source, and a quiet sync writes nothing. No copy is ever sent.
/// </summary>
public sealed class GraphMailProcessTests(ITestOutputHelper log)
{
    private const string Alice = "alice@lab.test";
    private const string Bob = "bob@lab.test";
    private const string Carol = "carol@lab.test";

    [Fact]
    public async Task MailGroup_EwsSource_GraphMembers_MessagesArriveWholeAndDeletesFollow()
    {
        await using var f = await LabFixture.StartAsync();
        await GraphSyncProcessTests.AddConnectionsAsync(f);
        await EwsCli.RunOkAsync(f.State, "group", "add", "news", "--type", "mail");
        await EwsCli.RunOkAsync(f.State, "member", "add", "news", $"lab:{Alice}/Inbox/News", "--role", "source");
        await EwsCli.RunOkAsync(f.State, "member", "add", "news", $"g:{Bob}/Inbox/News", "--role", "target");
        await EwsCli.RunOkAsync(f.State, "member", "add", "news", $"g:{Carol}/Inbox/News", "--role", "two-way");

        await using var outlook = LabClients.Outlook(f, Alice);
        await using var alice = await outlook.OpenFolderAsync(FolderRef.Parse($"outlook:{Alice}/Inbox/News"), ItemKind.Message, create: true, default);
        var messages = new List<CanonicalItem> { SampleItems.FullMessage() };
        messages.AddRange(Enumerable.Range(1, 7).Select(i => (CanonicalItem)SampleItems.Mail("Newsletter " + i)));
        var made = await alice.WriteAsync([.. messages.Select((m, i) => new WriteRequest(WriteKind.Create, new ItemStamp("outlook", "m-" + i, "m-" + i), m))], default);
        Assert.All(made, m => Assert.Equal(WriteOutcome.Ok, m.Outcome));

        log.WriteLine(await EwsCli.RunOkAsync(f.State, "sync"));

        await using var graph = LabClients.GraphUser(f);
        await using var bob = await graph.OpenFolderAsync(FolderRef.Parse($"graph-user:{Bob}/Inbox/News"), ItemKind.Message, create: false, default);
        await using var carol = await graph.OpenFolderAsync(FolderRef.Parse($"graph-user:{Carol}/Inbox/News"), ItemKind.Message, create: false, default);
        var expected = GraphCalendarProcessTests.Hashes(messages);
        Assert.Equal(expected, await GraphCalendarProcessTests.HashesAsync(bob));
        Assert.Equal(expected, await GraphCalendarProcessTests.HashesAsync(carol));

        // Carol deletes one newsletter over Graph: gone from Bob too; the source keeps it (it receives nothing).
        var carols = (await carol.ReadChangesAsync(null, default)).Upserts;
        var doomed = carols.Single(m => ((Message)m.Item!).Subject == "Newsletter 3");
        Assert.Equal(WriteOutcome.Ok, Assert.Single(await carol.WriteAsync([new WriteRequest(WriteKind.Delete, doomed.Stamp!, RemoteId: doomed.RemoteId, ExpectedChangeKey: doomed.ChangeKey)], default)).Outcome);

        log.WriteLine(await EwsCli.RunOkAsync(f.State, "sync"));

        var after = GraphCalendarProcessTests.Hashes(messages.Where(m => m.Title != "Newsletter 3"));
        Assert.Equal(after, await GraphCalendarProcessTests.HashesAsync(bob));
        Assert.Equal(after, await GraphCalendarProcessTests.HashesAsync(carol));
        Assert.Equal(expected, await GraphCalendarProcessTests.HashesAsync(alice));
        Assert.Equal(0, EwsCli.Writes(await EwsCli.RunOkAsync(f.State, "sync")));
    }
}
