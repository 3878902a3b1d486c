using Tandem.Connectors.Dav.Protocol;
using Tandem.Connectors.Dav.Sessions;
using Tandem.Connectors.Dav.Tests.Servers;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Dav.Tests.Scenarios;

/// <summary>
/// A sync token the server no longer accepts (Radicale and Cyrus: 403 valid-sync-token; Xandikos: 500) is recovered by a
/// complete listing, and a group reading one converges without a single duplicate. The collection a token names: a
/// routine run does no discovery; when the server says it is not there any more the folder is looked up again by name,
/// and the folders of one home are found by one listing. The engine's read after its own writes is answered from what the
/// session wrote, without a request; the token carries those writes, and the next read leaves them out of what the server
/// reports and still sees what other clients did to them, a resource we created and another client deleted included
/// (RFC 6578 need not report a member that came and went after the token).
/// </summary>
[Collection(DavServersCollection.Name)]
public sealed class SyncTokenRecoveryTests(RadicaleServer radicale, XandikosServer xandikos, CyrusServer cyrus)
{
    private static int _folders;

    public static TheoryData<string> Servers() => new("radicale", "xandikos", "cyrus");

    [SkippableTheory]
    [MemberData(nameof(Servers))]
    public async Task ReadChanges_TokenTheServerRejects_CompleteListingOfEachItemOnce(string name)
    {
        var server = Pick(name);
        server.SkipIfDown();
        var folder = server.Folder($"token-{Interlocked.Increment(ref _folders)}");
        var (connector, session) = await server.OpenAsync(folder, ItemKind.Contact);
        await using var _ = connector;
        var written = await session.WriteAsync(new[] { "Alpha", "Bravo", "Charlie" }.Select((n, i) => SampleItems.Create(SampleItems.Simple(ItemKind.Contact, n), "L" + i)).ToList(), CancellationToken.None);
        var first = await session.ReadChangesAsync(null, CancellationToken.None);
        var good = DavToken.Parse(first.NewToken)!;
        Assert.Equal(DavTokenMode.SyncCollection, good.Mode);

        var bad = good with { Value = "http://tandem.invalid/sync/forgotten" };
        var recovered = await session.ReadChangesAsync(bad.ToString(), CancellationToken.None);

        Assert.True(recovered.IsComplete, "a rejected token must give the whole listing, never a partial one read as complete");
        Assert.Equal(written.Select(w => w.RemoteId).Order(StringComparer.Ordinal), recovered.Upserts.Select(u => u.RemoteId).Order(StringComparer.Ordinal));
        Assert.Equal(written.Select(w => w.ChangeKey).Order(StringComparer.Ordinal), recovered.Upserts.Select(u => u.ChangeKey).Order(StringComparer.Ordinal));
        var again = await session.ReadChangesAsync(recovered.NewToken, CancellationToken.None);
        Assert.False(again.IsComplete);
        Assert.Empty(again.Upserts);
    }

