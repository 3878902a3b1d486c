using Tandem.Connectors.Local.Feed;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Http;

namespace Tandem.Connectors.Local.Tests;

/// <summary>A holiday feed served on loopback as a read-only member: conditional GETs, changed items only, removals, refused writes.</summary>
public sealed class FeedConnectorTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static string Holidays(params (string Uid, string Date, string Name)[] days) =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tandem tests//holidays//EN\r\n" +
        string.Concat(days.Select(d => $"BEGIN:VEVENT\r\nUID:{d.Uid}\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:{d.Date}\r\nSUMMARY:{d.Name}\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n")) +
        "END:VCALENDAR\r\n";

    private static async Task<IFolderSession> OpenAsync(FeedServer server, string poll = "1h")
    {
        var connector = new FeedConnectorFactory().Create(
            new ConnectionDefinition("holidays", "feed", new Dictionary<string, string> { ["url"] = server.Url.ToString(), ["poll"] = poll }),
            new Dictionary<string, string>());
        return await connector.OpenFolderAsync(FolderRef.Parse("holidays:feed/Holidays"), ItemKind.Event, create: false, Ct);
    }

    [Fact]
    public async Task ReadChanges_UnchangedFeed_AnswersNotModifiedAndYieldsNothing()
    {
        await using var server = new FeedServer { Body = Holidays(("ny", "20270101", "New Year"), ("may", "20270501", "Labour Day")) };
        await using var session = await OpenAsync(server);
        var first = await session.ReadChangesAsync(null, Ct);
        Assert.True(first.IsComplete);
        Assert.Equal(["New Year", "Labour Day"], first.Upserts.Select(u => ((Event)u.Item!).Subject));

        var idle = await session.ReadChangesAsync(first.NewToken, Ct);
        Assert.Empty(idle.Upserts);
        Assert.Empty(idle.Deletions);
        Assert.Equal(first.NewToken, idle.NewToken);
        Assert.Equal(1, server.FullResponses);
        Assert.Equal(1, server.NotModifiedResponses);
    }

    [Fact]
    public async Task ReadChanges_FeedChanged_YieldsOnlyChangedItemsAndRemovals()
    {
        await using var server = new FeedServer { Body = Holidays(("ny", "20270101", "New Year"), ("may", "20270501", "Labour Day"), ("xmas", "20271225", "Christmas")) };
        await using var session = await OpenAsync(server);
        var first = await session.ReadChangesAsync(null, Ct);
        server.Body = Holidays(("ny", "20270101", "New Year's Day"), ("xmas", "20271225", "Christmas"));
        var changed = await session.ReadChangesAsync(first.NewToken, Ct);
        Assert.Equal("New Year's Day", ((Event)Assert.Single(changed.Upserts).Item!).Subject);
        Assert.Equal(["uid:may"], changed.Deletions);
        Assert.False(changed.IsComplete);
    }

    [Fact]
    public async Task Write_AnyWrite_RefusedAsReadOnly()
    {
        await using var server = new FeedServer { Body = Holidays(("ny", "20270101", "New Year")) };
        await using var session = await OpenAsync(server);
        var result = Assert.Single(await session.WriteAsync([Samples.Create(new Event { Subject = "x", Start = ItemTime.Date(new DateOnly(2027, 1, 2)) }, "e1")], Ct));
        Assert.Equal(WriteOutcome.Failed, result.Outcome);
        Assert.Contains("read-only", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Subscribe_FeedChanges_SignalsOnlyThen()
    {
        await using var server = new FeedServer { Body = Holidays(("ny", "20270101", "New Year")) };
        await using var session = await OpenAsync(server, poll: "1s");
        var signals = 0;
        var changed = new TaskCompletionSource();
        await using (await session.SubscribeAsync(() => { Interlocked.Increment(ref signals); changed.TrySetResult(); }, Ct))
        {
            while (server.NotModifiedResponses < 2) await Task.Delay(100);
            Assert.Equal(0, Volatile.Read(ref signals));
            server.Body = Holidays(("ny", "20270101", "New Year"), ("may", "20270501", "Labour Day"));
            await changed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        Assert.Equal(1, Volatile.Read(ref signals));
    }

    [Theory]
    [InlineData("ftp://example.org/x.ics")]
    [InlineData("not a url")]
    public void Create_BadUrl_SaysWhichSettingAndWhy(string url)
    {
        var e = Assert.Throws<ArgumentException>(() => new FeedConnectorFactory().Create(
            new ConnectionDefinition("holidays", "feed", new Dictionary<string, string> { ["url"] = url }), new Dictionary<string, string>()));
        Assert.Contains("url", e.Message, StringComparison.Ordinal);
    }
}
