using System.Net;
using System.Xml.Linq;
using static Tandem.Lab.Tests.LabHarness;

namespace Tandem.Lab.Tests;

/// <summary>Exchange's streaming limits and errors, as the lab enforces them (service-panel-notes §1.2, ews-notes §1.6).</summary>
public sealed class StreamingLimitTests
{
    internal const string SubscribeAll = """<m:Subscribe><m:StreamingSubscriptionRequest SubscribeToAllFolders="true"><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>""";

    private const string SubscribeContacts = """<m:Subscribe><m:StreamingSubscriptionRequest><t:FolderIds><t:DistinguishedFolderId Id="contacts"/></t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>""";

    private static async Task<string> SubscribeAsync(LabHarness lab, string user = "alice@lab.test", string? impersonate = null)
    {
        var message = await lab.CallOneAsync(SubscribeAll, user, impersonate);
        AssertSuccess(message);
        return message.Element(M + "SubscriptionId")!.Value;
    }

    [Fact]
    public async Task GetStreamingEvents_MoreThan200SubscriptionIds_IsRefusedAndClosed()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var ids = Enumerable.Range(0, 201).Select(_ => Convert.ToBase64String(Guid.NewGuid().ToByteArray())).ToList();
        await using var stream = await LabStream.OpenAsync(lab, ids);
        var refused = await stream.UntilAsync(_ => true);
        Assert.Equal("ErrorInvalidRequest", LabStream.Code(refused));
        Assert.Equal("Closed", refused.Element(M + "ConnectionStatus")!.Value);
        Assert.Null(await stream.NextAsync());
    }

    [Fact]
    public async Task GetStreamingEvents_BeyondHangingConnectionLimit_ErrorExceededConnectionCountChargedToTheTargetMailbox()
    {
        await using var lab = await LabHarness.StartAsync("empty", configure: o => o with { HangingConnectionLimit = 1 });
        var own = await SubscribeAsync(lab);
        var asAlice = await SubscribeAsync(lab, "tandem@lab.test", "alice@lab.test");
        var asBob = await SubscribeAsync(lab, "tandem@lab.test", "bob@lab.test");

        await using var first = await LabStream.OpenAsync(lab, [own]);
        await using var second = await LabStream.OpenAsync(lab, [own]);
        Assert.Equal("ErrorExceededConnectionCount", LabStream.Code(await second.UntilAsync(_ => true)));

        // Impersonating alice uses a copy of alice's budget, apart from alice's own; bob's budget is bob's.
        await using var impersonated = await LabStream.OpenAsync(lab, [asAlice], "tandem@lab.test", "alice@lab.test");
        await using var impersonatedAgain = await LabStream.OpenAsync(lab, [asAlice], "tandem@lab.test", "alice@lab.test");
        Assert.Equal("ErrorExceededConnectionCount", LabStream.Code(await impersonatedAgain.UntilAsync(_ => true)));
        await using var bob = await LabStream.OpenAsync(lab, [asBob], "tandem@lab.test", "bob@lab.test");

        await lab.CreateAsync("<t:Contact><t:GivenName>Seen</t:GivenName></t:Contact>");
        Assert.NotNull(await first.UntilAsync(m => m.Descendants(T + "CreatedEvent").Any()));
        Assert.NotNull(await impersonated.UntilAsync(m => m.Descendants(T + "CreatedEvent").Any()));
        await lab.CreateAsync("<t:Contact><t:GivenName>Bob's</t:GivenName></t:Contact>", user: "bob@lab.test");
        Assert.NotNull(await bob.UntilAsync(m => m.Descendants(T + "CreatedEvent").Any()));
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task Subscribe_BeyondMaxSubscriptionsPerMailbox_ErrorExceededSubscriptionCountPerTargetMailbox()
    {
        await using var lab = await LabHarness.StartAsync("empty", configure: o => o with { MaxSubscriptionsPerMailbox = 2 });
        await SubscribeAsync(lab);
        var second = await SubscribeAsync(lab);
        Assert.Equal("ErrorExceededSubscriptionCount", Code(await lab.CallOneAsync(SubscribeContacts)));

        await SubscribeAsync(lab, "tandem@lab.test", "bob@lab.test");
        await SubscribeAsync(lab, "tandem@lab.test", "bob@lab.test");
        Assert.Equal("ErrorExceededSubscriptionCount", Code(await lab.CallOneAsync(SubscribeAll, "tandem@lab.test", "bob@lab.test")));
        await SubscribeAsync(lab, "tandem@lab.test", "carol@lab.test");

        Assert.Equal("NoError", Code(await lab.CallOneAsync($"<m:Unsubscribe><m:SubscriptionId>{second}</m:SubscriptionId></m:Unsubscribe>")));
        AssertSuccess(await lab.CallOneAsync(SubscribeContacts));
        lab.AssertAllExchangesValid();
    }

    /// <summary>Documented: "Maintain affinity between a group of subscriptions and the Mailbox server in Exchange" (X-AnchorMailbox and X-PreferServerAffinity on Subscribe; the X-BackEndOverrideCookie answered).</summary>
    [Fact]
    public async Task Subscribe_WithAnchorAndPreferServerAffinity_ReturnsBackEndOverrideCookie()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var headers = new Dictionary<string, string> { ["X-AnchorMailbox"] = "alice@lab.test", ["X-PreferServerAffinity"] = "true" };
        var (status, _, _) = await lab.PostRawAsync(Envelope(SubscribeAll), lab.Ews, headers);
        Assert.Equal(HttpStatusCode.OK, status);
        var cookie = Assert.Single(lab.LastResponseHeaders!.GetValues("Set-Cookie"));
        Assert.StartsWith("X-BackEndOverrideCookie=", cookie, StringComparison.Ordinal);

        await lab.PostRawAsync(Envelope(SubscribeAll), lab.Ews, new Dictionary<string, string> { ["X-AnchorMailbox"] = "alice@lab.test" });
        Assert.False(lab.LastResponseHeaders!.Contains("Set-Cookie"));
    }

    /// <summary>Documented: EWS ResponseCodes ErrorInvalidSubscription (the subscription id is not valid) and ErrorSubscriptionNotFound.</summary>
    [Fact]
    public async Task MalformedSubscriptionId_IsErrorInvalidSubscription_UnknownOneIsNotFound()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        await using var malformed = await LabStream.OpenAsync(lab, ["not an id!"]);
        var refused = await malformed.UntilAsync(_ => true);
        Assert.Equal("ErrorInvalidSubscription", LabStream.Code(refused));
        Assert.Equal("not an id!", refused.Descendants(T + "SubscriptionId").Single().Value);
        Assert.Equal("ErrorInvalidSubscription", Code(await lab.CallOneAsync("<m:Unsubscribe><m:SubscriptionId>not an id!</m:SubscriptionId></m:Unsubscribe>")));

        await using var unknown = await LabStream.OpenAsync(lab, [Convert.ToBase64String(Guid.NewGuid().ToByteArray())]);
        Assert.Equal("ErrorSubscriptionNotFound", LabStream.Code(await unknown.UntilAsync(_ => true)));
    }

    /// <summary>Documented: EWS ResponseCode ErrorNewEventStreamConnectionOpened, and "Notification subscriptions, mailbox events, and EWS in Exchange" (events are queued for the subscription until delivered).</summary>
    [Fact]
    public async Task NewConnection_TakesOverTheSubscription_OldOneHearsNewEventStreamConnectionOpened_NoEventLost()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var id = await SubscribeAsync(lab);
        await using var old = await LabStream.OpenAsync(lab, [id]);
        await using var replacement = await LabStream.OpenAsync(lab, [id]);
        var told = await old.UntilAsync(m => LabStream.Code(m) != "NoError");
        Assert.Equal("ErrorNewEventStreamConnectionOpened", LabStream.Code(told));
        Assert.Equal("Closed", told.Element(M + "ConnectionStatus")!.Value);

        var current = replacement;
        for (var i = 0; i < 10; i++)
        {
            // The client closes its connection and at once an event arrives, before the next connection is open: the lab
            // may already have written it to the closed one, and must deliver it again on the next.
            await current.DisposeAsync();
            var (created, _) = (await lab.CreateAsync($"<t:Contact><t:GivenName>E{i}</t:GivenName></t:Contact>")).Single();
            current = await LabStream.OpenAsync(lab, [id]);
            await current.UntilAsync(m => m.Descendants(T + "CreatedEvent").Any(e => (string?)e.Element(T + "ItemId")?.Attribute("Id") == created));
        }

        await current.DisposeAsync();
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task Subscribe_PublicFolder_NeedsThePublicFolderRoutingHeaders()
    {
        await using var lab = await LabHarness.StartAsync();
        var folder = (string)(await lab.PublicFolderAsync("Company Contacts")).Element(T + "FolderId")!.Attribute("Id")!;
        var subscribe = Envelope($"""<m:Subscribe><m:StreamingSubscriptionRequest><t:FolderIds><t:FolderId Id="{folder}"/></t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>""");
        var (_, unrouted, _) = await lab.PostRawAsync(subscribe, lab.Ews, null);
        Assert.Equal("ErrorInvalidSubscriptionRequest", unrouted.Descendants(M + "ResponseCode").Single().Value);

        var routing = new Dictionary<string, string> { ["X-AnchorMailbox"] = "PublicFolderMailbox@lab.test", ["X-PublicFolderMailbox"] = "PublicFolderMailbox@lab.test" };
        var (_, routed, _) = await lab.PostRawAsync(subscribe, lab.Ews, routing);
        Assert.Equal("NoError", routed.Descendants(M + "ResponseCode").Single().Value);
        var id = routed.Descendants(M + "SubscriptionId").Single().Value;

        await using var stream = await LabStream.OpenAsync(lab, [id]);
        await lab.CreateAsync("<t:Contact><t:GivenName>Public</t:GivenName></t:Contact>", $"<t:FolderId Id=\"{folder}\"/>");
        Assert.NotNull(await stream.UntilAsync(m => m.Descendants(T + "CreatedEvent").Any()));
        lab.AssertAllExchangesValid();
    }
}
