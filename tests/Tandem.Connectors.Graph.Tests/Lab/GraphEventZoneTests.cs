using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.TimeZones;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Graph.Tests.Lab;

/// <summary>
/// Events over Graph beyond the contract: an exception's own attendees, and zones Windows has no id for (a zone only a
/// calendar file's VTIMEZONE describes) — written as the Windows zone with the same rules, as an exact instant for a
/// single event, and not at all for a series no Windows zone can hold (never as a fixed offset).
/// </summary>
public sealed class GraphEventZoneTests(GraphLab lab) : IClassFixture<GraphLab>
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [Fact]
    public async Task Exception_ItsOwnAttendeesChange_ReadBackEqual()
    {
        var session = await OpenAsync();
        var series = SampleItems.SeriesWithExceptions();
        var exception = series.Exceptions[0];
        var withGuest = series with { Exceptions = [exception with { Occurrence = exception.Occurrence with { Attendees = [new Attendee("guest@lab.test", "Guest", AttendeeRole.Optional)] } }] };
        var created = Assert.Single(await session.WriteAsync([SampleItems.Create(withGuest, "L-att", "zones")], Ct));
        Assert.Equal(WriteOutcome.Ok, created.Outcome);
        Assert.Equal(Hash(withGuest), Hash(Assert.Single((await session.ReadChangesAsync(null, Ct)).Upserts).Item!));

        var swapped = series with { Exceptions = [exception with { Occurrence = exception.Occurrence with { Attendees = [new Attendee("dave@lab.test", "Dave", AttendeeRole.Required)] } }] };
        var updated = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, SampleItems.Stamp("L-att", "zones"), swapped, created.RemoteId, created.ChangeKey)], Ct));
        Assert.Equal(WriteOutcome.Ok, updated.Outcome);

        var read = (Event)Assert.Single((await session.ReadChangesAsync(null, Ct)).Upserts).Item!;
        Assert.Equal(Hash(swapped), Hash(read));
        Assert.Equal("dave@lab.test", Assert.Single(read.Exceptions[0].Occurrence.Attendees).Email);
        Assert.Empty(read.Attendees);
    }

    [Fact]
    public async Task SeriesInAFileOnlyZone_WithEuropeanRules_IsWrittenInTheWindowsZoneWithThoseRules()
    {
        var session = await OpenAsync();
        var zone = CustomZoneId.Encode(Definition("Office time", 1, 2));
        var series = Series(zone);
        var result = Assert.Single(await session.WriteAsync([SampleItems.Create(series, "L-eu", "zones")], Ct));
        Assert.Equal(WriteOutcome.Ok, result.Outcome);

        var read = (Event)Assert.Single((await session.ReadChangesAsync(null, Ct)).Upserts).Item!;
        // The same rules under a name Graph knows: Berlin's (W. Europe Standard Time), wall-clock times unchanged.
        Assert.Equal("Europe/Berlin", read.Start.TimeZone);
        Assert.Equal(series.Start.Value, read.Start.Value);
        Assert.Equal(series.Start.ToInstant(TimeZoneInfo.Utc), read.Start.ToInstant(TimeZoneInfo.Utc));
        Assert.Equal(series.Recurrence, read.Recurrence);
    }

    [Fact]
    public async Task SeriesInAZoneNoWindowsZoneMatches_IsNotWritten_ASingleEventIsWrittenAsItsExactInstant()
    {
        var session = await OpenAsync();
        // Daylight saving from the first Sunday of May to the first of September, at +05:17: no zone anywhere has that.
        var zone = CustomZoneId.Encode(Definition("Nowhere time", 5.0 + 17 / 60.0, 6.0 + 17 / 60.0, daylightMonth: 5, standardMonth: 9));
        var series = Series(zone);
        var single = series with { Recurrence = null, Subject = "One-off", Uid = "uid-one-off" };

        var results = await session.WriteAsync([SampleItems.Create(series, "L-series", "zones"), SampleItems.Create(single, "L-single", "zones")], Ct);

        Assert.Equal(WriteOutcome.Refused, results[0].Outcome);
        Assert.Contains("Nowhere time", results[0].Error, StringComparison.Ordinal);
        Assert.Contains("same rules", results[0].Error, StringComparison.Ordinal);
        Assert.Equal(WriteOutcome.Ok, results[1].Outcome);
        var read = (Event)Assert.Single((await session.ReadChangesAsync(null, Ct)).Upserts).Item!;
        Assert.Equal("One-off", read.Subject);
        Assert.Equal(single.Start.ToInstant(TimeZoneInfo.Utc), read.Start.ToInstant(TimeZoneInfo.Utc));
        Assert.Equal(single.End!.ToInstant(TimeZoneInfo.Utc), read.End!.ToInstant(TimeZoneInfo.Utc));
    }

    private async Task<IFolderSession> OpenAsync()
    {
        var connector = lab.Connect();
        return await connector.OpenFolderAsync(FolderRef.Parse($"lab:bob@lab.test/Calendar/Zones {Guid.NewGuid():N}"), ItemKind.Event, create: true, Ct);
    }

    private static Event Series(string zone) => new()
    {
        Uid = "uid-zone-" + Guid.NewGuid().ToString("N"),
        Subject = "Standup",
        Start = new ItemTime(new DateTime(2026, 3, 23, 9, 0, 0), zone),
        End = new ItemTime(new DateTime(2026, 3, 23, 9, 15, 0), zone),
        Recurrence = new RecurrenceRule { Frequency = Frequency.Weekly, ByDay = [new WeekdayNum(DayOfWeek.Monday)], Count = 4 },
    };

    private static string Hash(CanonicalItem item) => ContentHash.Compute(item);

    /// <summary>A VTIMEZONE: standard and daylight offsets, daylight from the last (or first) Sunday of one month to another.</summary>
    private static VTimeZoneDefinition Definition(string tzid, double standard, double daylight, int daylightMonth = 3, int standardMonth = 10)
    {
        var std = TimeSpan.FromHours(standard);
        var dst = TimeSpan.FromHours(daylight);
        var week = daylightMonth == 3 ? -1 : 1;
        return new VTimeZoneDefinition(tzid,
        [
            new TimeZoneObservance(false, new DateTime(1601, standardMonth, 1, 3, 0, 0), dst, std,
                new RecurrenceRule { Frequency = Frequency.Yearly, ByMonth = [standardMonth], ByDay = [new WeekdayNum(DayOfWeek.Sunday, week)] }),
            new TimeZoneObservance(true, new DateTime(1601, daylightMonth, 1, 2, 0, 0), std, dst,
                new RecurrenceRule { Frequency = Frequency.Yearly, ByMonth = [daylightMonth], ByDay = [new WeekdayNum(DayOfWeek.Sunday, week)] }),
        ]);
    }
}
