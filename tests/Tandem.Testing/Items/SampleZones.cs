using Tandem.Core.Items;
using Tandem.Core.TimeZones;

namespace Tandem.Testing.Items;

/// <summary>Zones only a file's VTIMEZONE describes, as the model carries them (custom zone ids).</summary>
public static class SampleZones
{
    /// <summary>
    /// "/custom/Atlantic/Isles": +00:30 in winter, +01:30 in summer, by dated changes for 2026–2028 only (Evolution writes
    /// zones so); no system zone has these offsets. Back on the third Sunday of October in 2026, the last in 2027 and 2028.
    /// </summary>
    public static string Isles()
    {
        var definition = new VTimeZoneDefinition("/custom/Atlantic/Isles",
        [
            new TimeZoneObservance(false, new DateTime(2025, 10, 26, 2, 0, 0), TimeSpan.FromMinutes(90), TimeSpan.FromMinutes(30))
            {
                RecurrenceDates = [new DateTime(2026, 10, 18, 2, 0, 0), new DateTime(2027, 10, 31, 2, 0, 0), new DateTime(2028, 10, 29, 2, 0, 0)],
            },
            new TimeZoneObservance(true, new DateTime(2025, 3, 30, 1, 0, 0), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(90))
            {
                RecurrenceDates = [new DateTime(2026, 3, 29, 1, 0, 0), new DateTime(2027, 3, 28, 1, 0, 0), new DateTime(2028, 3, 26, 1, 0, 0)],
            },
        ]);
        return TimeZoneResolver.Resolve(definition.Tzid, definition)?.CustomId ?? throw new InvalidOperationException("the Isles zone matched a system zone");
    }

    /// <summary>Mondays at 07:15 Isles time from 5 January 2026, 60 of them (across three DST changes).</summary>
    public static Event IslesSeries(string zone) => new()
    {
        Uid = "ferry@isles.example",
        Subject = "Ferry timetable meeting",
        Start = new ItemTime(new DateTime(2026, 1, 5, 7, 15, 0), zone),
        End = new ItemTime(new DateTime(2026, 1, 5, 8, 0, 0), zone),
        Recurrence = new RecurrenceRule { Frequency = Frequency.Weekly, ByDay = [new WeekdayNum(DayOfWeek.Monday)], Count = 60 },
    };
}
