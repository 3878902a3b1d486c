using System.Collections.Concurrent;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>The connector's streaming hub against the lab: shared connections within Exchange's limits, drops, affinity.</summary>
public sealed class LabStreamingHubTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => CancellationToken.None;

    /// <summary>Counts callbacks per folder and lets a test wait for the next one.</summary>
    private sealed class Callbacks
    {
        private readonly ConcurrentDictionary<string, SemaphoreSlim> _signals = new();

        public Action For(string folder)
        {
            var signal = _signals.GetOrAdd(folder, _ => new SemaphoreSlim(0));
            return () => signal.Release();
        }

        public void Reset()
        {
            foreach (var s in _signals.Values) while (s.CurrentCount > 0) s.Wait(0);
        }

        public async Task<bool> WaitAsync(string folder, CancellationToken ct) => await _signals[folder].WaitAsync(Patience, ct);
    }

    private static async Task<List<(IFolderSession Session, IAsyncDisposable? Subscription)>> SubscribeFoldersAsync(IConnector connector, int count, string prefix, Callbacks callbacks, CancellationToken ct)
    {
        var result = new List<(IFolderSession, IAsyncDisposable?)>();
        for (var i = 0; i < count; i++)
        {
            var name = $"{prefix}{i:D3}";
            var session = await connector.OpenFolderAsync(FolderRef.Parse($"lab:alice@lab.test/Contacts/{name}"), ItemKind.Contact, true, ct);
            result.Add((session, await session.SubscribeAsync(callbacks.For(name), ct)));
        }
        return result;
    }

    [Fact]
    public async Task Hub_250Folders_PackedIntoAtLeastTwoConnectionsNeverMoreThanTheLimit_TheRestPolled()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMinutes(5));
        // Exchange 2013's subscription budget (5000): the per-mailbox cap is not what this test is about. The lab enforces
        // the same connection limit as the connector is given, so one connection too many would show as a failure.
        await using var lab = await LabFixture.StartAsync("empty", o => o with { MaxSubscriptionsPerMailbox = 5000, HangingConnectionLimit = 2 });
        var failures = new ConcurrentQueue<string>();

        await using (var narrow = lab.Connect(extra: new Dictionary<string, string> { [EwsSettingKeys.HangingConnectionLimit] = "1" }))
        {
            var callbacks = new Callbacks();
            var folders = await SubscribeFoldersAsync(narrow, 250, "N", callbacks, cts.Token);
            var hub = await ((EwsConnector)narrow).HubAsync(cts.Token);
            Assert.Single(hub.Connections);
            Assert.Equal(200, folders.Count(f => f.Subscription is not null));
            Assert.Equal(200, hub.Connections[0].Count);
            foreach (var (session, subscription) in folders)
            {
                if (subscription is not null) await subscription.DisposeAsync();
                await session.DisposeAsync();
            }
            Assert.Empty(hub.Connections);
        }

        await using var connector = lab.Connect(extra: new Dictionary<string, string> { [EwsSettingKeys.HangingConnectionLimit] = "2" });
        ((EwsConnector)connector).Health.Changed += h => { if (h.FailingCode is { } code) failures.Enqueue(code); };
        var wide = new Callbacks();
        var subscribed = await SubscribeFoldersAsync(connector, 250, "N", wide, cts.Token);
        Assert.All(subscribed, f => Assert.NotNull(f.Subscription));
        var streaming = await ((EwsConnector)connector).HubAsync(cts.Token);
        Assert.Equal(2, streaming.Connections.Count);
        Assert.All(streaming.Connections, c => Assert.InRange(c.Count, 1, 200));
        Assert.Equal(250, streaming.Connections.Sum(c => c.Count));

        // An item in the last folder calls back that folder, through whichever connection carries it.
        await using var writer = lab.Connect();
        await using var target = await writer.OpenFolderAsync(FolderRef.Parse("lab:alice@lab.test/Contacts/N249"), ItemKind.Contact, false, cts.Token);
        wide.Reset();
        await target.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp(), SampleItems.FullContact("-249"))], cts.Token);
        Assert.True(await wide.WaitAsync("N249", cts.Token), "no callback for the folder that changed");
        Assert.Empty(failures);
        foreach (var (session, subscription) in subscribed)
        {
            await subscription!.DisposeAsync();
            await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task Hub_DroppedConnectionsAndLostSubscriptions_EveryFolderCalledBackAndLaterEventsArrive()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMinutes(4));
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        var callbacks = new Callbacks();
        var folders = await SubscribeFoldersAsync(connector, 3, "D", callbacks, cts.Token);
        var hub = await ((EwsConnector)connector).HubAsync(cts.Token);
        await WaitOpenAsync(hub, cts.Token);
        callbacks.Reset();

        // A network cut: every folder of the connection catches up once the stream is back.
        lab.Server.Faults.DropStreamingConnections();
        foreach (var name in new[] { "D000", "D001", "D002" }) Assert.True(await callbacks.WaitAsync(name, cts.Token), $"{name}: no catch-up after the drop");
        await WriteAsync(lab, "D001", "-after-drop", cts.Token);
        Assert.True(await callbacks.WaitAsync("D001", cts.Token), "no callback for a change after the drop");

        // The server dies and comes back without its subscriptions (ErrorSubscriptionNotFound): subscribe again, catch up.
        var health = ((EwsConnector)connector).Health;
        lab.Server.Faults.Down = true;
        for (var i = 0; i < 600 && !health.IsFailing; i++) await Task.Delay(50, cts.Token);
        Assert.Equal(EwsConnectionHealth.NetworkError, health.FailingCode);
        Assert.NotNull(health.FailingSince);
        callbacks.Reset();
        lab.Server.Faults.Down = false;
        foreach (var name in new[] { "D000", "D001", "D002" }) Assert.True(await callbacks.WaitAsync(name, cts.Token), $"{name}: no catch-up after the server came back");
        await WriteAsync(lab, "D002", "-after-restart", cts.Token);
        Assert.True(await callbacks.WaitAsync("D002", cts.Token), "no callback for a change after subscribing again");
        Assert.False(health.IsFailing);
        Assert.True(lab.CountRequests("Subscribe") >= 6, "the lost subscriptions were not created again");
        foreach (var (session, subscription) in folders)
        {
            await subscription!.DisposeAsync();
            await session.DisposeAsync();
        }
        lab.AssertRequestsValid();
    }

    [Fact]
    public async Task Hub_AffinityCookie_SentBackOnEveryLaterRequestOfTheGroup()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMinutes(3));
        await using var lab = await LabFixture.StartAsync("empty");
        using var recorder = new RecordingHandler();
        await using var connector = lab.Connect("tandem@lab.test", impersonation: true, handler: recorder);
        var callbacks = new Callbacks();
        var sessions = new List<IFolderSession>();
        var subscriptions = new List<IAsyncDisposable>();
        foreach (var box in new[] { "alice", "bob" })
        {
            var session = await connector.OpenFolderAsync(FolderRef.Parse($"lab:{box}@lab.test/Contacts"), ItemKind.Contact, false, cts.Token);
            sessions.Add(session);
            subscriptions.Add((await session.SubscribeAsync(callbacks.For(box), cts.Token))!);
        }
        // One connection carries both mailboxes' subscriptions (re-issued once bob's joined).
        for (var i = 0; i < 600 && !recorder.Sent.Any(s => s.Body.Split("<t:SubscriptionId>").Length == 3); i++) await Task.Delay(50, cts.Token);

        var subscribes = recorder.Sent.Where(r => r.Body.Contains("<m:Subscribe>", StringComparison.Ordinal)).ToList();
        Assert.True(subscribes.Count == 2, string.Join("\n", recorder.Sent.Select(r => r.Body[(r.Body.IndexOf("<soap:Body>", StringComparison.Ordinal) + 11)..][..Math.Min(150, r.Body.Length - r.Body.IndexOf("<soap:Body>", StringComparison.Ordinal) - 11)])));
        Assert.All(subscribes, s => Assert.Equal("true", s.Header("X-PreferServerAffinity")));
        Assert.Equal("alice@lab.test", subscribes[0].Header("X-AnchorMailbox"));
        Assert.Equal("alice@lab.test", subscribes[1].Header("X-AnchorMailbox"));
        var value = Assert.Single(recorder.SetCookies.Select(c => c.Split(';')[0]).Distinct());
        Assert.StartsWith("X-BackEndOverrideCookie=", value, StringComparison.Ordinal);
        Assert.Null(subscribes[0].Header("Cookie"));
        Assert.Equal(value, subscribes[1].Header("Cookie"));
        var streams = recorder.Sent.Where(r => r.Body.Contains("<m:GetStreamingEvents>", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(streams);
        Assert.All(streams, s => Assert.Equal(value, s.Header("Cookie")));
        Assert.All(streams, s => Assert.Equal("alice@lab.test", s.Header("X-AnchorMailbox")));
        Assert.Contains(streams, s => s.Body.Split("<t:SubscriptionId>").Length == 3);
        foreach (var s in subscriptions) await s.DisposeAsync();
        foreach (var s in sessions) await s.DisposeAsync();
    }

    [Fact]
    public async Task Subscribe_BeyondTheMailboxSubscriptionLimit_ReturnsNullForThatFolderOnly()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromMinutes(3));
        await using var lab = await LabFixture.StartAsync("empty", o => o with { MaxSubscriptionsPerMailbox = 2 });
        await using var connector = lab.Connect();
        var folders = await SubscribeFoldersAsync(connector, 3, "L", new Callbacks(), cts.Token);
        Assert.NotNull(folders[0].Subscription);
        Assert.NotNull(folders[1].Subscription);
        Assert.Null(folders[2].Subscription);
        foreach (var (session, subscription) in folders)
        {
            if (subscription is not null) await subscription.DisposeAsync();
            await session.DisposeAsync();
        }
    }

    [Fact]
    public async Task Health_MailboxMoveInProgress_FailingWithTheCodeSinceThenClearedByAGoodAnswer()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        var health = ((EwsConnector)connector).Health;
        await connector.ListFoldersAsync("alice@lab.test", Ct);
        Assert.False(health.IsFailing);
        lab.Server.Faults.MailboxMoveInProgress(0, true);
        var failed = await Assert.ThrowsAsync<EwsException>(() => connector.ListFoldersAsync("alice@lab.test", Ct));
        Assert.Equal("ErrorMailboxMoveInProgress", failed.ResponseCode);
        Assert.Equal("ErrorMailboxMoveInProgress", health.FailingCode);
        var since = health.FailingSince;
        Assert.NotNull(since);
        lab.Server.Faults.MailboxMoveInProgress(0, false);
        await connector.ListFoldersAsync("alice@lab.test", Ct);
        Assert.False(health.IsFailing);
        Assert.True(health.LastSuccess >= since);
    }

    private static async Task WriteAsync(LabFixture lab, string folder, string suffix, CancellationToken ct)
    {
        await using var writer = lab.Connect();
        await using var session = await writer.OpenFolderAsync(FolderRef.Parse($"lab:alice@lab.test/Contacts/{folder}"), ItemKind.Contact, false, ct);
        await session.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp() with { LogicalId = suffix }, SampleItems.FullContact(suffix))], ct);
    }

    private static async Task WaitOpenAsync(Notifications.StreamingHub hub, CancellationToken ct)
    {
        for (var i = 0; i < 1200 && !hub.Connections.All(c => c.IsOpen); i++) await Task.Delay(50, ct);
        Assert.All(hub.Connections, c => Assert.True(c.IsOpen, "stream not open"));
    }

    /// <summary>Passes requests to the network and keeps what was sent (headers, body) and every Set-Cookie received.</summary>
    private sealed class RecordingHandler() : DelegatingHandler(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
    {
        public ConcurrentQueue<(string Body, Dictionary<string, string> Headers)> SentQueue { get; } = new();

        public ConcurrentQueue<string> SetCookies { get; } = new();

        public IReadOnlyList<Sent> Sent => [.. SentQueue.Select(s => new Sent(s.Body, s.Headers))];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? string.Empty : await request.Content.ReadAsStringAsync(cancellationToken);
            SentQueue.Enqueue((body, request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase)));
            var response = await base.SendAsync(request, cancellationToken);
            if (response.Headers.TryGetValues("Set-Cookie", out var cookies)) foreach (var c in cookies) SetCookies.Enqueue(c);
            return response;
        }
    }

    private sealed record Sent(string Body, Dictionary<string, string> Headers)
    {
        public string? Header(string name) => Headers.GetValueOrDefault(name);
    }
}
