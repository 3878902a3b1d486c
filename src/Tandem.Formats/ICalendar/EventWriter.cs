using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary><see cref="Event"/> → a master VEVENT followed by one VEVENT per exception.</summary>
internal static class EventWriter
{
    private static readonly HashSet<string> Owned =
    [
        "UID", "DTSTAMP", "DTSTART", "DTEND", "DURATION", "SUMMARY", "LOCATION",
        "CATEGORIES", "CLASS", "PRIORITY", "TRANSP", PropertyMaps.BusyStatusProperty, PropertyMaps.SensitivityProperty,
        "RDATE", "EXDATE", "X-MICROSOFT-CDO-IMPORTANCE", "X-MICROSOFT-CDO-ALLDAYEVENT", "BEGIN", "END", "VERSION",
        "LAST-MODIFIED", "SEQUENCE", "CREATED", "PRODID",
    ];

    public static void Write(WriteContext w, Event e, string uid)
    {
        WriteOne(w, e, uid, null, false, e.IsAllDay);
        foreach (var x in e.Exceptions.OrderBy(x => x.RecurrenceId.Value))
        {
            WriteOne(w, x.Occurrence with { Recurrence = null, Exceptions = ValueList<EventException>.Empty }, uid, x.RecurrenceId, x.ThisAndFuture, e.IsAllDay);
        }
    }

    private static void WriteOne(WriteContext w, Event e, string uid, ItemTime? recurrenceId, bool thisAndFuture, bool masterAllDay)
    {
        w.Raw("BEGIN", "VEVENT");
        w.Raw("UID", uid);
        w.Raw("DTSTAMP", w.Stamp);
        if (recurrenceId is not null)
        {
            if (thisAndFuture) w.Time("RECURRENCE-ID", recurrenceId, masterAllDay, new ContentParameter("RANGE", "THISANDFUTURE"));
            else w.Time("RECURRENCE-ID", recurrenceId, masterAllDay);
        }
        w.Time("DTSTART", e.Start, e.IsAllDay);
        if (e.End is not null) w.Time("DTEND", e.End, e.IsAllDay);
        w.Text("SUMMARY", e.Subject);
        w.Text("LOCATION", e.Location);
        w.Text("DESCRIPTION", e.Body);
        w.Text("X-ALT-DESC", e.HtmlBody, [new ContentParameter("FMTTYPE", "text/html")]);
        if (e.Organizer is { } organizer) WriteAttendee(w, "ORGANIZER", organizer, isOrganizer: true);
        foreach (var a in e.Attendees) WriteAttendee(w, "ATTENDEE", a, isOrganizer: false);
        w.Categories(e.Categories);
        w.Raw("CLASS", PropertyMaps.ClassFromSensitivity(e.Sensitivity));
        if (e.Sensitivity == Sensitivity.Personal) w.Raw(PropertyMaps.SensitivityProperty, "PERSONAL");
        w.Raw("PRIORITY", KeptValues.Get(e.Extras, "PRIORITY", v => PropertyMaps.ImportanceFromPriority(v) == e.Importance) ?? PropertyMaps.PriorityFromImportance(e.Importance));
        w.Raw("TRANSP", e.ShowAs == ShowAs.Free ? "TRANSPARENT" : "OPAQUE");
        if (e.ShowAs is not (ShowAs.Busy or ShowAs.Free)) w.Raw(PropertyMaps.BusyStatusProperty, PropertyMaps.BusyStatusFromShowAs(e.ShowAs));
        if (e.Recurrence is { } rule) w.Rule(rule, e.Start, e.IsAllDay);
        if (!e.RecurrenceDates.IsEmpty) w.TimeList("RDATE", e.RecurrenceDates, e.IsAllDay);
        if (!e.DeletedOccurrences.IsEmpty) w.TimeList("EXDATE", e.DeletedOccurrences, e.IsAllDay);

        var owned = new HashSet<string>(Owned);
        if (e.Recurrence is not null) owned.Add("RRULE");
        // An empty ORGANIZER/ATTENDEE kept as an extra goes back as it came while the model names nobody there.
        if (e.Organizer is not null) owned.Add("ORGANIZER");
        if (!e.Attendees.IsEmpty) owned.Add("ATTENDEE");
        if (recurrenceId is not null) owned.Add("RECURRENCE-ID");
        if (e.Body is not null) owned.Add("DESCRIPTION");
        if (e.HtmlBody is not null) owned.Add("X-ALT-DESC");
        w.Extras(e.Extras, owned);
        if (e.ReminderMinutesBefore is { } minutes) AlarmReader.WriteRelative(w.Writer, TimeSpan.FromMinutes(-minutes));
        w.Raw("END", "VEVENT");
    }

    private static void WriteAttendee(WriteContext w, string name, Attendee a, bool isOrganizer)
    {
        var parameters = new List<ContentParameter>(5);
        if (!string.IsNullOrEmpty(a.Name)) parameters.Add(new ContentParameter("CN", a.Name));
        if (!isOrganizer || a.Role != AttendeeRole.Required)
        {
            if (a.Role == AttendeeRole.Resource) parameters.Add(new ContentParameter("CUTYPE", "RESOURCE"));
            parameters.Add(new ContentParameter("ROLE", PropertyMaps.IcalFromRole(a.Role)));
        }
        if (PropertyMaps.PartstatFromResponse(a.Response) is { } partstat && !(isOrganizer && a.Response == ResponseStatus.Organizer))
            parameters.Add(new ContentParameter("PARTSTAT", partstat));
        if (!isOrganizer && a.Response == ResponseStatus.NotResponded) parameters.Add(new ContentParameter("RSVP", "TRUE"));
        w.Writer.Write(name, parameters, "mailto:" + a.Email);
    }
}
