using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Integration.Tests.Ews;
using Tandem.Testing.Items;
using Xunit.Abstractions;

namespace Tandem.Integration.Tests.Graph;

/// <summary>
/// A calendar group across protocols: one mailbox over EWS, two over Graph, all in one lab (one store). A recurring series
/// with a deleted and a moved occurrence and a recurring all-day event, made in Outlook over EWS, must read back the same
/// (equal content hashes) over Graph; an edit of the exception and a delete made over Graph must reach the EWS mailbox.
/// </summary>
public sealed class GraphCalendarProcessTests(ITestOutputHelper log)
{
    private const string Alice = "alice@lab.test";
    private const string Bob = "bob@lab.test";
    private const string Carol = "carol@lab.test";

    [Fact]
    public async Task MixedCalendarGroup_SeriesWithExceptionAndAllDay_ConvergeOverEwsAndGraph()
    {
        await using var f = await LabFixture.StartAsync();
        await GraphSyncProcessTests.AddConnectionsAsync(f);
        await EwsCli.RunOkAsync(f.State, "group", "add", "team", "--type", "calendar");
        await EwsCli.RunOkAsync(f.State, "member", "add", "team", $"lab:{Alice}/Calendar/Team", "--role", "two-way");
        await EwsCli.RunOkAsync(f.State, "member", "add", "team", $"g:{Bob}/Calendar/Team", "--role", "two-way");
        await EwsCli.RunOkAsync(f.State, "member", "add", "team", $"g:{Carol}/Calendar/Team", "--role", "target");

        await using var outlook = LabClients.Outlook(f, Alice);
        await using var graph = LabClients.GraphUser(f);
        await using var alice = await outlook.OpenFolderAsync(FolderRef.Parse($"outlook:{Alice}/Calendar/Team"), ItemKind.Event, create: true, default);
        var series = SampleItems.SeriesWithExceptions();
        var holiday = SampleItems.AllDayEvent();
        // Single meetings beside them, so one deletion stays under the mass-deletion guard's share.
        var meetings = Enumerable.Range(3, 6).Select(d => (CanonicalItem)SampleItems.Meeting("Meeting " + d, d)).ToList();
        var made = await alice.WriteAsync(
            [.. new CanonicalItem[] { series, holiday }.Concat(meetings).Select((item, i) => new WriteRequest(WriteKind.Create, new ItemStamp("outlook", "u-" + i, "u-" + i), item))],
            default);
        Assert.All(made, m => Assert.Equal(WriteOutcome.Ok, m.Outcome));

        log.WriteLine(await EwsCli.RunOkAsync(f.State, "sync"));

        await using var bob = await graph.OpenFolderAsync(FolderRef.Parse($"graph-user:{Bob}/Calendar/Team"), ItemKind.Event, create: false, default);
        await using var carol = await graph.OpenFolderAsync(FolderRef.Parse($"graph-user:{Carol}/Calendar/Team"), ItemKind.Event, create: false, default);
        var expected = Hashes([series, holiday, .. meetings]);
        Assert.Equal(expected, await HashesAsync(alice));
        Assert.Equal(expected, await HashesAsync(bob));
        Assert.Equal(expected, await HashesAsync(carol));

        // Bob, over Graph, moves the moved occurrence once more and renames it, and deletes the holiday.
        var bobs = (await bob.ReadChangesAsync(null, default)).Upserts;
        var bobSeries = bobs.Single(i => ((Event)i.Item!).Recurrence?.Frequency == Frequency.Weekly);
        var bobHoliday = bobs.Single(i => ((Event)i.Item!).IsAllDay);
        var exception = series.Exceptions[0];
        var edited = series with
        {
            Exceptions = [exception with { Occurrence = exception.Occurrence with { Subject = "Team sync (moved again)", Location = "Room 3" } }],
        };
        var writes = await bob.WriteAsync(
        [
            new WriteRequest(WriteKind.Update, bobSeries.Stamp!, edited, bobSeries.RemoteId, bobSeries.ChangeKey),
            new WriteRequest(WriteKind.Delete, bobHoliday.Stamp!, RemoteId: bobHoliday.RemoteId, ExpectedChangeKey: bobHoliday.ChangeKey),
        ], default);
        Assert.All(writes, w => Assert.True(w.Outcome == WriteOutcome.Ok, $"{w.Outcome} {w.Error}"));

        log.WriteLine(await EwsCli.RunOkAsync(f.State, "sync"));

        var after = Hashes([edited, .. meetings]);
        Assert.Equal(after, await HashesAsync(alice));
        Assert.Equal(after, await HashesAsync(bob));
        Assert.Equal(after, await HashesAsync(carol));
        Assert.Equal(0, EwsCli.Writes(await EwsCli.RunOkAsync(f.State, "sync")));
    }

    internal static List<string> Hashes(IEnumerable<CanonicalItem> items) => [.. items.Select(ContentHash.Compute).Order(StringComparer.Ordinal)];

    internal static async Task<List<string>> HashesAsync(IFolderSession folder)
    {
        var all = await folder.ReadChangesAsync(null, default);
        Assert.All(all.Upserts, u => Assert.Null(u.ParseError));
        return [.. all.Upserts.Select(u => ContentHash.Compute(u.Item!)).Order(StringComparer.Ordinal)];
    }
}
