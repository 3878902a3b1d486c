using System.Globalization;
using Tandem.Core.Items;
using Tandem.Core.Recurrence;
using Tandem.Core.TimeZones;
using Tandem.Formats.ICalendar;
using Tandem.Testing;
using Tandem.Testing.Python;
using Xunit.Abstractions;

namespace Tandem.Formats.Tests.ICalendar;

/// <summary>
/// Property tests on zones only a VTIMEZONE describes (<see cref="RandomZones"/>): a random series in a random
/// zone gives the same instants after write and read, keeps its wall-clock time across the zone's changes, and
/// python3-icalendar (which builds its own zone from the same VTIMEZONE) expands it to the same instants — from
/// the file as generated and from the file Tandem writes back.
/// </summary>
public sealed class RandomZoneTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2028, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void WriteThenRead_RandomSeriesInRandomZones_SameInstantsAndWallClock()
    {
        var seed = TestSeed.Announce(output);
        var zones = new RandomZones(seed);
        var custom = 0;
        for (var i = 0; i < 200; i++)
        {
            var text = zones.NextCalendar(i);
            try
            {
                var series = Assert.IsType<Event>(Assert.Single(ICalendarCodec.ReadAll(text)));
                if (CustomZoneId.IsCustom(series.Start.TimeZone)) custom++;
                var occurrences = RecurrenceExpander.Expand(series, From, To);
                Assert.All(occurrences, o => Assert.Equal(series.Start.Value.TimeOfDay, o.Start.Value.TimeOfDay));
                var back = Assert.IsType<Event>(Assert.Single(ICalendarCodec.ReadAll(ICalendarCodec.Write(series))));
                Assert.Equal(Instants(series), Instants(back));
                Assert.Equal(ItemNormalizer.Normalize(series), ItemNormalizer.Normalize(back));
            }
            catch (Exception)
            {
                output.WriteLine($"seed {seed}, calendar {i}:\n{text}");
                throw;
            }
        }
        // The generator aims at zones no system zone has; if most matched one, this test would test little.
        Assert.True(custom > 170, $"only {custom} of 200 random zones stayed custom");
    }

    [SkippableFact]
    public void Expand_RandomSeriesInRandomZones_SameInstantsAsPythonIcalendar()
    {
        var oracle = PythonOracle.Require("icalendar", "dateutil");
        var seed = TestSeed.Announce(output) + 1;
        var zones = new RandomZones(seed, ruleChanges: false);
        var dir = Directory.CreateTempSubdirectory("tandem-random-zones-");
        try
        {
            for (var i = 0; i < 15; i++)
            {
                var text = zones.NextCalendar(i);
                var series = Assert.IsType<Event>(Assert.Single(ICalendarCodec.ReadAll(text)));
                var ours = Instants(series).Select(Key).ToList();
                foreach (var (name, content) in new[] { ("generated", text), ("written", ICalendarCodec.Write(series)) })
                {
                    var path = Path.Combine(dir.FullName, $"{i}-{name}.ics");
                    File.WriteAllText(path, content);
                    var py = oracle.Run(TestFiles.Python("ical_fields.py"), null, path, Key(From), Key(To)).Json().EnumerateArray().Single();
                    var theirs = py.GetProperty("occurrences").EnumerateArray().Select(o => o.GetString()!).Where(k => string.CompareOrdinal(k, Key(To)) < 0).ToList();
                    if (!ours.SequenceEqual(theirs)) output.WriteLine($"seed {seed}, calendar {i} ({name}):\n{content}");
                    Assert.Equal(theirs, ours);
                }
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static List<DateTimeOffset> Instants(Event e) => RecurrenceExpander.Expand(e, From, To).Select(o => o.RecurrenceId.ToInstant()).ToList();

    private static string Key(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture) + "Z";
}
