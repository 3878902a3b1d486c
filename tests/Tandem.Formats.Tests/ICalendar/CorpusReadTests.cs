using Tandem.Core.Items;
using Tandem.Core.TimeZones;
using Tandem.Formats.ICalendar;

namespace Tandem.Formats.Tests.ICalendar;

public sealed class CorpusReadTests
{
    private static List<CanonicalItem> Read(string name) => ICalendarCodec.ReadAll(TestFiles.ReadCorpus(name), name).ToList();

    [Fact]
    public void ReadAll_RfcSimpleEvents_MapsUtcDatesClassAndCategories()
    {
        var items = Read("rfc_simple_event.ics").Cast<Event>().ToList();
        Assert.Equal(3, items.Count);

        var review = items[0];
        Assert.Equal("Annual Employee Review", review.Subject);
        Assert.Equal(ItemTime.FromUtc(new DateTime(1997, 9, 3, 16, 30, 0)), review.Start);
        Assert.Equal(ItemTime.FromUtc(new DateTime(1997, 9, 3, 19, 0, 0)), review.End);
        Assert.Equal(Sensitivity.Private, review.Sensitivity);
        Assert.Equal(["BUSINESS", "HUMAN RESOURCES"], review.Categories);
        Assert.Empty(review.Extras); // DTSTAMP is noise

        var anniversary = items[1];
        Assert.True(anniversary.IsAllDay);
        Assert.Equal(ItemTime.Date(new DateOnly(1997, 11, 2)), anniversary.Start);
        Assert.Equal(ItemTime.Date(new DateOnly(1997, 11, 3)), anniversary.End); // a DATE start without end lasts a day
        Assert.Equal(Frequency.Yearly, anniversary.Recurrence!.Frequency);
        Assert.Equal(ShowAs.Free, anniversary.ShowAs);
        Assert.Equal(Sensitivity.Confidential, anniversary.Sensitivity);

        Assert.Equal(ItemTime.Date(new DateOnly(2007, 7, 9)), items[2].End);
    }

    [Fact]
    public void ReadAll_RfcNewYorkMeeting_KeepsZoneAttendeesAlarmAndFoldsOverride()
    {
        var e = Assert.IsType<Event>(Assert.Single(Read("rfc_timezone_newyork.ics")));
        Assert.Equal(new ItemTime(new DateTime(2007, 3, 6, 10, 0, 0), "America/New_York"), e.Start);
        Assert.Equal("Project XYZ Review Meeting\nAgenda:\n1. Status, risks; next steps", e.Body);
        Assert.Equal(6, e.Recurrence!.Count);
        Assert.Equal([new WeekdayNum(DayOfWeek.Tuesday)], e.Recurrence.ByDay);
        Assert.Equal(15, e.ReminderMinutesBefore);
        Assert.Equal(Importance.High, e.Importance);
        Assert.Equal(new Attendee("mrbig@example.com", "Mr. Doe"), e.Organizer);
        Assert.Equal(
            [
                new Attendee("a@example.com", "A", AttendeeRole.Required, ResponseStatus.NotResponded),
                new Attendee("b@example.com", "B, the second", AttendeeRole.Optional, ResponseStatus.Accepted),
                new Attendee("room1@example.com", "Room 1", AttendeeRole.Resource, ResponseStatus.Accepted),
            ],
            e.Attendees);
        var x = Assert.Single(e.Exceptions);
        Assert.Equal(new ItemTime(new DateTime(2007, 3, 20, 10, 0, 0), "America/New_York"), x.RecurrenceId);
        Assert.Equal(new ItemTime(new DateTime(2007, 3, 20, 14, 0, 0), "America/New_York"), x.Occurrence.Start);
        Assert.Equal("XYZ Project Review (moved)", x.Occurrence.Subject);
        Assert.False(x.ThisAndFuture);
    }

