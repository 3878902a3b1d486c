using Tandem.Connectors.Dav.Tests.Servers;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Dav.Tests.Scenarios;

/// <summary>A user's edit landing between the engine's read and its write: 412, reported as a conflict, re-read and re-planned.</summary>
[Collection(DavServersCollection.Name)]
public sealed class ConflictRaceTests(RadicaleServer radicale, XandikosServer xandikos)
{
    [SkippableFact]
    public async Task Sync_EditBetweenReadAndWrite_412ThenBothSidesAgreeOnAnEditAndNothingIsLost()
    {
        radicale.SkipIfDown();
        xandikos.SkipIfDown();
        var id = Guid.NewGuid().ToString("N")[..8];
        var (a, b) = (radicale.Folder("race-" + id), xandikos.Folder("race-" + id));
        var (ca, userA) = await radicale.OpenAsync(a, ItemKind.Contact);
        var (cb, userB) = await xandikos.OpenAsync(b, ItemKind.Contact);
        await using var _ = ca;
        await using var __ = cb;
        await userA.WriteAsync([SampleItems.Create(SampleItems.Contact("Ada", "Lovelace", job: "v0"), "ada", "user")], CancellationToken.None);
        using var cli = new InProcessCli();
        await cli.RunOkAsync("init");
        await cli.AddServerAsync("rad", radicale);
        await cli.AddServerAsync("xan", xandikos);
        await cli.RunOkAsync("group", "add", "race", "--type", "contacts");
        await cli.RunOkAsync("member", "add", "race", $"rad:{a.Mailbox}/{a.FolderPath}", "--role", "two-way");
        await cli.RunOkAsync("member", "add", "race", $"xan:{b.Mailbox}/{b.FolderPath}", "--role", "two-way");
        await cli.RunOkAsync("sync");

        await EditAsync(userA, "edited in A");
        var racing = new RacingFactory(b, () => EditAsync(userB, "edited in B"));
        cli.ExtraFactories.Add(racing);
        var raced = await cli.RunOkAsync("sync");
        cli.ExtraFactories.Clear();
        Assert.True(racing.Fired, "the engine wrote to B, so the user's edit raced it");
        Assert.Matches(@"xan:\S+\s+received\s+\d+\s+created\s+0\s+updated\s+0\s.*conflicts\s+[1-9]", raced);
        await cli.RunOkAsync("sync");
        await cli.RunOkAsync("sync");

        var inA = Assert.Single(await radicale.ContentAsync(a, ItemKind.Contact));
        var inB = Assert.Single(await xandikos.ContentAsync(b, ItemKind.Contact));
        var job = ((Contact)inA.Item!).JobTitle;
        Assert.Contains(job, new[] { "edited in A", "edited in B" });
        Assert.Equal(job, ((Contact)inB.Item!).JobTitle);
    }

    private static async Task EditAsync(IFolderSession user, string job)
    {
        var current = Assert.Single((await user.ReadChangesAsync(null, CancellationToken.None)).Upserts);
        var edited = (Contact)current.Item! with { JobTitle = job };
        var result = Assert.Single(await user.WriteAsync([new WriteRequest(WriteKind.Update, current.Stamp ?? SampleItems.Stamp("ada", "user"), edited, current.RemoteId, current.ChangeKey)], CancellationToken.None));
        Assert.Equal(WriteOutcome.Ok, result.Outcome);
    }
}
