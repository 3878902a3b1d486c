using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;
using static Tandem.Lab.Tests.LabHarness;

namespace Tandem.Lab.Tests;

/// <summary>Several front ends over one store, Autodiscover naming a live one, and the failover faults.</summary>
public sealed class FrontEndTests
{
    private static readonly string GetInbox = Envelope("""<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder>""");

    private static Uri Ews(LabHarness lab, int frontEnd) => new(lab.Server.FrontEndUrls[frontEnd], "EWS/Exchange.asmx");

    private static async Task<string> AutodiscoverJsonAsync(LabHarness lab, int frontEnd)
    {
        var json = await lab.Http.GetStringAsync(new Uri(lab.Server.FrontEndUrls[frontEnd], "autodiscover/autodiscover.json/v1.0/alice@lab.test?Protocol=EWS"));
        return JsonDocument.Parse(json).RootElement.GetProperty("Url").GetString()!;
    }

    private static async Task<string> AutodiscoverPoxAsync(LabHarness lab, int frontEnd)
    {
        var body = """<Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006"><Request><EMailAddress>alice@lab.test</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>""";
        using var request = Request(body, new Uri(lab.Server.FrontEndUrls[frontEnd], "autodiscover/autodiscover.xml"));
        using var response = await lab.Http.SendAsync(request);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.Descendants().First(e => e.Name.LocalName == "EwsUrl").Value;
    }

    private static async Task<string> AutodiscoverSoapAsync(LabHarness lab, int frontEnd)
    {
        var endpoint = new Uri(lab.Server.FrontEndUrls[frontEnd], "autodiscover/autodiscover.svc");
        var body = $"""<soap:Envelope xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover" xmlns:wsa="http://www.w3.org/2005/08/addressing" xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Header><a:RequestedServerVersion>Exchange2013</a:RequestedServerVersion><wsa:Action>http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/GetUserSettings</wsa:Action><wsa:To>{endpoint}</wsa:To></soap:Header><soap:Body><a:GetUserSettingsRequestMessage><a:Request><a:Users><a:User><a:Mailbox>alice@lab.test</a:Mailbox></a:User></a:Users><a:RequestedSettings><a:Setting>ExternalEwsUrl</a:Setting></a:RequestedSettings></a:Request></a:GetUserSettingsRequestMessage></soap:Body></soap:Envelope>""";
        using var request = Request(body, endpoint);
        using var response = await lab.Http.SendAsync(request);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.Descendants().First(e => e.Name.LocalName == "Value").Value;
    }