    [SkippableFact]
    public async Task Sync_RadicaleForgetsItsTokens_GroupConvergesWithoutDuplicates()
    {
        radicale.SkipIfDown();
        using var cli = new InProcessCli();
        await cli.RunOkAsync("init");
        await cli.AddServerAsync("rad", radicale);
        var n = Interlocked.Increment(ref _folders);
        var (a, b) = (radicale.Folder($"forget-a-{n}"), radicale.Folder($"forget-b-{n}"));
        var (connector, user) = await radicale.OpenAsync(a, ItemKind.Contact);
        await using var _ = connector;
        await user.WriteAsync(Enumerable.Range(0, 5).Select(i => SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "Person" + i), "u" + i, "user")).ToList(), CancellationToken.None);
        await cli.RunOkAsync("group", "add", "book", "--type", "contacts");
        await cli.RunOkAsync("member", "add", "book", $"rad:{a.Mailbox}/{a.FolderPath}", "--role", "two-way");
        await cli.RunOkAsync("member", "add", "book", $"rad:{b.Mailbox}/{b.FolderPath}", "--role", "two-way");
        await cli.RunOkAsync("sync");
        Assert.Equal(5, (await radicale.ContentAsync(b, ItemKind.Contact)).Count);

        // Radicale keeps the state behind its tokens in .Radicale.cache; without it every token it gave is unknown (403)
        foreach (var folder in new[] { a, b }) Directory.Delete(Path.Combine(radicale.Directory, "collections", "collection-root", folder.Mailbox, folder.FolderPath, ".Radicale.cache"), recursive: true);
        await user.WriteAsync([SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "Newcomer"), "u-new", "user")], CancellationToken.None);
        await cli.RunOkAsync("sync");
        var quiet = await cli.RunOkAsync("sync");

        foreach (var folder in new[] { a, b })
        {
            var names = (await radicale.ContentAsync(folder, ItemKind.Contact)).Select(c => c.Item!.Title).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(["Newcomer Sample", .. Enumerable.Range(0, 5).Select(i => $"Person{i} Sample")], names);
        }
        Assert.DoesNotMatch(@"(created|updated|deleted)\s+[1-9]", quiet);
    }

    [SkippableTheory]
    [MemberData(nameof(Servers))]
    public async Task ReadChanges_TokenNamesACollectionThatMoved_FolderFoundAgainAndReadWhole(string name)
    {
        var server = Pick(name);
        server.SkipIfDown();
        var folder = server.Folder($"moved-{Interlocked.Increment(ref _folders)}");
        var (user, session) = await server.OpenAsync(folder, ItemKind.Contact);
        await using var _ = user;
        var written = await session.WriteAsync(new[] { "Alpha", "Bravo" }.Select((n, i) => SampleItems.Create(SampleItems.Simple(ItemKind.Contact, n), "M" + i)).ToList(), CancellationToken.None);
        var here = DavToken.Parse((await session.ReadChangesAsync(null, CancellationToken.None)).NewToken)!;
        // the token as a run before the server's reorganisation stored it: the collection's old place
        var stale = here with { CollectionPath = here.CollectionPath.TrimEnd('/') + "-old-place/" };

        var (connector, later) = await server.OpenAsync(folder, ItemKind.Contact);
        await using var __ = connector;
        var read = await later.ReadChangesAsync(stale.ToString(), CancellationToken.None);

        Assert.True(read.IsComplete, "a collection found in a new place is read whole, so the engine reconciles by name and ETag");
        Assert.Equal(written.Select(w => w.RemoteId).Order(StringComparer.Ordinal), read.Upserts.Select(u => u.RemoteId).Order(StringComparer.Ordinal));
        Assert.Equal(here.CollectionPath, DavToken.Parse(read.NewToken)!.CollectionPath);
    }

    [SkippableFact]
    public async Task ReadChanges_TokensCollectionRemoved_FailsAndMakesNoEmptyOne()
    {
        radicale.SkipIfDown();
        var folder = radicale.Folder($"removed-{Interlocked.Increment(ref _folders)}");
        var (user, session) = await radicale.OpenAsync(folder, ItemKind.Contact);
        await using var _ = user;
        await session.WriteAsync([SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "Alpha"), "R0")], CancellationToken.None);
        var token = (await session.ReadChangesAsync(null, CancellationToken.None)).NewToken;
        var onDisk = Path.Combine(radicale.Directory, "collections", "collection-root", folder.Mailbox, folder.FolderPath);
        Directory.Delete(onDisk, recursive: true);

        // opened as the engine opens a receiving member: allowed to make its collection on a first run
        var (connector, later) = await radicale.OpenAsync(folder, ItemKind.Contact);
        await using var __ = connector;
        await Assert.ThrowsAsync<DavException>(() => later.ReadChangesAsync(token, CancellationToken.None));

        Assert.False(Directory.Exists(onDisk), "an empty collection made in its place would read as every item deleted");
    }

    [SkippableFact]
    public async Task OpenFolders_TwoFoldersOfOneHome_OneListingFindsBoth()
    {
        radicale.SkipIfDown();
        var n = Interlocked.Increment(ref _folders);
        var (a, b) = (radicale.Folder($"listed-a-{n}"), radicale.Folder($"listed-b-{n}"));
        foreach (var folder in new[] { a, b })
        {
            // a first read makes the collection (a session alone makes nothing)
            var (maker, made) = await radicale.OpenAsync(folder, ItemKind.Contact);
            await made.ReadChangesAsync(null, CancellationToken.None);
            await maker.DisposeAsync();
        }
        var connector = (DavConnector)radicale.Connector();
        await using var _ = connector;
        var first = await connector.OpenFolderAsync(a, ItemKind.Contact, create: true, CancellationToken.None);
        await first.ReadChangesAsync(null, CancellationToken.None);
        var before = connector.RequestCount;

        var second = await connector.OpenFolderAsync(b, ItemKind.Contact, create: true, CancellationToken.None);
        var read = await second.ReadChangesAsync(null, CancellationToken.None);

        Assert.True(read.IsComplete);
        // the empty folder's listing (one sync-collection REPORT), and no PROPFIND of its own to find it
        Assert.Equal(1, connector.RequestCount - before);
    }

    [SkippableFact]
    public async Task OpenFolder_HomesStoredWithTheConnection_NoDiscoveryAndStaleOnesFoundAgain()
    {
        radicale.SkipIfDown();
        var folder = radicale.Folder($"stored-{Interlocked.Increment(ref _folders)}");
        var (maker, made) = await radicale.OpenAsync(folder, ItemKind.Contact);
        await made.WriteAsync([SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "Alpha"), "S0")], CancellationToken.None);
        await maker.DisposeAsync();
        var secrets = new Dictionary<string, string> { ["password"] = radicale.Password! };
        var found = await new DavConnectorFactory().DiscoverSettingsAsync(radicale.Connection(), secrets, CancellationToken.None);

        foreach (var (homes, requests) in new[] { (found, 2), (new Dictionary<string, string>(found) { ["addressbook-home"] = new Uri(radicale.Url, "/nobody/").ToString() }, 1 + 2 + 2) })
        {
            var plain = radicale.Connection();
            var connection = plain with { Settings = plain.Settings.Concat(homes).ToDictionary() };
            var connector = (DavConnector)new DavConnectorFactory().Create(connection, secrets);
            await using var _ = connector;
            var session = await connector.OpenFolderAsync(folder, ItemKind.Contact, create: false, CancellationToken.None);

            var read = await session.ReadChangesAsync(null, CancellationToken.None);

            Assert.Equal("Alpha", ((Contact)Assert.Single(read.Upserts).Item!).GivenName);
            // stored: the home's listing and the sync report; stale: its failed listing, discovery (principal, homes), both again
            Assert.Equal(requests, connector.RequestCount);
        }
    }

    [SkippableTheory]
    [MemberData(nameof(Servers))]
    public async Task NextRead_OwnCreatesThenAnotherClientsDeleteAndEdit_ReportsOnlyTheirs(string name)
    {
        var server = Pick(name);
        server.SkipIfDown();
        var folder = server.Folder($"own-{Interlocked.Increment(ref _folders)}");
        var (connector, session) = await server.OpenAsync(folder, ItemKind.Contact);
        var read = await session.ReadChangesAsync(null, CancellationToken.None);
        var written = await session.WriteAsync(new[] { "Alpha", "Bravo", "Charlie" }.Select((n, i) => SampleItems.Create(SampleItems.Simple(ItemKind.Contact, n), "own" + i)).ToList(), CancellationToken.None);
        Assert.All(written, w => Assert.Equal(WriteOutcome.Ok, w.Outcome));
        var caughtUp = await session.ReadChangesAsync(read.NewToken, CancellationToken.None);
        await connector.DisposeAsync();

        var (userConnector, user) = await server.OpenAsync(folder, ItemKind.Contact);
        await using (userConnector)
        {
            var edited = (Contact)SampleItems.Simple(ItemKind.Contact, "Bravo") with { Notes = "edited elsewhere" };
            var done = await user.WriteAsync(
            [
                new WriteRequest(WriteKind.Delete, SampleItems.Stamp("own0"), null, written[0].RemoteId, written[0].ChangeKey),
                new WriteRequest(WriteKind.Update, SampleItems.Stamp("own1"), edited, written[1].RemoteId, written[1].ChangeKey),
            ], CancellationToken.None);
            Assert.All(done, d => Assert.Equal(WriteOutcome.Ok, d.Outcome));
        }

        var (laterConnector, later) = await server.OpenAsync(folder, ItemKind.Contact);
        await using var _ = laterConnector;
        var next = await later.ReadChangesAsync(caughtUp.NewToken, CancellationToken.None);

        Assert.False(next.IsComplete);
        Assert.Equal([written[0].RemoteId!], next.Deletions);
        var changed = Assert.Single(next.Upserts);
        Assert.Equal(written[1].RemoteId, changed.RemoteId);
        Assert.Equal("edited elsewhere", ((Contact)changed.Item!).Notes);
    }

    [SkippableFact]
    public async Task CatchUpRead_AfterWrites_NoRequestAndTheNextQuietReadOneRequest()
    {
        radicale.SkipIfDown();
        var folder = radicale.Folder($"own-quiet-{Interlocked.Increment(ref _folders)}");
        var connector = (DavConnector)radicale.Connector();
        var session = await connector.OpenFolderAsync(folder, ItemKind.Contact, create: true, CancellationToken.None);
        var read = await session.ReadChangesAsync(null, CancellationToken.None);
        var written = await session.WriteAsync(Enumerable.Range(0, 4).Select(i => SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "P" + i), "quiet" + i)).ToList(), CancellationToken.None);
        var before = connector.RequestCount;

        var caughtUp = await session.ReadChangesAsync(read.NewToken, CancellationToken.None);

        Assert.Equal(0, connector.RequestCount - before);
        Assert.Empty(caughtUp.Upserts);
        Assert.Empty(caughtUp.Deletions);
        Assert.Equal(written.Select(w => w.RemoteId).Order(StringComparer.Ordinal), DavToken.Parse(caughtUp.NewToken)!.Own!.Created.Order(StringComparer.Ordinal));
        await connector.DisposeAsync();

        var later = (DavConnector)radicale.Connector();
        await using var _ = later;
        var laterSession = await later.OpenFolderAsync(folder, ItemKind.Contact, create: false, CancellationToken.None);
        var next = await laterSession.ReadChangesAsync(caughtUp.NewToken, CancellationToken.None);

        Assert.Empty(next.Upserts);
        Assert.Empty(next.Deletions);
        Assert.Equal(1, later.RequestCount); // the sync report alone: our creates are known, nothing to fetch or ask after
        Assert.Null(DavToken.Parse(next.NewToken)!.Own);
    }

    [Fact]
    public void Token_WithOwnWrites_ReadsBackAsWritten()
    {
        var writes = new System.Collections.Concurrent.ConcurrentDictionary<string, OwnWrite>(StringComparer.Ordinal);
        OwnWrites.Record(writes, "a b/c.vcf", OwnWriteKind.Created, "\"e1\"");
        OwnWrites.Record(writes, "gone.vcf", OwnWriteKind.Updated, "\"e2\"");
        OwnWrites.Record(writes, "gone.vcf", OwnWriteKind.Deleted, null);
        OwnWrites.Record(writes, "back.vcf", OwnWriteKind.Deleted, null);
        OwnWrites.Record(writes, "back.vcf", OwnWriteKind.Created, "\"e3\"");
        var token = new DavToken("/alice/book/", DavTokenMode.SyncCollection, "http://radicale.org/ns/sync/1 2", OwnWrites.From(writes));

        var parsed = DavToken.Parse(token.ToString())!;

        Assert.Equal(["a b/c.vcf"], parsed.Own!.Created); // re-created after our own removal: it may have been there at the token
        Assert.True(parsed.Own.IsOurs("a b/c.vcf", "\"e1\""));
        Assert.False(parsed.Own.IsOurs("a b/c.vcf", "\"e9\""));
        Assert.True(parsed.Own.IsOurs("back.vcf", "\"e3\""));
        Assert.True(parsed.Own.RemovedByUs("gone.vcf"));
        Assert.Equal(token.Value, parsed.Value);
        Assert.Null(DavToken.Parse(token + "/x")?.Own);
    }

    private DavServer Pick(string name) => name switch
    {
        "radicale" => radicale,
        "xandikos" => xandikos,
        _ => cyrus,
    };
}
