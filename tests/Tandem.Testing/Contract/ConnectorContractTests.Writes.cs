using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Testing.Contract;

/// <summary>Writes: stamps, optimistic concurrency, missing items, idempotent creates, batches, round trips.</summary>
public abstract partial class ConnectorContractTests
{
    [SkippableFact]
    public async Task CreateWithStamp_FindByStampFindsIt()
    {
        await using var folder = await StartAsync();
        var created = await CreateAsync(folder, Sample("Alpha"), "L-1");
        await CreateAsync(folder, Sample("Bravo"), "L-2");

        var found = await folder.Session.FindByStampAsync("contract", ["L-1", "L-missing"], Ct);

        var item = Assert.Single(found);
        Assert.Equal(created.RemoteId, item.RemoteId);
        Assert.Equal(SampleItems.Stamp("L-1", "contract"), item.Stamp);
        Assert.Empty(await folder.Session.FindByStampAsync("another-group", ["L-1"], Ct));
    }

    [SkippableFact]
    public async Task Update_StaleChangeKey_ConflictAndNothingChanged()
    {
        await using var folder = await StartAsync();
        var created = await CreateAsync(folder, Sample("Alpha"), "L-1");
        await folder.UserEditAsync(created.RemoteId!, Sample("Users"));

        var result = await WriteOneAsync(folder, new WriteRequest(WriteKind.Update, created.Request.Stamp, Sample("Engines"), created.RemoteId, created.ChangeKey));

        Assert.Equal(WriteOutcome.Conflict, result.Outcome);
        AssertSameContent(Sample("Users"), Assert.Single(await folder.ContentAsync()));
    }

    [SkippableFact]
    public async Task Delete_StaleChangeKey_ConflictAndTheItemStays()
    {
        await using var folder = await StartAsync();
        var created = await CreateAsync(folder, Sample("Alpha"), "L-1");
        await folder.UserEditAsync(created.RemoteId!, Sample("Users"));

        // Deleting what the user has just edited would lose the edit: the engine must get the chance to re-plan.
        var result = await WriteOneAsync(folder, new WriteRequest(WriteKind.Delete, created.Request.Stamp, RemoteId: created.RemoteId, ExpectedChangeKey: created.ChangeKey));

        Assert.Equal(WriteOutcome.Conflict, result.Outcome);
        AssertSameContent(Sample("Users"), Assert.Single(await folder.ContentAsync()));
    }

    [SkippableFact]
    public async Task Update_CurrentChangeKey_NewChangeKeyAndContent()
    {
        await using var folder = await StartAsync();
        var created = await CreateAsync(folder, Sample("Alpha"), "L-1");

        var result = await WriteOneAsync(folder, new WriteRequest(WriteKind.Update, created.Request.Stamp, Sample("Bravo"), created.RemoteId, created.ChangeKey));

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        Assert.NotEqual(created.ChangeKey, result.ChangeKey);
        var listed = Assert.Single(await folder.ContentAsync());
        Assert.Equal(result.ChangeKey, listed.ChangeKey);
        AssertSameContent(Sample("Bravo"), listed);
    }

    [SkippableFact]
    public async Task UpdateAndDelete_MissingItem_NotFound()
    {
        await using var folder = await StartAsync();
        var created = await CreateAsync(folder, Sample("Alpha"), "L-1");
        await folder.UserDeleteAsync(created.RemoteId!);

        var update = await WriteOneAsync(folder, new WriteRequest(WriteKind.Update, created.Request.Stamp, Sample("Bravo"), created.RemoteId, created.ChangeKey));
        var delete = await WriteOneAsync(folder, new WriteRequest(WriteKind.Delete, created.Request.Stamp, RemoteId: created.RemoteId, ExpectedChangeKey: created.ChangeKey));

        Assert.Equal(WriteOutcome.NotFound, update.Outcome);
        Assert.Equal(WriteOutcome.NotFound, delete.Outcome);
        Assert.Empty(await folder.ContentAsync());
    }