    [Fact]
    public void ReadAll_RfcTodoAndJournal_MapsTaskFieldsAndNoteColor()
    {
        var items = Read("rfc_todo_journal.ics");
        var tax = Assert.IsType<TaskItem>(items[0]);
        Assert.Equal(ItemTime.Date(new DateOnly(2007, 5, 1)), tax.Due);
        Assert.True(tax.IsPrivate);
        Assert.Equal(Importance.Low, tax.Priority);
        Assert.Equal(new DateTime(2007, 4, 30, 12, 0, 0), tax.ReminderTime);
        Assert.Equal(TaskItemStatus.NotStarted, tax.Status);

        var draft = Assert.IsType<TaskItem>(items[1]);
        Assert.Equal(TaskItemStatus.Completed, draft.Status);
        Assert.Equal(100, draft.PercentComplete);
        Assert.Equal(new DateTime(2007, 7, 7, 10, 0, 0), draft.Completed);
        Assert.Equal(ItemTime.FromUtc(new DateTime(2007, 5, 14, 11, 0, 0)), draft.Start);

        var note = Assert.IsType<Note>(items[2]);
        Assert.Equal(NoteColor.Blue, note.Color);
        Assert.StartsWith("1. Staff meeting: Participants include Joe, Lisa, and Bob.", note.Body, StringComparison.Ordinal);
        Assert.Contains(note.Extras, x => x.Name == "DTSTART"); // not in the model, kept
    }

    [Fact]
    public void ReadAll_OutlookWindowsTzid_MapsZoneCdoPropertiesHtmlAndException()
    {
        var items = Read("outlook_windows_tzid.ics");
        var sync = Assert.IsType<Event>(items[0]);
        Assert.Equal(new ItemTime(new DateTime(2026, 1, 5, 10, 0, 0), "Europe/Berlin"), sync.Start);
        Assert.Equal(ShowAs.Tentative, sync.ShowAs);
        Assert.Equal(Importance.Normal, sync.Importance);
        Assert.Equal(10, sync.ReminderMinutesBefore);
        Assert.Equal("<html><body><p>Weekly sync of the <b>migration</b> team.</p></body></html>", sync.HtmlBody);
        Assert.Equal(DayOfWeek.Sunday, sync.Recurrence!.WeekStart);
        Assert.Equal(ItemTime.FromUtc(new DateTime(2026, 6, 29, 8, 0, 0)), sync.Recurrence.Until);
        Assert.Equal([new ItemTime(new DateTime(2026, 3, 30, 10, 0, 0), "Europe/Berlin")], sync.DeletedOccurrences);
        Assert.Contains(sync.Extras, x => x.Name == "X-MS-OLK-CONFTYPE");
        Assert.DoesNotContain(sync.Extras, x => x.Name is "DTSTAMP" or "SEQUENCE" or "CREATED" or "LAST-MODIFIED");
        var moved = Assert.Single(sync.Exceptions);
        Assert.Equal(new ItemTime(new DateTime(2026, 4, 13, 12, 0, 0), "Europe/Berlin"), moved.Occurrence.Start);
        Assert.Equal(ShowAs.Busy, moved.Occurrence.ShowAs);

        var holiday = Assert.IsType<Event>(items[1]);
        Assert.True(holiday.IsAllDay);
        Assert.Equal(ShowAs.OutOfOffice, holiday.ShowAs);
        Assert.Equal(Sensitivity.Private, holiday.Sensitivity);
    }

    [Fact]
    public void ReadAll_OutlookDisplayNameTzids_ResolveToIanaZones()
    {
        var items = Read("outlook_display_name_tzid.ics").Cast<Event>().ToList();
        Assert.Equal("Europe/Berlin", items[0].Start.TimeZone);
        Assert.Equal("America/New_York", items[1].Start.TimeZone);
    }

    [Fact]
    public void ReadAll_CustomizedTimeZones_MatchSystemZoneOrKeepTheirOwnDefinition()
    {
        var items = Read("outlook_customized_tz.ics").Cast<Event>().ToList();
        Assert.Equal(new ItemTime(new DateTime(2026, 7, 2, 9, 0, 0), "America/New_York"), items[0].Start);
        Assert.Equal("Asia/Kathmandu", items[1].Start.TimeZone);
        // +03:30 in summer, +02:30 in winter: no real zone does that; the file's own definition is kept with the time.
        Assert.Equal(new DateTime(2026, 7, 2, 9, 0, 0), items[2].Start.Value);
        Assert.Equal("Customized Time Zone 2", CustomZoneId.Decode(items[2].Start.TimeZone!)!.Tzid);
        Assert.Equal(new DateTimeOffset(2026, 7, 2, 5, 30, 0, TimeSpan.Zero), items[2].Start.ToInstant());
    }

