using System.Globalization;
using Tandem.Core.Items;
using Tandem.Formats.ICalendar;
using Tandem.Testing.Python;

namespace Tandem.Formats.Tests.ICalendar;

/// <summary>
/// The VTIMEZONEs Tandem writes are right: with the TZID renamed to a name nobody knows, a reader has only the
/// definition to go by. python3-icalendar (which then builds its zone from our VTIMEZONE) and Tandem's own
/// reader must both place every time at the original instant.
/// </summary>
public sealed class WrittenVTimeZoneTests
{
    [SkippableTheory]
    [InlineData("Europe/Berlin")]
    [InlineData("America/New_York")]
    [InlineData("Australia/Sydney")]
    [InlineData("Asia/Kolkata")]
    [InlineData("Asia/Jerusalem")]
    [InlineData("Africa/Casablanca")]
    [InlineData("America/Sao_Paulo")]
    public void Write_RenamedTzid_DefinitionAloneGivesTheSameInstants(string zone)
    {
        var events = Enumerable.Range(0, 36)
            .Select(i => (CanonicalItem)new Event
            {
                Uid = "e" + i.ToString(CultureInfo.InvariantCulture),
                Subject = "Month " + i.ToString(CultureInfo.InvariantCulture),
                Start = new ItemTime(new DateTime(2026, 1, 3, 9, 30, 0).AddMonths(i).AddDays(i % 7), zone),
            })
            .ToList();
        var renamed = ICalendarCodec.WriteAll(events).Replace(zone, "Zone Only Its Definition Knows", StringComparison.Ordinal);

        var ours = ICalendarCodec.ReadAll(renamed).Cast<Event>().ToList();
        var path = Path.Combine(Path.GetTempPath(), $"tandem-vtz-{Guid.NewGuid():N}.ics");
        File.WriteAllText(path, renamed);
        try
        {
            var python = PythonOracle.Require("icalendar", "dateutil").Run(TestFiles.Python("ical_fields.py"), null, path, "20000101T000000Z", "20400101T000000Z").Json().EnumerateArray().ToList();
            for (var i = 0; i < events.Count; i++)
            {
                var expected = ((Event)events[i]).Start.ToInstant().UtcDateTime;
                Assert.Equal(expected, ours[i].Start.ToInstant().UtcDateTime);
                var theirs = python[i].GetProperty("dtstart").GetProperty("utc").GetString();
                Assert.Equal(expected.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture), theirs);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}