    [SkippableFact]
    public async Task Delete_RemovesTheItem()
    {
        await using var folder = await StartAsync();
        var created = await CreateAsync(folder, Sample("Alpha"), "L-1");
        var kept = await CreateAsync(folder, Sample("Bravo"), "L-2");

        var result = await WriteOneAsync(folder, new WriteRequest(WriteKind.Delete, created.Request.Stamp, RemoteId: created.RemoteId, ExpectedChangeKey: created.ChangeKey));

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        Assert.Equal(kept.RemoteId, Assert.Single(await folder.ContentAsync()).RemoteId);
        Assert.Empty(await folder.Session.FindByStampAsync("contract", ["L-1"], Ct));
    }

    [SkippableFact]
    public async Task Create_RepeatedAfterACrash_DoesNotDuplicate()
    {
        await using var folder = await StartAsync();
        var first = await CreateAsync(folder, Sample("Alpha"), "L-1");

        // The engine crashed before recording the create. On restart it looks the stamp up (DESIGN.md "Idempotent
        // creates") and creates again only what it did not find; a store may also refuse the repeat itself.
        var found = await folder.Session.FindByStampAsync("contract", ["L-1"], Ct);
        if (found.Count == 0)
        {
            var again = await WriteOneAsync(folder, SampleItems.Create(Sample("Alpha"), "L-1", "contract"));
            Assert.Contains(again.Outcome, new[] { WriteOutcome.AlreadyExists, WriteOutcome.Ok });
            Assert.Equal(first.RemoteId, again.RemoteId);
        }
        else
        {
            Assert.Equal(first.RemoteId, Assert.Single(found).RemoteId);
        }
        Assert.Equal(first.RemoteId, Assert.Single(await folder.ContentAsync()).RemoteId);
    }

    [SkippableFact]
    public async Task Batch_OneResultPerRequestInOrder()
    {
        await using var folder = await StartAsync();
        var x = await CreateAsync(folder, Sample("Xray"), "L-x");
        var y = await CreateAsync(folder, Sample("Yankee"), "L-y");
        var gone = await CreateAsync(folder, Sample("Zulu"), "L-z");
        await folder.UserDeleteAsync(gone.RemoteId!);
        WriteRequest[] batch =
        [
            SampleItems.Create(Sample("Alpha"), "L-a", "contract"),
            new(WriteKind.Update, x.Request.Stamp, Sample("Xray two"), x.RemoteId, x.ChangeKey),
            new(WriteKind.Update, gone.Request.Stamp, Sample("Zulu two"), gone.RemoteId, gone.ChangeKey),
            new(WriteKind.Delete, y.Request.Stamp, RemoteId: y.RemoteId, ExpectedChangeKey: y.ChangeKey),
            SampleItems.Create(Sample("Bravo"), "L-b", "contract"),
        ];

        var results = await folder.Session.WriteAsync(batch, Ct);

        Assert.Equal(batch, results.Select(r => r.Request));
        Assert.Equal([WriteOutcome.Ok, WriteOutcome.Ok, WriteOutcome.NotFound, WriteOutcome.Ok, WriteOutcome.Ok], results.Select(r => r.Outcome));
        var content = await folder.ContentAsync();
        Assert.Equal(new[] { results[0].RemoteId, x.RemoteId, results[4].RemoteId }.Order(StringComparer.Ordinal), content.Select(c => c.RemoteId).Order(StringComparer.Ordinal));
        AssertSameContent(Sample("Xray two"), content.Single(c => c.RemoteId == x.RemoteId));
    }

    public static TheoryData<ItemKind> AllKinds() => new(Enum.GetValues<ItemKind>());

    [SkippableTheory]
    [MemberData(nameof(AllKinds))]
    public async Task RoundTrip_EverySample_SameContentHash(ItemKind kind)
    {
        Skip.IfNot(Kinds.Contains(kind), $"this connector does not store {kind} items");
        await using var folder = await StartAsync(kind);
        var samples = RoundTripSamples(kind).ToList();
        Assert.NotEmpty(samples);
        var results = await folder.Session.WriteAsync(samples.Select((s, i) => SampleItems.Create(s, "rt-" + i, "contract")).ToList(), Ct);
        Assert.All(results, r => Assert.True(r.Outcome == WriteOutcome.Ok, $"{r.Request.Item?.Title}: {r.Outcome} {r.Error}"));

        var content = await folder.ContentAsync();

        for (var i = 0; i < samples.Count; i++)
        {
            AssertSameContent(samples[i], Assert.Single(content, c => c.RemoteId == results[i].RemoteId));
        }
    }
}
