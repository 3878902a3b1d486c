using Tandem.Core.Items;
using Tandem.Core.Recurrence;
using Tandem.Core.TimeZones;
using Tandem.Formats.ICalendar;

namespace Tandem.Formats.Tests.ICalendar;

/// <summary>
/// The defect classes of issue 14 on the iCalendar side, on our own corpus files (the same files are also read
/// by python3-icalendar in <see cref="PythonIcalendarDifferentialTests"/>, occurrences included).
/// </summary>
public sealed class RealWorldCalendarTests
{
    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2028, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static List<CanonicalItem> Read(string name) => ICalendarCodec.ReadAll(TestFiles.ReadCorpus(name), name).ToList();

    private static List<DateTimeOffset> Instants(Event e) =>
        RecurrenceExpander.Expand(e, From, To).Select(o => o.Start.ToInstant()).ToList();

    [Fact]
    public void ReadAll_ZoneNoSystemZoneMatches_KeepsItsRulesAcrossDstChanges()
    {
        var board = Read("rfc_style_us_eastern_recurring.ics").Cast<Event>().First();
        Assert.Equal("US-Eastern", CustomZoneId.Tzid(board.Start.TimeZone!));
        Assert.Equal(new DateTime(2026, 1, 6, 9, 0, 0), board.Start.Value);
        var instants = Instants(board);
        // The file's (pre-2007) rules: still EST on 24 March 2026, EDT from 5 April to 25 October.
        Assert.Contains(new DateTimeOffset(2026, 3, 24, 14, 0, 0, TimeSpan.Zero), instants);
        Assert.Contains(new DateTimeOffset(2026, 7, 7, 13, 0, 0, TimeSpan.Zero), instants);
        Assert.Contains(new DateTimeOffset(2026, 10, 27, 14, 0, 0, TimeSpan.Zero), instants);
        Assert.DoesNotContain(new DateTimeOffset(2026, 3, 17, 14, 0, 0, TimeSpan.Zero), instants); // EXDATE
        Assert.All(RecurrenceExpander.Expand(board, From, To), o => Assert.Equal(9, o.Start.Value.Hour));
    }

