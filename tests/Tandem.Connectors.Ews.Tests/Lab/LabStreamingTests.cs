using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>Streaming notifications drive change callbacks, and survive dropped connections.</summary>
public sealed class LabStreamingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Subscribe_ItemCreatedElsewhere_CallsBackAndSurvivesDroppedConnection()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        await using var lab = await LabFixture.StartAsync("empty");
        await using var watcher = lab.Connect();
        await using var writer = lab.Connect();
        var folder = FolderRef.Parse("lab:alice@lab.test/Contacts");
        await using var watched = await watcher.OpenFolderAsync(folder, ItemKind.Contact, false, cts.Token);
        await using var writing = await writer.OpenFolderAsync(folder, ItemKind.Contact, false, cts.Token);

        var signal = new SemaphoreSlim(0);
        await using var subscription = await watched.SubscribeAsync(() => signal.Release(), cts.Token);
        Assert.NotNull(subscription);

        await writing.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp(), SampleItems.FullContact("-1"))], cts.Token);
        Assert.True(await signal.WaitAsync(Patience, cts.Token), "no callback after a create");

        lab.Server.Faults.DropStreamingConnections();
        while (signal.CurrentCount > 0) await signal.WaitAsync(cts.Token);
        await Task.Delay(TimeSpan.FromSeconds(1), cts.Token); // let the client notice the drop and reconnect
        while (signal.CurrentCount > 0) await signal.WaitAsync(cts.Token);

        await writing.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp() with { LogicalId = "2" }, SampleItems.FullContact("-2"))], cts.Token);
        Assert.True(await signal.WaitAsync(Patience, cts.Token), "no callback after the connection was dropped");
        Assert.Contains(lab.Requests, r => r.Contains("<m:GetStreamingEvents>", StringComparison.Ordinal));
        lab.AssertRequestsValid();
    }
}
