using System.Net;
using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Connectors.Ews.Tests.Fakes;
using Tandem.Core.Items;
using Tandem.Testing.Time;

namespace Tandem.Connectors.Ews.Tests;

public sealed class ThrottlingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static EwsClient Client(FakeHttp http, ServerGate gate, TimeProvider time) =>
        new(new HttpClient(http), new Uri("https://mail.example.org/EWS/Exchange.asmx"), NoAuth.Instance, gate, new EwsClientOptions(), time, NullLogger.Instance);

    [Fact]
    public async Task SendAsync_FaultWithBackOff_BlocksEveryRequestToServerUntilBackOffPassed()
    {
        var time = new TestClock(T0);
        var gate = new ServerGate(time, 8, 2);
        var calls = 0;
        var http = new FakeHttp((_, _) => Interlocked.Increment(ref calls) == 1
            ? FakeHttp.Xml(Soap.BusyFault(297_749), HttpStatusCode.InternalServerError)
            : FakeHttp.Xml(Soap.Response("GetFolder", Soap.Success("GetFolder"))));
        var client = Client(http, gate, time);

        var first = client.SendAsync(FolderRequests.GetFolder(FolderAddress.Named("inbox")), new EwsCall("a@x.test"), CancellationToken.None);
        await WaitUntil(() => time.PendingTimers > 0);
        Assert.Equal(T0 + TimeSpan.FromMilliseconds(297_749), gate.BlockedUntil);
        Assert.False(first.IsCompleted);

        // Another mailbox on the same server waits too: the budget is the server's.
        var other = client.SendAsync(FolderRequests.GetFolder(FolderAddress.Named("inbox")), new EwsCall("b@x.test"), CancellationToken.None);
        await WaitUntil(() => time.PendingTimers > 1);
        Assert.Equal(1, calls);
        Assert.False(other.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(297_749));
        await first.WaitAsync(TimeSpan.FromMinutes(1));
        await other.WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(3, calls);
    }

    [Fact]
    public async Task SendBatchAsync_SomeItemsBusy_ResendsOnlyThoseAndKeepsOrder()
    {
        var requests = new List<string>();
        var http = new FakeHttp((_, body) =>
        {
            requests.Add(body);
            return requests.Count == 1
                ? FakeHttp.Xml(Soap.Response("GetItem",
                    Soap.Success("GetItem", "<m:Items><t:Contact><t:ItemId Id=\"A\" ChangeKey=\"1\"/></t:Contact></m:Items>"),
                    Soap.Error("GetItem", "ErrorServerBusy", 5, "<m:Items/>"),
                    Soap.Error("GetItem", "ErrorBatchProcessingStopped", null, "<m:Items/>")))
                : FakeHttp.Xml(Soap.Response("GetItem",
                    Soap.Success("GetItem", "<m:Items><t:Contact><t:ItemId Id=\"B\" ChangeKey=\"1\"/></t:Contact></m:Items>"),
                    Soap.Success("GetItem", "<m:Items><t:Contact><t:ItemId Id=\"C\" ChangeKey=\"1\"/></t:Contact></m:Items>")));
        });
        var client = Client(http, new ServerGate(TimeProvider.System, 8, 2), TimeProvider.System);
        string[] ids = ["A", "B", "C"];
        var results = await client.SendBatchAsync(3, idx => ItemRequests.GetItem(ItemKind.Contact, idx.Select(i => ids[i])), new EwsCall("a@x.test"), CancellationToken.None);

        Assert.Equal(2, requests.Count);
        Assert.DoesNotContain("Id=\"A\"", requests[1], StringComparison.Ordinal);
        Assert.Contains("Id=\"B\"", requests[1], StringComparison.Ordinal);
        Assert.Contains("Id=\"C\"", requests[1], StringComparison.Ordinal);
        Assert.Equal(["A", "B", "C"], results.Select(r => (string)r.Element.Descendants().First(e => e.Name.LocalName == "ItemId").Attribute("Id")!));
        Assert.All(results, r => Assert.True(r.IsSuccess));
    }

    [Fact]
    public async Task SendAsync_ServiceUnavailable_RetriesAfterBackOff()
    {
        var calls = 0;
        var http = new FakeHttp((_, _) => Interlocked.Increment(ref calls) <= 2
            ? new HttpResponseMessage(HttpStatusCode.ServiceUnavailable)
            : FakeHttp.Xml(Soap.Response("GetFolder", Soap.Success("GetFolder"))));
        var client = new EwsClient(new HttpClient(http), new Uri("https://mail.example.org/EWS/Exchange.asmx"), NoAuth.Instance,
            new ServerGate(TimeProvider.System, 8, 2), new EwsClientOptions { DefaultBackOff = TimeSpan.FromMilliseconds(5) }, TimeProvider.System, NullLogger.Instance);
        var response = await client.SendAsync(FolderRequests.GetFolder(FolderAddress.Named("inbox")), EwsCall.Default, CancellationToken.None);
        Assert.Equal(3, calls);
        Assert.Equal("GetFolderResponse", response.Name.LocalName);
    }

    [Fact]
    public void GateRegistry_SameServer_SharesOneGate()
    {
        var registry = new ServerGateRegistry();
        var a = registry.For(new Uri("https://mail.example.org/EWS/Exchange.asmx"), TimeProvider.System, 4, 2);
        var b = registry.For(new Uri("https://MAIL.example.org/ews/exchange.asmx"), TimeProvider.System, 4, 2);
        var c = registry.For(new Uri("https://other.example.org/EWS/Exchange.asmx"), TimeProvider.System, 4, 2);
        Assert.Same(a, b);
        Assert.NotSame(a, c);
    }

    [Fact]
    public async Task EnterAsync_MailboxLimitReached_WaitsForRelease()
    {
        var gate = new ServerGate(TimeProvider.System, 8, 1);
        var first = await gate.EnterAsync("a@x.test", CancellationToken.None);
        var second = gate.EnterAsync("a@x.test", CancellationToken.None);
        var otherMailbox = await gate.EnterAsync("b@x.test", CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.False(second.IsCompleted);
        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromMinutes(1))).Dispose();
        otherMailbox.Dispose();
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        while (!condition()) await Task.Delay(5, timeout.Token);
    }
}
