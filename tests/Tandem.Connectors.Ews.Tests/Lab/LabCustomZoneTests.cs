using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Recurrence;
using Tandem.Core.TimeZones;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>
/// A series in a zone only its file's VTIMEZONE describes (dated changes, offsets no system zone has) written to the lab
/// as a t:TimeZoneDefinition: the lab (as Exchange) expands the series by it, so occurrences addressed by index, the
/// moved one and the deleted ones land on the instants the file means, and reading the item back gives the same
/// instants for two years of occurrences — never UTC or a fixed offset in place of the zone.
/// </summary>
public sealed class LabCustomZoneTests
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    [Fact]
    public async Task CreateThenRead_SeriesInFilesOwnZone_LabExpandsByItAndReadsBackTheSameInstants()
    {
        var zone = SampleZones.Isles();
        ItemTime At(int month, int day, int hour, int minute = 15) => new(new DateTime(2026, month, day, hour, minute, 0), zone);
        var series = SampleZones.IslesSeries(zone) with
        {
            DeletedOccurrences = [At(7, 13, 7), At(10, 19, 7)],
            Exceptions = [new EventException(At(4, 6, 7), new Event { Subject = "Ferry (moved)", Start = At(4, 6, 9, 0), End = At(4, 6, 10, 0) })],
        };
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        var folder = FolderRef.Parse("lab:alice@lab.test/Calendar/Isles");
        await using var session = await connector.OpenFolderAsync(folder, ItemKind.Event, create: true, Ct);
        var written = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp(), series)], Ct));
        Assert.True(written.Outcome == WriteOutcome.Ok, written.Error);

        await using var reader = await connector.OpenFolderAsync(folder, ItemKind.Event, create: false, Ct);
        var read = Assert.IsType<Event>(Assert.Single((await reader.ReadChangesAsync(null, Ct)).Upserts).Item);

        Assert.Contains(lab.Requests, r => r.Contains("<t:Periods>", StringComparison.Ordinal) && r.Contains("AbsoluteDateTransition", StringComparison.Ordinal));
        Assert.True(ExchangeZones.IsCustom(read.Start.TimeZone), read.Start.TimeZone);
        Assert.Equal(new DateTime(2026, 1, 5, 7, 15, 0), read.Start.Value);
        // the lab answered the moved and deleted occurrences by its own expansion: they are the ones the file means
        Assert.Equal(series.DeletedOccurrences.Select(t => t.ToInstant()), read.DeletedOccurrences.Select(t => t.ToInstant()));
        var moved = Assert.Single(read.Exceptions);
        Assert.Equal(At(4, 6, 7).ToInstant(), moved.RecurrenceId.ToInstant());
        Assert.Equal(At(4, 6, 9, 0).ToInstant(), moved.Occurrence.Start.ToInstant());
        Assert.Equal(Instants(series), Instants(read));
        Assert.Contains(new DateTimeOffset(2026, 3, 30, 5, 45, 0, TimeSpan.Zero), Instants(read)); // 07:15 at +01:30
        Assert.Contains(new DateTimeOffset(2026, 10, 26, 6, 45, 0, TimeSpan.Zero), Instants(read)); // 07:15 at +00:30
        lab.AssertRequestsValid();
    }

    private static List<DateTimeOffset> Instants(Event e) =>
        RecurrenceExpander.Expand(e, new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero))
            .Select(o => o.Start.ToInstant()).ToList();
}
