using Tandem.Connectors.Ews.Notifications;
using Tandem.Testing;
using Xunit.Abstractions;

namespace Tandem.Connectors.Ews.Tests;

public sealed class StreamingParseTests(ITestOutputHelper output)
{
    private static string Sample(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", name));

    private static string Events(string notificationNs) =>
        "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body>"
        + "<m:GetStreamingEventsResponse xmlns:m=\"http://schemas.microsoft.com/exchange/services/2006/messages\" xmlns:t=\"http://schemas.microsoft.com/exchange/services/2006/types\">"
        + "<m:ResponseMessages><m:GetStreamingEventsResponseMessage ResponseClass=\"Success\"><m:ResponseCode>NoError</m:ResponseCode><m:Notifications>"
        + $"<{notificationNs}:Notification><t:SubscriptionId>S1</t:SubscriptionId><t:CreatedEvent><t:TimeStamp>2026-01-01T00:00:00Z</t:TimeStamp>"
        + "<t:ItemId Id=\"I1\" ChangeKey=\"CQAAAA==\"/><t:ParentFolderId Id=\"F1\" ChangeKey=\"AQAAAA==\"/></t:CreatedEvent>"
        + $"</{notificationNs}:Notification></m:Notifications></m:GetStreamingEventsResponseMessage></m:ResponseMessages></m:GetStreamingEventsResponse></s:Body></s:Envelope>";

    [Theory]
    [InlineData("m")]
    [InlineData("t")]
    public void Parse_NotificationInEitherNamespace_ReportsEvents(string ns)
    {
        var parsed = StreamingEnvelope.Parse(Events(ns));
        Assert.True(parsed.HasEvents);
        Assert.Equal(["S1"], parsed.EventIds);
        Assert.False(parsed.Closed);
        Assert.False(parsed.SubscriptionLost);
    }

    [Fact]
    public void Parse_HeartbeatSample_NoEventsConnectionOpen()
    {
        var parsed = StreamingEnvelope.Parse(Sample("20_gse_heartbeat.xml"));
        Assert.Equal((false, false, false, (string?)null, 0, 0), (parsed.HasEvents, parsed.Closed, parsed.SubscriptionLost, parsed.ErrorCode, parsed.EventIds.Count, parsed.ErrorIds.Count));
    }

    [Fact]
    public void Parse_ErrorSubscriptionIdsSample_SubscriptionLost()
    {
        var parsed = StreamingEnvelope.Parse(Sample("21_gse_errorsubs.xml"));
        Assert.True(parsed.SubscriptionLost);
        Assert.Equal("ErrorSubscriptionNotFound", parsed.ErrorCode);
        Assert.NotEmpty(parsed.ErrorIds);
    }

    [Fact]
    public void Push_EnvelopesCutAtRandomPlaces_ComeOutWhole()
    {
        var seed = TestSeed.Announce(output);
        var random = new Random(seed);
        var envelopes = new[] { Events("m"), Sample("20_gse_heartbeat.xml").Trim(), Events("t") };
        var stream = string.Join("\r\n", envelopes.Select((e, i) => i == 1 ? e : "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + e));
        for (var round = 0; round < 200; round++)
        {
            var splitter = new EnvelopeSplitter();
            var output = new List<string>();
            for (var pos = 0; pos < stream.Length;)
            {
                var take = Math.Min(stream.Length - pos, random.Next(1, 300));
                output.AddRange(splitter.Push(stream.Substring(pos, take)));
                pos += take;
            }
            Assert.True(output.Count == 3, $"seed {seed}: {output.Count} envelopes");
            for (var i = 0; i < 3; i++)
            {
                var (got, want) = (StreamingEnvelope.Parse(output[i]), StreamingEnvelope.Parse(envelopes[i]));
                Assert.True(got with { EventIds = [], ErrorIds = [] } == want with { EventIds = [], ErrorIds = [] } && got.EventIds.SequenceEqual(want.EventIds), $"seed {seed}: envelope {i} differs");
            }
        }
    }
}