    [Fact]
    public void WriteThenRead_CustomZone_WritesTheFilesOwnVTimeZoneAndTheSameInstants()
    {
        var items = Read("rfc_style_us_eastern_recurring.ics");
        var text = ICalendarCodec.WriteAll(items);
        Assert.Contains("TZID:US-Eastern\r\n", text, StringComparison.Ordinal);
        Assert.Contains("DTSTART;TZID=US-Eastern:20260106T090000\r\n", text, StringComparison.Ordinal);
        Assert.Contains("RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", text.Replace("BYMONTH=4;BYDAY=1SU", "BYDAY=1SU;BYMONTH=4", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("vtimezone:", text, StringComparison.Ordinal);
        var back = ICalendarCodec.ReadAll(text).Cast<Event>().ToList();
        Assert.Equal(items.Cast<Event>().Select(Instants), back.Select(Instants));
        Assert.Equal(items.Select(ItemNormalizer.Normalize), back.Select(ItemNormalizer.Normalize));
    }

    [Fact]
    public void ReadAll_ZoneGivenAsDatedTransitions_KeepsDaylightTime()
    {
        var events = Read("evolution_dated_transitions.ics").Cast<Event>().ToList();
        var fair = events[0];
        Assert.Equal(new DateTimeOffset(2026, 7, 15, 12, 30, 0, TimeSpan.Zero), fair.Start.ToInstant());
        var ferry = Instants(events[1]);
        Assert.Contains(new DateTimeOffset(2026, 1, 5, 6, 45, 0, TimeSpan.Zero), ferry);  // +00:30
        Assert.Contains(new DateTimeOffset(2026, 6, 8, 5, 45, 0, TimeSpan.Zero), ferry);  // +01:30 from the dated change of 29 March
        Assert.Contains(new DateTimeOffset(2026, 10, 12, 5, 45, 0, TimeSpan.Zero), ferry);
        Assert.Contains(new DateTimeOffset(2026, 10, 26, 6, 45, 0, TimeSpan.Zero), ferry); // after the change dated 18 October
        // After the last dated change (October 2028) the zone stays at +00:30, as RFC 5545 reads it.
        Assert.Equal(TimeSpan.FromMinutes(30), TimeZoneResolver.FindZone(fair.Start.TimeZone!)!.GetUtcOffset(new DateTime(2031, 7, 1, 0, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void ReadEach_ZoneWithTwoDaylightPeriodsAYear_QuarantinedWithTheReason()
    {
        const string ics = """
            BEGIN:VCALENDAR
            VERSION:2.0
            BEGIN:VTIMEZONE
            TZID:Ramadan pause
            BEGIN:STANDARD
            DTSTART:20250101T000000
            RDATE:20260301T030000,20260501T030000
            TZOFFSETFROM:+0100
            TZOFFSETTO:+0000
            END:STANDARD
            BEGIN:DAYLIGHT
            DTSTART:20260201T020000
            RDATE:20260401T020000
            TZOFFSETFROM:+0000
            TZOFFSETTO:+0100
            END:DAYLIGHT
            END:VTIMEZONE
            BEGIN:VEVENT
            UID:pause-1
            DTSTART;TZID=Ramadan pause:20260310T090000
            SUMMARY:Cannot be carried exactly
            END:VEVENT
            BEGIN:VEVENT
            UID:fine-1
            DTSTART:20260310T090000Z
            SUMMARY:Unaffected
            END:VEVENT
            END:VCALENDAR
            """;
        var results = ICalendarCodec.ReadEach(System.Text.Encoding.UTF8.GetBytes(ics));
        var error = Assert.Single(results, r => r.Error is not null).Error!;
        Assert.Contains("Ramadan pause", error.Message, StringComparison.Ordinal);
        Assert.Contains("2026", error.Message, StringComparison.Ordinal);
        Assert.Equal("fine-1", Assert.Single(results, r => r.Value is not null).Value!.Uid);
    }

    [Fact]
    public void ReadAll_IphoneCrCrLfExport_ReadsFoldsRdateInUtcAndKeepsEmptyOrganizer()
    {
        var e = Assert.IsType<Event>(Assert.Single(Read("iphone_crcrlf_export.ics")));
        Assert.Equal("Team-Kaffee mit Anna-Lena und dem ganzen Büro-Team am Montag Morgen", e.Subject);
        Assert.Equal("Europe/Zurich", e.Start.TimeZone);
        Assert.Equal(ItemTime.FromUtc(new DateTime(2026, 4, 2, 6, 30, 0)), Assert.Single(e.RecurrenceDates));
        Assert.Contains(new DateTimeOffset(2026, 4, 2, 6, 30, 0, TimeSpan.Zero), Instants(e));
        Assert.Null(e.Organizer);
        Assert.Contains(e.Extras, x => x.Name == "ORGANIZER");
        var written = ICalendarCodec.Write(e);
        Assert.Contains("\r\nORGANIZER:\r\n", written, StringComparison.Ordinal);
        Assert.Contains("RDATE:20260402T063000Z", written, StringComparison.Ordinal);
        Assert.Equal(Instants(e), Instants((Event)ICalendarCodec.ReadAll(written)[0]));
    }

    [Fact]
    public void ReadEach_EmptyOrganizer_NotedForTheLog_OrdinaryEventsNot()
    {
        var result = Assert.Single(ICalendarCodec.ReadEach(TestFiles.ReadCorpus("iphone_crcrlf_export.ics"), "iphone_crcrlf_export.ics"));
        Assert.Equal("iphone_crcrlf_export.ics: 'Team-Kaffee mit Anna-Lena und dem ganzen Büro-Team am Montag Morgen' kept as it came: an empty ORGANIZER", result.Note);
        Assert.All(ICalendarCodec.ReadEach(TestFiles.ReadCorpus("outlook_windows_tzid.ics")), r => Assert.Null(r.Note));
    }

    [Fact]
    public void ReadAll_DateRecurrenceIdOnTimedSeries_OverridesThatDaysOccurrence()
    {
        var series = Assert.IsType<Event>(Assert.Single(Read("google_date_recurrence_id.ics")));
        var x = Assert.Single(series.Exceptions);
        Assert.Equal(new ItemTime(new DateTime(2026, 2, 5, 10, 0, 0), "America/Chicago"), x.RecurrenceId);
        var occurrences = RecurrenceExpander.Expand(series, From, To);
        Assert.Equal(10, occurrences.Count);
        Assert.Equal(new DateTime(2026, 2, 5, 15, 0, 0), Assert.Single(occurrences, o => o.RecurrenceId.Value.Day == 5).Start.Value);
    }

    [Fact]
    public void ReadAll_DateStartWithDuration_CoversWholeDays()
    {
        var events = Read("kde_date_duration_and_tasks.ics").OfType<Event>().ToList();
        Assert.True(events[0].IsAllDay);
        Assert.Equal(ItemTime.Date(new DateOnly(2026, 4, 16)), events[0].End);
        Assert.Equal(ItemTime.Date(new DateOnly(2026, 5, 23)), events[1].End);
        Assert.Contains("DTEND;VALUE=DATE:20260416", ICalendarCodec.Write(events[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void WriteAll_CancelledTaskAndNinePriorities_WrittenBackAsTheyCame()
    {
        var tasks = Read("kde_date_duration_and_tasks.ics").OfType<TaskItem>().ToList();
        var cancelled = ICalendarCodec.Write(tasks[0]);
        Assert.Contains("STATUS:CANCELLED\r\n", cancelled, StringComparison.Ordinal);
        Assert.Contains("PRIORITY:5\r\n", cancelled, StringComparison.Ordinal);
        Assert.Contains("PRIORITY:2\r\n", ICalendarCodec.Write(tasks[1]), StringComparison.Ordinal);
        Assert.Contains("PRIORITY:7\r\n", ICalendarCodec.Write(tasks[2]), StringComparison.Ordinal);
        // Exchange holds three levels: the model's level is what it gets (2 is high, 7 low).
        Assert.Equal(Importance.High, tasks[1].Priority);
        Assert.Equal(Importance.Low, tasks[2].Priority);
        var reread = (TaskItem)ICalendarCodec.ReadAll(cancelled)[0];
        Assert.Equal(tasks[0].Status, reread.Status);
        Assert.Contains("STATUS:CANCELLED\r\n", ICalendarCodec.Write(reread), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LevelChangedElsewhere_WritesTheNewLevelNotTheKeptValue()
    {
        var tasks = Read("kde_date_duration_and_tasks.ics").OfType<TaskItem>().ToList();
        var raised = ICalendarCodec.Write(tasks[2] with { Priority = Importance.High });
        Assert.Contains("PRIORITY:1\r\n", raised, StringComparison.Ordinal);
        var reopened = ICalendarCodec.Write(tasks[0] with { Status = TaskItemStatus.InProgress });
        Assert.Contains("STATUS:IN-PROCESS\r\n", reopened, StringComparison.Ordinal);
        Assert.DoesNotContain("CANCELLED", reopened, StringComparison.Ordinal);
    }
}
