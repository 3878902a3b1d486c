using System.Net;
using Tandem.Connectors.Graph.Sessions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;
using Tandem.Testing.Time;

namespace Tandem.Connectors.Graph.Tests.Lab;

/// <summary>
/// Webhook subscriptions against the lab's Graph face, which delivers to a loopback receiver standing in for the service's
/// endpoint: the validation handshake, clientState checked, the granted expiry renewed at half-life (on a test clock), and
/// the lifecycle notifications.
/// </summary>
public sealed class GraphWebhookTests(GraphLab lab) : IClassFixture<GraphLab>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task Subscribe_EndpointValidatedFirst_ThenAUsersChangeArrives()
    {
        await using var w = await WatchAsync();
        Assert.Equal(1, w.Receiver.Validations);
        Assert.Equal(0, w.Changes);

        await w.UserCreateAsync("Alpha");

        await Until(() => w.Changes > 0);
        Assert.True(w.Hub.Accepted > 0);
        Assert.Equal(0, w.Hub.Refused);
    }

    [Fact]
    public async Task Notification_WrongClientState_RefusedAndNothingWakes()
    {
        await using var w = await WatchAsync();
        var forged = $$"""{"value":[{"subscriptionId":"{{w.Subscription.Id}}","clientState":"guessed","changeType":"updated","resource":"x"}]}""";
        var unknown = $$"""{"value":[{"subscriptionId":"no-such-subscription","clientState":"{{w.Subscription.ClientState}}","changeType":"updated"}]}""";

        // Still 202: a forger learns nothing.
        Assert.Equal(HttpStatusCode.Accepted, await w.Receiver.PostAsync(forged));
        Assert.Equal(HttpStatusCode.Accepted, await w.Receiver.PostAsync(unknown));

        Assert.Equal(2, w.Hub.Refused);
        Assert.Equal(0, w.Hub.Accepted);
        Assert.Equal(0, w.Changes);
    }

    [Fact]
    public async Task Renewal_AtHalfOfTheGrantedLife_ExpiryTakenFromTheAnswer()
    {
        lab.Server.Graph.Webhooks.MaxLifetime = TimeSpan.FromHours(1);
        try
        {
            await using var w = await WatchAsync();
            var granted = w.Subscription.Expiration;
            // Asked for 4230 minutes; the lab granted an hour, and that is what the connector goes by.
            Assert.InRange(granted, w.Clock.GetUtcNow().AddMinutes(55), w.Clock.GetUtcNow().AddMinutes(65));
            var renewals = lab.Server.Graph.Webhooks.Renewals;

            await Until(() => w.Clock.PendingTimers > 0);
            w.Clock.Advance(TimeSpan.FromMinutes(25));
            await Task.Delay(300);
            Assert.Equal(renewals, lab.Server.Graph.Webhooks.Renewals);

            w.Clock.Advance(TimeSpan.FromMinutes(6));
            await Until(() => lab.Server.Graph.Webhooks.Renewals == renewals + 1);
            await Until(() => w.Subscription.Expiration > granted);
        }
        finally
        {
            lab.Server.Graph.Webhooks.MaxLifetime = TimeSpan.FromMinutes(4230);
        }
    }

    [Fact]
    public async Task ReauthorizationRequired_RenewsAtOnce()
    {
        await using var w = await WatchAsync();
        var renewals = lab.Server.Graph.Webhooks.Renewals;

        await lab.Server.Graph.Webhooks.SendLifecycleAsync("reauthorizationRequired");

        await Until(() => lab.Server.Graph.Webhooks.Renewals == renewals + 1);
    }

    [Fact]
    public async Task Missed_NextReadIsAWholeRound_EachItemOnce()
    {
        await using var w = await WatchAsync();
        var made = await w.Session.WriteAsync([.. new[] { "Alpha", "Bravo", "Charlie" }.Select((n, i) => SampleItems.Create(SampleItems.Simple(ItemKind.Contact, n), "L-" + i))], default);
        var first = await w.Session.ReadChangesAsync(null, default);
        var quiet = await w.Session.ReadChangesAsync(first.NewToken, default);
        Assert.Empty(quiet.Upserts);
        var woken = w.Changes;

        await lab.Server.Graph.Webhooks.SendLifecycleAsync("missed");
        await Until(() => w.Changes > woken);

        var again = await w.Session.ReadChangesAsync(quiet.NewToken, default);
        Assert.True(again.IsComplete, "after a missed notification the folder is read whole");
        Assert.Equal(made.Select(m => m.RemoteId).Order(StringComparer.Ordinal), again.Upserts.Select(u => u.RemoteId).Order(StringComparer.Ordinal));
        var after = await w.Session.ReadChangesAsync(again.NewToken, default);
        Assert.False(after.IsComplete);
        Assert.Empty(after.Upserts);
    }

    [Fact]
    public async Task SubscriptionRemoved_MadeAgainAndTheFolderReadWhole()
    {
        await using var w = await WatchAsync();
        var first = await w.Session.ReadChangesAsync(null, default);
        var oldId = w.Subscription.Id;

        await lab.Server.Graph.Webhooks.SendLifecycleAsync("subscriptionRemoved");

        await Until(() => w.Subscription.Id != oldId && lab.Server.Graph.Webhooks.Count >= 1 && w.Changes > 0);
        Assert.True((await w.Session.ReadChangesAsync(first.NewToken, default)).IsComplete);
        var changes = w.Changes;
        await w.UserCreateAsync("After");
        await Until(() => w.Changes > changes);
    }

    private async Task<Watch> WatchAsync()
    {
        // The lab grants expiries on the real clock: the test clock starts there, then moves only when told.
        var clock = new TestClock(TimeProvider.System.GetUtcNow());
        var hub = new GraphNotificationHub();
        var receiver = new WebhookReceiver(hub);
        var connector = lab.Connect(clock, hub, receiver.Url);
        var user = lab.Connect();
        var folder = FolderRef.Parse($"lab:alice@lab.test/Contacts/Webhook {Guid.NewGuid():N}");
        var session = await connector.OpenFolderAsync(folder, ItemKind.Contact, create: true, default);
        var userSession = await user.OpenFolderAsync(folder, ItemKind.Contact, create: false, default);
        var watch = new Watch(clock, hub, receiver, connector, user, session, userSession);
        watch.Subscription = (GraphSubscription)(await session.SubscribeAsync(watch.Wake, default))!;
        return watch;
    }

    private static async Task Until(Func<bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Patience, "the condition did not come true in time");
            await Task.Delay(50);
        }
    }

    private sealed class Watch(TestClock clock, GraphNotificationHub hub, WebhookReceiver receiver, IConnector connector, IConnector user, IFolderSession session, IFolderSession userSession) : IAsyncDisposable
    {
        private int _changes;

        public TestClock Clock { get; } = clock;

        public GraphNotificationHub Hub { get; } = hub;

        public WebhookReceiver Receiver { get; } = receiver;

        public IFolderSession Session { get; } = session;

        public GraphSubscription Subscription { get; set; } = null!;

        public int Changes => Volatile.Read(ref _changes);

        public void Wake() => Interlocked.Increment(ref _changes);

        public async Task UserCreateAsync(string name)
        {
            var result = Assert.Single(await userSession.WriteAsync([new WriteRequest(WriteKind.Create, new ItemStamp("user", name, name), SampleItems.Simple(ItemKind.Contact, name))], default));
            Assert.Equal(WriteOutcome.Ok, result.Outcome);
        }

        public async ValueTask DisposeAsync()
        {
            await Subscription.DisposeAsync();
            await Session.DisposeAsync();
            await userSession.DisposeAsync();
            await connector.DisposeAsync();
            await user.DisposeAsync();
            Receiver.Dispose();
        }
    }
}
