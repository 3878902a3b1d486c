using Tandem.Core.Items;
using Tandem.Formats.ICalendar;

namespace Tandem.Formats.Tests.ICalendar;

/// <summary>
/// A calendar's components are read one at a time, each on line objects reused from the one read before; the zones
/// and a series' overrides may come anywhere in the file (Google puts its VTIMEZONEs last).
/// </summary>
public sealed class ComponentOrderTests
{
    private const string Zone = """
        BEGIN:VTIMEZONE
        TZID:Office Time
        BEGIN:STANDARD
        DTSTART:19701025T030000
        TZOFFSETFROM:+0200
        TZOFFSETTO:+0100
        RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
        END:STANDARD
        BEGIN:DAYLIGHT
        DTSTART:19700329T020000
        TZOFFSETFROM:+0100
        TZOFFSETTO:+0200
        RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
        END:DAYLIGHT
        END:VTIMEZONE
        """;

    private const string Master = """
        BEGIN:VEVENT
        UID:series-1
        DTSTART;TZID=Office Time:20250303T090000
        DTEND;TZID=Office Time:20250303T100000
        RRULE:FREQ=WEEKLY;COUNT=5
        SUMMARY:Weekly
        BEGIN:VALARM
        ACTION:DISPLAY
        TRIGGER:-PT15M
        END:VALARM
        END:VEVENT
        """;

    private const string Override = """
        BEGIN:VEVENT
        UID:series-1
        RECURRENCE-ID;TZID=Office Time:20250310T090000
        DTSTART;TZID=Office Time:20250310T110000
        DTEND;TZID=Office Time:20250310T120000
        SUMMARY:Moved
        BEGIN:VALARM
        ACTION:DISPLAY
        TRIGGER:-PT5M
        END:VALARM
        END:VEVENT
        """;

    private const string Single = """
        BEGIN:VEVENT
        UID:single-1
        DTSTART;TZID=Office Time:20250311T090000
        DTEND;TZID=Office Time:20250311T093000
        SUMMARY:Single
        END:VEVENT
        """;

    private static List<Event> Read(params string[] components) =>
        ICalendarCodec.ReadAll("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + string.Join("\r\n", components) + "\r\nEND:VCALENDAR\r\n")
            .Cast<Event>().OrderBy(e => e.Uid, StringComparer.Ordinal).ToList();

    [Fact]
    public void ReadAll_OverrideBeforeMasterAndZoneLast_SameItemsAsInOrder()
    {
        var inOrder = Read(Zone, Master, Override, Single);
        var shuffled = Read(Override, Single, Master, Zone);

        Assert.Equal(inOrder, shuffled);
        var series = Assert.Single(shuffled, e => e.Uid == "series-1");
        Assert.Equal("Weekly", series.Subject);
        Assert.Equal(15, series.ReminderMinutesBefore);
        var moved = Assert.Single(series.Exceptions);
        Assert.Equal("Moved", moved.Occurrence.Subject);
        Assert.Equal(5, moved.Occurrence.ReminderMinutesBefore);
        Assert.Equal(new DateTime(2025, 3, 10, 11, 0, 0), moved.Occurrence.Start.Value);
        // The zone that came last still decides the wall time's offset: 09:00 in March before the change is UTC+1.
        Assert.Equal(new DateTimeOffset(2025, 3, 3, 8, 0, 0, TimeSpan.Zero), series.Start.ToInstant());
    }
}