    [Fact]
    public void ReadAll_GoogleWithVTimeZoneLast_ResolvesZoneFoldsOverrideKeepsEmailAlarm()
    {
        var items = Read("google_vtimezone_last.ics");
        var standup = Assert.IsType<Event>(items[0]);
        Assert.Equal("Europe/Berlin", standup.Start.TimeZone);
        Assert.Equal(5, standup.ReminderMinutesBefore);
        Assert.Equal(2, standup.DeletedOccurrences.Count);
        Assert.Contains(standup.Extras, x => x.Name == "VALARM" && x.Line.Contains("ACTION:EMAIL", StringComparison.Ordinal));
        Assert.Contains(standup.Extras, x => x.Name == "STATUS");
        Assert.Null(standup.Location is { Length: 0 } ? null : standup.Location);
        Assert.Equal("Standup (late)", Assert.Single(standup.Exceptions).Occurrence.Subject);
        Assert.IsType<Event>(items[1]);
        Assert.Equal(2, items.Count);
    }

    [Fact]
    public void ReadAll_AppleFloatingEvent_KeepsFloatingTimeAndUnknownProperties()
    {
        var items = Read("apple_floating_and_alarms.ics");
        var lunch = Assert.IsType<Event>(items[0]);
        Assert.True(lunch.Start.IsFloating);
        Assert.Equal(new DateTime(2026, 1, 20, 12, 0, 0), lunch.Start.Value);
        Assert.Equal(-60, lunch.ReminderMinutesBefore); // at the end of a one-hour event
        Assert.Contains(lunch.Extras, x => x.Name == "X-APPLE-STRUCTURED-LOCATION");

        var milk = Assert.IsType<TaskItem>(items[1]);
        Assert.Equal(new ItemTime(new DateTime(2026, 1, 21, 18, 0, 0), "Europe/Amsterdam"), milk.Due);
        Assert.Equal(TaskItemStatus.InProgress, milk.Status);
        Assert.Equal(40, milk.PercentComplete);
        Assert.Equal(new DateTime(2026, 1, 21, 16, 0, 0), milk.ReminderTime); // 18:00 CET minus an hour, in UTC
    }

    [Fact]
    public void ReadAll_EvolutionPrefixedTzids_ResolveByTheirIanaSuffix()
    {
        var items = Read("evolution_export.ics");
        var close = Assert.IsType<Event>(items[0]);
        Assert.Equal("Europe/London", close.Start.TimeZone);
        Assert.Equal([-1], close.Recurrence!.BySetPos);
        Assert.Equal("America/New_York", ((Event)items[1]).Start.TimeZone);
        Assert.Equal("Europe/Berlin", ((Event)items[2]).Start.TimeZone);
        var expenses = Assert.IsType<TaskItem>(items[3]);
        Assert.True(expenses.IsPrivate);
        Assert.Equal(ItemTime.Date(new DateOnly(2026, 2, 3)), expenses.Start);
    }

    [Fact]
    public void ReadAll_LotusNotesZones_ResolveByDefinitionAndZnName()
    {
        var items = Read("lotus_notes.ics").Cast<Event>().ToList();
        Assert.Equal("Europe/Berlin", items[0].Start.TimeZone);
        Assert.Equal("Europe/Berlin", items[1].Start.TimeZone);
    }

    [Fact]
    public void ReadAll_MissingVTimeZones_ResolveByNameOrStayFloating()
    {
        var items = Read("missing_vtimezones.ics").Cast<Event>().ToList();
        Assert.Equal("America/Chicago", items[0].Start.TimeZone);
        Assert.Equal("America/Los_Angeles", items[1].Start.TimeZone);
        Assert.True(items[2].Start.IsFloating);
        Assert.Equal(new DateTime(2026, 3, 10, 9, 0, 0), items[2].Start.Value);
    }

    [Fact]
    public void ReadAll_ThisAndFutureAndOrphanOverride_FoldsRangeAndKeepsOrphan()
    {
        var items = Read("thisandfuture.ics").Cast<Event>().ToList();
        var weekly = items[0];
        var x = Assert.Single(weekly.Exceptions);
        Assert.True(x.ThisAndFuture);
        Assert.Equal([ItemTime.FromUtc(new DateTime(2026, 1, 8, 9, 0, 0))], weekly.RecurrenceDates);
        var orphan = items[1];
        Assert.Equal("orphan-1", orphan.Uid);
        Assert.Contains(orphan.Extras, e => e.Name == "RECURRENCE-ID");
    }

