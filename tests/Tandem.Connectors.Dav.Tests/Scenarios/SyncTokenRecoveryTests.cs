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
/// and the folders of one home are found by one listing.
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

    private DavServer Pick(string name) => name switch
    {
        "radicale" => radicale,
        "xandikos" => xandikos,
        _ => cyrus,
    };
}