    [Fact]
    public async Task FrontEnds_TwoOverOneStore_EachOnItsPortAndAutodiscoverNamesTheFirstLiveOne()
    {
        await using var lab = await LabHarness.StartAsync("empty", configure: o => o with { FrontEnds = 2 });
        Assert.Equal(2, lab.Server.FrontEndUrls.Count);
        Assert.NotEqual(lab.Server.FrontEndUrls[0].Port, lab.Server.FrontEndUrls[1].Port);
        Assert.Equal(lab.Server.BaseUrl, lab.Server.FrontEndUrls[0]);

        // One store: an item created through front end 0 is read through front end 1.
        var (id, _) = (await lab.CreateAsync("<t:Contact><t:GivenName>Shared</t:GivenName></t:Contact>")).Single();
        var (status, doc, _) = await lab.PostRawAsync(Envelope($"""<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="{id}"/></m:ItemIds></m:GetItem>"""), Ews(lab, 1), null);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Shared", doc.Descendants(T + "GivenName").Single().Value);

        Assert.Equal(Ews(lab, 0).ToString(), await AutodiscoverJsonAsync(lab, 1));
        lab.Server.Faults.TakeDown(0);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => lab.PostRawAsync(GetInbox, Ews(lab, 0), null));
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => AutodiscoverJsonAsync(lab, 0));
        Assert.Equal(Ews(lab, 1).ToString(), await AutodiscoverJsonAsync(lab, 1));
        Assert.Equal(Ews(lab, 1).ToString(), await AutodiscoverPoxAsync(lab, 1));
        Assert.Equal(Ews(lab, 1).ToString(), await AutodiscoverSoapAsync(lab, 1));
        Assert.Equal(HttpStatusCode.OK, (await lab.PostRawAsync(GetInbox, Ews(lab, 1), null)).Status);

        using var up = await lab.Http.PostAsync(new Uri(lab.Server.FrontEndUrls[1], "lab/faults"),
            new StringContent("""{"bringUp":0}""", Encoding.UTF8, "application/json"));
        Assert.False(lab.Server.Faults.IsDown(0));
        Assert.Equal(Ews(lab, 0).ToString(), await AutodiscoverJsonAsync(lab, 1));
        Assert.Equal(HttpStatusCode.OK, (await lab.PostRawAsync(GetInbox, Ews(lab, 0), null)).Status);
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task MailboxMoveInProgress_OneFrontEnd_AnswersEveryOperationWithTheFaultWhileTheOtherServes()
    {
        await using var lab = await LabHarness.StartAsync("empty", configure: o => o with { FrontEnds = 2 });
        using var post = await lab.Http.PostAsync(new Uri(lab.Server.BaseUrl, "lab/faults"), new StringContent("""{"mailboxMoveInProgress":{"frontEnd":1,"on":true}}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.True(lab.Server.Faults.IsMailboxMoveInProgress(1));

        foreach (var body in new[] { GetInbox, Envelope("""<m:Subscribe><m:StreamingSubscriptionRequest SubscribeToAllFolders="true"><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>""") })
        {
            var (status, fault, _) = await lab.PostRawAsync(body, Ews(lab, 1), null);
            Assert.Equal(HttpStatusCode.InternalServerError, status);
            Assert.Equal("ErrorMailboxMoveInProgress", fault.Descendants(XName.Get("ResponseCode", "http://schemas.microsoft.com/exchange/services/2006/errors")).Single().Value);
        }

        Assert.Equal(HttpStatusCode.OK, (await lab.PostRawAsync(GetInbox, Ews(lab, 0), null)).Status);
        lab.Server.Faults.MailboxMoveInProgress(1, false);
        Assert.Equal(HttpStatusCode.OK, (await lab.PostRawAsync(GetInbox, Ews(lab, 1), null)).Status);
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task TakeDown_CutsItsOpenStreamsAndForgetsTheSubscriptionsItHeld()
    {
        await using var lab = await LabHarness.StartAsync("empty", configure: o => o with { FrontEnds = 2 });
        var onZero = (await lab.CallOneAsync(StreamingLimitTests.SubscribeAll)).Element(M + "SubscriptionId")!.Value;
        var (_, viaOne, _) = await lab.PostRawAsync(Envelope(StreamingLimitTests.SubscribeAll), Ews(lab, 1), null);
        var onOne = viaOne.Descendants(M + "SubscriptionId").Single().Value;

        await using var stream = await LabStream.OpenAsync(lab, [onZero], ews: Ews(lab, 0));
        await using var other = await LabStream.OpenAsync(lab, [onZero, onOne], ews: Ews(lab, 1));
        await lab.CreateAsync("<t:Contact><t:GivenName>Before</t:GivenName></t:Contact>");
        await other.UntilAsync(m => m.Descendants(T + "CreatedEvent").Any());

        lab.Server.Faults.TakeDown(0);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await stream.NextAsync() is not null)
            {
            }

            throw new IOException("clean end");
        });

        // The connection on front end 1 hears that the subscription front end 0 held is gone; its own stays.
        var gone = await other.UntilAsync(m => LabStream.Code(m) == "ErrorSubscriptionNotFound");
        Assert.Equal(onZero, gone.Descendants(T + "SubscriptionId").Single().Value);
        var create = Envelope("""<m:CreateItem MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="contacts"/></m:SavedItemFolderId><m:Items><t:Contact><t:GivenName>After</t:GivenName></t:Contact></m:Items></m:CreateItem>""");
        Assert.Equal(HttpStatusCode.OK, (await lab.PostRawAsync(create, Ews(lab, 1), null)).Status);
        var still = await other.UntilAsync(m => m.Descendants(T + "CreatedEvent").Any());
        Assert.Equal(onOne, still.Descendants(T + "SubscriptionId").Single().Value);

        lab.Server.Faults.BringUp(0);
        await using var again = await LabStream.OpenAsync(lab, [onZero], ews: Ews(lab, 0));
        Assert.Equal("ErrorSubscriptionNotFound", LabStream.Code(await again.UntilAsync(_ => true)));
    }
}