    [Theory]
    [InlineData("broken_middle_event.ics", 11)]
    [InlineData("broken_line_syntax.ics", 11)]
    public void ReadEach_OneBrokenEvent_OthersStillReadAndErrorNamesFileAndLine(string name, int badLine)
    {
        var results = ICalendarCodec.ReadEach(TestFiles.ReadCorpus(name), name);
        var good = results.Where(r => r.IsOk).Select(r => r.Value!.Uid).ToList();
        Assert.Equal(2, good.Count);
        Assert.Contains("good-1", good);
        var error = Assert.Single(results, r => !r.IsOk).Error!;
        Assert.Equal(name, error.FileName);
        Assert.Equal(badLine, error.Line);
        Assert.Throws<FormatParseException>(() => ICalendarCodec.ReadAll(TestFiles.ReadCorpus(name), name));
    }
}

public sealed class InlineReadTests
{
    private static Event ReadEvent(string body) => Assert.IsType<Event>(Assert.Single(ICalendarCodec.ReadAll(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n" + body + "END:VEVENT\r\nEND:VCALENDAR\r\n")));

    [Fact]
    public void ReadAll_OldOutlookAllDayFlagWithMidnightTimes_IsAllDayWithDates()
    {
        var e = ReadEvent("DTSTART;TZID=W. Europe Standard Time:20260501T000000\r\nDTEND;TZID=W. Europe Standard Time:20260502T000000\r\nX-MICROSOFT-CDO-ALLDAYEVENT:TRUE\r\n");
        Assert.True(e.IsAllDay);
        Assert.Equal(ItemTime.Date(new DateOnly(2026, 5, 1)), e.Start);
        Assert.Equal(ItemTime.Date(new DateOnly(2026, 5, 2)), e.End);
    }

    [Fact]
    public void ReadAll_DurationInsteadOfEnd_GivesEnd()
    {
        var e = ReadEvent("DTSTART:20260501T090000Z\r\nDURATION:PT1H30M\r\n");
        Assert.Equal(ItemTime.FromUtc(new DateTime(2026, 5, 1, 10, 30, 0)), e.End);
    }

    [Fact]
    public void ReadAll_InvalidButCommonOffsetSuffix_IsReadAsUtc()
    {
        var e = ReadEvent("DTSTART:19980119T230000-0800\r\n");
        Assert.Equal(ItemTime.FromUtc(new DateTime(1998, 1, 20, 7, 0, 0)), e.Start);
    }

    [Fact]
    public void ReadAll_UnsupportedRule_KeptVerbatimAsExtra()
    {
        var e = ReadEvent("DTSTART:20260501T090000Z\r\nRRULE:FREQ=HOURLY;COUNT=3\r\n");
        Assert.Null(e.Recurrence);
        Assert.Contains(e.Extras, x => x.Line == "RRULE:FREQ=HOURLY;COUNT=3");
        Assert.Contains("RRULE:FREQ=HOURLY;COUNT=3", ICalendarCodec.Write(e), StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_MissingDtstart_NamesTheComponentLine()
    {
        var ex = Assert.Throws<FormatParseException>(() => ICalendarCodec.ReadAll("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n", "a.ics"));
        Assert.Equal("a.ics", ex.FileName);
        Assert.Equal(2, ex.Line);
        Assert.Contains("DTSTART", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_UnclosedComponent_IsAnError()
    {
        var ex = Assert.Throws<FormatParseException>(() => ICalendarCodec.ReadAll("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nUID:x\r\nDTSTART:20260101T000000Z\r\n"));
        Assert.Contains("never closed", ex.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_BareLfAndBom_AreAccepted()
    {
        var items = ICalendarCodec.ReadAll("\uFEFFBEGIN:VCALENDAR\nBEGIN:VTODO\nUID:t\nSUMMARY:Long sum\n mary\nEND:VTODO\nEND:VCALENDAR\n");
        Assert.Equal("Long summary", Assert.IsType<TaskItem>(Assert.Single(items)).Subject);
    }

    [Fact]
    public void ReadAll_EmptyInput_NoItems()
    {
        Assert.Empty(ICalendarCodec.ReadAll(""));
        Assert.Throws<FormatParseException>(() => ICalendarCodec.ReadAll("hello"));
    }
}
