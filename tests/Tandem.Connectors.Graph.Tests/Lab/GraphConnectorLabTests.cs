using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Graph.Tests.Lab;

/// <summary>The Graph connector against the lab beyond the contract: one store under both faces, lost tokens, throttling, concurrency.</summary>
public sealed class GraphConnectorLabTests(GraphLab lab) : IClassFixture<GraphLab>
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [Fact]
    public async Task SameMailbox_AnEwsCopyIsSeenOverGraph_WithItsStamp_AndTheOtherWayRound()
    {
        var folder = FolderRef.Parse($"lab:carol@lab.test/Contacts/Both {Guid.NewGuid():N}");
        await using var graph = lab.Connect();
        await using var ews = lab.ConnectEws();
        var overGraph = await graph.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct);
        var overEws = await ews.OpenFolderAsync(folder, ItemKind.Contact, create: false, Ct);
        var fromEws = Assert.Single(await overEws.WriteAsync([SampleItems.Create(SampleItems.FullContact(" EWS"), "L-ews", "mixed")], Ct));
        var fromGraph = Assert.Single(await overGraph.WriteAsync([SampleItems.Create(SampleItems.FullContact(" Graph"), "L-graph", "mixed")], Ct));

        var seenOverGraph = (await overGraph.ReadChangesAsync(null, Ct)).Upserts;
        var seenOverEws = (await overEws.ReadChangesAsync(null, Ct)).Upserts;

        Assert.Equal(2, seenOverGraph.Count);
        Assert.Equal(2, seenOverEws.Count);
        var ewsCopy = Assert.Single(seenOverGraph, s => s.Stamp?.LogicalId == "L-ews");
        Assert.Equal(ContentHash.Compute(SampleItems.FullContact(" EWS")), ContentHash.Compute(ewsCopy.Item!));
        var graphCopy = Assert.Single(seenOverEws, s => s.Stamp?.LogicalId == "L-graph");
        Assert.Equal(ContentHash.Compute(SampleItems.FullContact(" Graph")), ContentHash.Compute(graphCopy.Item!));
        Assert.Equal(SampleItems.Stamp("L-graph", "mixed"), graphCopy.Stamp);
        Assert.NotNull(fromEws.RemoteId);
        Assert.NotNull(fromGraph.RemoteId);
    }

    [Fact]
    public async Task ContactWithAPhotoOverEws_ReadOverGraphWithIt_AndAnEditOverGraphKeepsIt()
    {
        // a mixed group: the EWS member carries the photo, the user edits the contact through the Graph member
        var folder = FolderRef.Parse($"lab:carol@lab.test/Contacts/Photo {Guid.NewGuid():N}");
        await using var graph = lab.Connect();
        await using var ews = lab.ConnectEws();
        var overGraph = await graph.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct);
        var overEws = await ews.OpenFolderAsync(folder, ItemKind.Contact, create: false, Ct);
        var withPhoto = SampleItems.ContactWithPhoto("Pia");
        Assert.Equal(WriteOutcome.Ok, Assert.Single(await overEws.WriteAsync([SampleItems.Create(withPhoto, "L-photo", "mixed")], Ct)).Outcome);

        var seen = Assert.Single((await overGraph.ReadChangesAsync(null, Ct)).Upserts);
        var read = (Contact)seen.Item!;
        Assert.Equal(withPhoto.Photo, read.Photo);
        var edited = read with { Surname = "Edited over Graph" };
        var update = new WriteRequest(WriteKind.Update, seen.Stamp!, edited, seen.RemoteId, seen.ChangeKey);
        Assert.Equal(WriteOutcome.Ok, Assert.Single(await overGraph.WriteAsync([update], Ct)).Outcome);

        var overEwsNow = (Contact)Assert.Single((await overEws.ReadChangesAsync(null, Ct)).Upserts).Item!;
        Assert.Equal("Edited over Graph", overEwsNow.Surname);
        Assert.Equal(withPhoto.Photo, overEwsNow.Photo);
    }

    [Fact]
    public async Task Write_SeriesInAZoneOnlyItsFileDescribes_RefusedWithTheReason_TheRestWritten()
    {
        await using var connector = lab.Connect();
        var session = await connector.OpenFolderAsync(FolderRef.Parse($"lab:dave@lab.test/Calendar/Isles {Guid.NewGuid():N}"), ItemKind.Event, create: true, Ct);
        var series = SampleZones.IslesSeries(SampleZones.Isles());
        var plain = SampleItems.Simple(ItemKind.Event, "Plain");

        var results = await session.WriteAsync([SampleItems.Create(series, "L-isles", "g"), SampleItems.Create(plain, "L-plain", "g")], Ct);

        Assert.Equal(WriteOutcome.Refused, results[0].Outcome);
        Assert.Contains("/custom/Atlantic/Isles", results[0].Error, StringComparison.Ordinal);
        Assert.Contains("no Windows time zone with the same rules", results[0].Error, StringComparison.Ordinal);
        Assert.Equal(WriteOutcome.Ok, results[1].Outcome);
        Assert.Equal(["L-plain"], (await session.ReadChangesAsync(null, Ct)).Upserts.Select(u => u.Stamp?.LogicalId));
    }

    [Fact]
    public async Task LostDeltaToken_NextReadIsACompleteListingOfTheSameIds()
    {
        await using var connector = lab.Connect();
        var session = await connector.OpenFolderAsync(FolderRef.Parse($"lab:dave@lab.test/Contacts/Lost {Guid.NewGuid():N}"), ItemKind.Contact, create: true, Ct);
        var created = await session.WriteAsync(Enumerable.Range(0, 3).Select(i => SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "N" + i), "L-" + i, "g")).ToList(), Ct);
        var first = await session.ReadChangesAsync(null, Ct);
        lab.Server.Graph.Faults.LoseDeltaTokens();

        var again = await session.ReadChangesAsync(first.NewToken, Ct);

        // The engine reconciles a complete listing by remote id and stamp: the same ids, nothing new to create.
        Assert.True(again.IsComplete);
        Assert.Equal(created.Select(c => c.RemoteId).Order(), again.Upserts.Select(u => u.RemoteId).Order());
        Assert.All(again.Upserts, u => Assert.Equal("g", u.Stamp?.GroupId));
        Assert.NotEqual(first.NewToken, again.NewToken);
        var after = await session.ReadChangesAsync(again.NewToken, Ct);
        Assert.False(after.IsComplete);
        Assert.Empty(after.Upserts);
    }

    [Fact]
    public async Task Throttled_EveryWriteStillLands_AfterRetryAfter()
    {
        await using var connector = lab.Connect();
        var session = await connector.OpenFolderAsync(FolderRef.Parse($"lab:erin@lab.test/Contacts/Throttled {Guid.NewGuid():N}"), ItemKind.Contact, create: true, Ct);
        var before = lab.Server.Graph.Faults.Throttled;
        lab.Server.Graph.Faults.Throttle(4, retryAfterSeconds: 1);

        var results = await session.WriteAsync(Enumerable.Range(0, 6).Select(i => SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "T" + i), "T-" + i, "g")).ToList(), Ct);

        Assert.All(results, r => Assert.Equal(WriteOutcome.Ok, r.Outcome));
        Assert.Equal(before + 4, lab.Server.Graph.Faults.Throttled);
        Assert.Equal(6, (await session.ReadChangesAsync(null, Ct)).Upserts.Count);
    }

    [Fact]
    public async Task ManyBatches_AtMostFourRequestsInFlightPerMailbox()
    {
        var counter = new InFlightCounter();
        var factory = new GraphConnectorFactory(new GraphConnectorOptions { FinalHandler = counter });
        await using var connector = factory.Create(GraphLab.Connection(lab.GraphUrl), new Dictionary<string, string>());
        var session = await connector.OpenFolderAsync(FolderRef.Parse($"lab:alice@lab.test/Contacts/Many {Guid.NewGuid():N}"), ItemKind.Contact, create: true, Ct);
        var requestsBefore = lab.Server.Graph.Faults.Requests;

        var results = await session.WriteAsync(Enumerable.Range(0, 200).Select(i => SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "M" + i), "M-" + i, "g")).ToList(), Ct);

        Assert.All(results, r => Assert.Equal(WriteOutcome.Ok, r.Outcome));
        Assert.InRange(counter.Max, 1, GraphSettings.MaxMailboxConcurrency);
        Assert.Equal(10, lab.Server.Graph.Faults.Requests - requestsBefore);
    }

    /// <summary>The handler under the SDK's middleware: counts requests in flight at once.</summary>
    private sealed class InFlightCounter() : DelegatingHandler(new SocketsHttpHandler())
    {
        private int _now;
        private int _max;

        public int Max => Volatile.Read(ref _max);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var now = Interlocked.Increment(ref _now);
            int seen;
            while (now > (seen = Volatile.Read(ref _max)) && Interlocked.CompareExchange(ref _max, now, seen) != seen)
            {
            }

            try
            {
                return await base.SendAsync(request, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }
    }
}
