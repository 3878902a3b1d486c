using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using static Tandem.Lab.Tests.LabHarness;
using Tandem.Testing.Ews;

namespace Tandem.Lab.Tests;

/// <summary>
/// The 17 validated samples of ../shared/conformance/ews-samples (copied under Samples/): the request samples are sent to
/// the lab (as the service account impersonating alice, ids replaced by real ones where the sample's are placeholders)
/// and its answers validated; the response samples are validated and compared with what the lab sends in that situation.
/// </summary>
public sealed class SampleConformanceTests
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name))
        .Replace("alice@contoso.com", "alice@lab.test", StringComparison.Ordinal);

    [Fact]
    public async Task RequestSamples_SentToLab_AnswersAreSchemaValidWithExpectedCodes()
    {
        await using var lab = await LabHarness.StartAsync();
        var contacts = (await lab.FolderIdAsync("contacts")).Id;

        async Task<List<string>> Send(string name, Func<string, string>? edit = null)
        {
            var (_, doc, text) = await lab.PostRawAsync((edit ?? (s => s))(Sample(name)), "tandem@lab.test");
            return doc.Descendants(M + "ResponseCode").Select(c => c.Value).ToList() is { Count: > 0 } codes ? codes : [text];
        }

        Assert.Equal(["ErrorInvalidIdMalformed", "ErrorInvalidIdMalformed"], await Send("01_getitem.xml"));
        var (_, created, _) = await lab.PostRawAsync(Sample("02_createitem_contact.xml").Replace("AAMkFolder=", contacts, StringComparison.Ordinal), "tandem@lab.test");
        var contactId = (string)created.Descendants(T + "ItemId").Single().Attribute("Id")!;
        var (_, createdEvent, _) = await lab.PostRawAsync(Sample("03_createitem_calendar.xml"), "tandem@lab.test");
        var eventId = (string)createdEvent.Descendants(T + "ItemId").Single().Attribute("Id")!;

        // The samples' ChangeKeys are placeholders, not base64 of a ChangeKey; Exchange refuses such a key with
        // ErrorInvalidChangeKey (TypedStoreTests checks that), so the real ones are put in.
        var contactKey = (string)created.Descendants(T + "ItemId").Single().Attribute("ChangeKey")!;
        var eventKey = (string)createdEvent.Descendants(T + "ItemId").Single().Attribute("ChangeKey")!;
        string Ids(string s) => s.Replace("AAMkAD1=", eventId, StringComparison.Ordinal).Replace("AAMkAD2=", contactId, StringComparison.Ordinal)
            .Replace("DwAAABYA1", eventKey, StringComparison.Ordinal).Replace("DwAAABYA2", contactKey, StringComparison.Ordinal);

        Assert.Equal(["NoError", "NoError"], await Send("04_updateitem.xml", Ids));
        var (_, updated, _) = await lab.PostRawAsync(Envelope($"""<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="{eventId}"/><t:ItemId Id="{contactId}"/></m:ItemIds></m:GetItem>""", "alice@lab.test"), "tandem@lab.test");
        Assert.Equal("New subject", updated.Descendants(T + "CalendarItem").Single().Element(T + "Subject")!.Value);
        Assert.Null(updated.Descendants(T + "CalendarItem").Single().Element(T + "Location"));
        Assert.Equal("s@contoso.com", updated.Descendants(T + "Contact").Single().Element(T + "EmailAddresses")!.Value);

        Assert.Equal(["NoError"], await Send("06_subscribe_streaming_all.xml"));
        Assert.Equal(["NoError"], await Send("07_subscribe_pull.xml"));
        Assert.Equal(["ErrorSubscriptionNotFound"], await Send("08_getstreamingevents.xml"));
        Assert.Equal(["ErrorSubscriptionNotFound"], await Send("09_unsubscribe.xml"));
        Assert.Equal(["NoError"], await Send("10_finditem_poll.xml", s => s.Replace("AAEuAAAA=", contacts, StringComparison.Ordinal)));
        Assert.Equal(["NoError"], await Send("11_getfolder_pfroot.xml"));
        Assert.Equal(["ErrorInvalidSyncStateData"], await Send("12_syncfolderitems_ignore.xml"));
        Assert.Equal(["NoError", "NoError"], await Send("05_deleteitem.xml", Ids));
        lab.AssertAllExchangesValid();
    }

    [Theory]
    [InlineData("20_gse_heartbeat.xml")]
    [InlineData("21_gse_errorsubs.xml")]
    [InlineData("22_update_conflict.xml")]
    [InlineData("23_sfi_changes.xml")]
    [InlineData("24_serverbusy_msg.xml")]
    public void ResponseSamples_AreValidForTheValidator(string name) => EwsSchema.AssertValid(Sample(name), name);

    [Fact]
    public void Validator_RejectsTNotificationMisplacedAndBadRequests()
    {
        var bad = Sample("09_unsubscribe.xml").Replace("<m:SubscriptionId>", "<t:SubscriptionId>", StringComparison.Ordinal).Replace("</m:SubscriptionId>", "</t:SubscriptionId>", StringComparison.Ordinal);
        Assert.NotEmpty(EwsSchema.Errors(bad));
    }

    [Fact]
    public async Task UpdateConflict_LabAnswerHasTheShapeOfSample22()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (id, key) = (await lab.CreateAsync("<t:Contact><t:GivenName>A</t:GivenName></t:Contact>")).Single();
        var update = $"""<m:UpdateItem ConflictResolution="NeverOverwrite"><m:ItemChanges><t:ItemChange><t:ItemId Id="{id}" ChangeKey="{key}"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="contacts:GivenName"/><t:Contact><t:GivenName>B</t:GivenName></t:Contact></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>""";
        AssertSuccess(await lab.CallOneAsync(update));
        var conflict = await lab.CallOneAsync(update);

        var sample = XDocument.Parse(Sample("22_update_conflict.xml")).Descendants(M + "UpdateItemResponseMessage").First();
        Assert.Equal(Shape(sample), Shape(conflict));
        Assert.Equal(sample.Element(M + "MessageText")!.Value, conflict.Element(M + "MessageText")!.Value);
    }

    [Fact]
    public async Task StreamingHeartbeatAndUnknownSubscription_HaveTheShapesOfSamples20And21()
    {
        await using var lab = await LabHarness.StartAsync(heartbeat: TimeSpan.FromMilliseconds(300));
        var subscribe = await lab.CallOneAsync("""<m:Subscribe><m:StreamingSubscriptionRequest><t:FolderIds><t:DistinguishedFolderId Id="contacts"/></t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>""");
        var subscriptionId = subscribe.Element(M + "SubscriptionId")!.Value;

        var first = await FirstEnvelopeAsync(lab, subscriptionId);
        var heartbeat = first.Descendants(M + "GetStreamingEventsResponseMessage").Single();
        Assert.Equal(Shape(XDocument.Parse(Sample("20_gse_heartbeat.xml")).Descendants(M + "GetStreamingEventsResponseMessage").Single()), Shape(heartbeat));

        var unknown = await FirstEnvelopeAsync(lab, "JgBibjFw");
        Assert.Equal(Shape(XDocument.Parse(Sample("21_gse_errorsubs.xml")).Descendants(M + "GetStreamingEventsResponseMessage").Single()),
            Shape(unknown.Descendants(M + "GetStreamingEventsResponseMessage").Single()));
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task ThrottledAsResponseMessage_LabAnswerHasTheShapeOfSample24()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (id, _) = (await lab.CreateAsync("<t:Contact><t:GivenName>A</t:GivenName></t:Contact>")).Single();
        lab.Server.Faults.Throttle(1, backOffMilliseconds: 297749, asResponseMessage: true);

        var busy = await lab.CallOneAsync($"""<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="{id}"/></m:ItemIds></m:GetItem>""");

        var sample = XDocument.Parse(Sample("24_serverbusy_msg.xml")).Descendants(M + "GetItemResponseMessage").Single();
        Assert.Equal(Shape(sample), Shape(busy));
        Assert.True(XNode.DeepEquals(sample.Element(M + "MessageXml"), busy.Element(M + "MessageXml")));
        AssertSuccess(await lab.CallOneAsync($"""<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="{id}"/></m:ItemIds></m:GetItem>"""));
        lab.AssertAllExchangesValid();
    }

    internal static async Task<XDocument> FirstEnvelopeAsync(LabHarness lab, string subscriptionId)
    {
        var body = Envelope($"""<m:GetStreamingEvents><m:SubscriptionIds><t:SubscriptionId>{subscriptionId}</t:SubscriptionId></m:SubscriptionIds><m:ConnectionTimeout>1</m:ConnectionTimeout></m:GetStreamingEvents>""");
        using var request = new HttpRequestMessage(HttpMethod.Post, lab.Ews) { Content = new StringContent(body, Encoding.UTF8, "text/xml") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String("alice@lab.test:lab"u8.ToArray()));
        using var response = await lab.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var text = new StringBuilder();
        var buffer = new char[1024];
        while (!text.ToString().Contains("</s:Envelope>", StringComparison.Ordinal))
        {
            var n = await reader.ReadAsync(buffer);
            Assert.True(n > 0, "stream ended before a full envelope: " + text);
            text.Append(buffer, 0, n);
        }

        var envelope = text.ToString();
        return XDocument.Parse(envelope[..(envelope.IndexOf("</s:Envelope>", StringComparison.Ordinal) + "</s:Envelope>".Length)]);
    }

    private static List<string> Shape(XElement message) =>
        [(string)message.Attribute("ResponseClass")!, .. message.Elements().Select(e => e.Name.LocalName + ":" + (e.Name.LocalName is "ResponseCode" or "ConnectionStatus" ? e.Value : string.Empty))];
}
