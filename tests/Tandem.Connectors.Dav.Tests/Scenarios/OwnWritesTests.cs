using Tandem.Connectors.Dav.Sessions;
using Tandem.Connectors.Dav.Tests.Servers;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Dav.Tests.Scenarios;

/// <summary>
/// The engine's read after its own writes (the catch-up that makes a token cover them) is answered from what the session
/// wrote, without a request; the token it gets carries those writes, and the next read, in a later process, leaves them
/// out of what the server reports and still sees what other clients did to them, a resource we created and another
/// client deleted included (RFC 6578 need not report a member that came and went after the token).
/// </summary>
[Collection(DavServersCollection.Name)]
public sealed class OwnWritesTests(RadicaleServer radicale, XandikosServer xandikos, CyrusServer cyrus)
{
    private static int _folders;

    public static TheoryData<string> Servers() => new("radicale", "xandikos", "cyrus");

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
