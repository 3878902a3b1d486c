using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>
/// Event ↔ t:CalendarItem. Times travel as UTC instants plus StartTimeZone/EndTimeZone: Windows ids, which
/// Exchange 2010 SP1+ accepts by Id alone, or a file's own zone as its rules (<see cref="EwsZoneDefinition"/>). The
/// organizer, a text body beside the HTML one and floating times travel in Tandem's named properties
/// (<see cref="EventExtras"/>): Exchange makes the mailbox owner the organizer and refuses to be told otherwise.
/// </summary>
internal static class EventMapper
{
    public static IEnumerable<ItemField> ToFields(Event e)
    {
        var end = e.End ?? (e.IsAllDay ? new ItemTime(e.Start.Value.AddDays(1), e.Start.TimeZone) : e.Start);
        yield return ItemField.Uri("item:Subject", "Subject", e.Subject);
        yield return ItemField.Uri("item:Sensitivity", "Sensitivity", e.Sensitivity.ToString());
        yield return ItemField.Uri("item:Body", e.HtmlBody is { Length: > 0 } html
            ? X.T("Body", new XAttribute("BodyType", "HTML"), html)
            : EwsValues.TextBody(e.Body));
        yield return ItemField.Uri("item:Categories", EwsValues.Categories(e.Categories));
        yield return ItemField.Uri("item:Importance", "Importance", e.Importance.ToString());
        yield return ItemField.Uri("item:ReminderIsSet", "ReminderIsSet", e.ReminderMinutesBefore is null ? "false" : "true");
        yield return ItemField.Uri("item:ReminderMinutesBeforeStart", "ReminderMinutesBeforeStart",
            e.ReminderMinutesBefore is { } r ? EwsValues.Int(r) : null);
        yield return ItemField.Extended(Props.Organizer, EventExtras.Organizer(e.Organizer));
        yield return ItemField.Extended(Props.TextBody, EventExtras.TextBeside(e));
        yield return ItemField.Extended(Props.Floating, EventExtras.IsFloating(e) ? "true" : null);
        yield return ItemField.Uri("calendar:UID", "UID", e.Uid);
        yield return ItemField.Uri("calendar:Start", "Start", EwsValues.Utc(EwsTimeZones.ToInstant(e.Start)));
        yield return ItemField.Uri("calendar:End", "End", EwsValues.Utc(EwsTimeZones.ToInstant(end)));
        yield return ItemField.Uri("calendar:IsAllDayEvent", "IsAllDayEvent", e.IsAllDay ? "true" : "false");
        yield return ItemField.Uri("calendar:LegacyFreeBusyStatus", "LegacyFreeBusyStatus", e.ShowAs == ShowAs.OutOfOffice ? "OOF" : e.ShowAs.ToString());
        yield return ItemField.Uri("calendar:Location", "Location", e.Location);
        yield return ItemField.Uri("calendar:RequiredAttendees", Attendees("RequiredAttendees", e.Attendees.Where(a => a.Role is AttendeeRole.Required or AttendeeRole.Chair)));
        yield return ItemField.Uri("calendar:OptionalAttendees", Attendees("OptionalAttendees", e.Attendees.Where(a => a.Role == AttendeeRole.Optional)));
        yield return ItemField.Uri("calendar:Resources", Attendees("Resources", e.Attendees.Where(a => a.Role == AttendeeRole.Resource)));
        yield return ItemField.Uri("calendar:Recurrence", e.Recurrence is { } rule
            ? RecurrenceMapper.ToXml(UntilInStartZone(rule, e.Start), DateOnly.FromDateTime(e.Start.Value))
            : null);
        yield return ItemField.Uri("calendar:StartTimeZone", EwsZoneDefinition.Element("StartTimeZone", e.Start.TimeZone, e.Start.Value.Year));
        yield return ItemField.Uri("calendar:EndTimeZone", EwsZoneDefinition.Element("EndTimeZone", end.TimeZone, e.Start.Value.Year));
    }

    /// <summary>
    /// Reads a calendar item. The t:Occurrence entries of modified occurrences (ItemId, OriginalStart) are
    /// returned in <paramref name="modifiedOccurrences"/>; the caller fetches them and adds them as exceptions.
    /// </summary>
    public static Event FromXml(XElement x, out IReadOnlyList<XElement> modifiedOccurrences)
    {
        var allDay = x.Bool("IsAllDayEvent") ?? false;
        var startInstant = EwsValues.ParseInstant(x.Text("Start")) ?? DateTimeOffset.UnixEpoch;
        var startZone = EwsZoneDefinition.Read(x.TChild("StartTimeZone"), x.Text("StartTimeZoneId"), startInstant.Year);
        var endZone = x.TChild("EndTimeZone") is not null || x.Text("EndTimeZoneId") is not null
            ? EwsZoneDefinition.Read(x.TChild("EndTimeZone"), x.Text("EndTimeZoneId"), startInstant.Year)
            : startZone;
        var start = Time(startInstant, startZone, allDay);
        var end = EwsValues.ParseInstant(x.Text("End")) is { } endInstant ? Time(endInstant, endZone, allDay) : null;
        var body = EwsValues.ReadBody(x, out var isHtml);
        var organizer = x.TChild("Organizer")?.TChild("Mailbox");
        var keptOrganizer = EventExtras.ReadOrganizer(Props.Organizer.ReadFrom(x));
        var attendees = ReadAttendees(x, "RequiredAttendees", AttendeeRole.Required)
            .Concat(ReadAttendees(x, "OptionalAttendees", AttendeeRole.Optional))
            .Concat(ReadAttendees(x, "Resources", AttendeeRole.Resource))
            .ToValueList();
        var reminderSet = x.Bool("ReminderIsSet") ?? false;
        var timeOfDay = start.Value.TimeOfDay;
        var recurrence = RecurrenceMapper.FromXml(x.TChild("Recurrence"), endDate => allDay
            ? ItemTime.Date(endDate)
            : EwsTimeZones.FromInstant(new ItemTime(endDate.ToDateTime(TimeOnly.FromTimeSpan(timeOfDay)), start.TimeZone).ToInstant(), ItemTime.Utc));
        var deleted = x.TChild("DeletedOccurrences")?.Elements(Ns.T + "DeletedOccurrence")
            .Select(d => EwsValues.ParseInstant(d.Text("Start")))
            .OfType<DateTimeOffset>()
            .Select(i => Time(i, startZone, allDay))
            .ToValueList() ?? ValueList<ItemTime>.Empty;
        modifiedOccurrences = x.TChild("ModifiedOccurrences")?.Elements(Ns.T + "Occurrence")
            .Where(o => o.TChild("ItemId")?.Attribute("Id") is not null)
            .ToArray() ?? [];
        var showAs = x.Text("LegacyFreeBusyStatus") switch
        {
            "Free" => ShowAs.Free,
            "Tentative" => ShowAs.Tentative,
            "OOF" => ShowAs.OutOfOffice,
            "WorkingElsewhere" => ShowAs.WorkingElsewhere,
            _ => ShowAs.Busy,
        };
        var read = new Event
        {
            Uid = x.Text("UID"),
            Subject = x.Text("Subject"),
            Sensitivity = EwsValues.ParseEnum(x.Text("Sensitivity"), Sensitivity.Normal),
            Body = isHtml ? EventExtras.ReadTextBeside(Props.TextBody.ReadFrom(x), body) : body,
            HtmlBody = isHtml ? body : null,
            Categories = EwsValues.ReadCategories(x),
            Importance = EwsValues.ParseEnum(x.Text("Importance"), Importance.Normal),
            ReminderMinutesBefore = reminderSet ? x.Int("ReminderMinutesBeforeStart") ?? 15 : null,
            Start = start,
            End = end,
            IsAllDay = allDay,
            ShowAs = showAs,
            Location = x.Text("Location"),
            Organizer = keptOrganizer ?? (organizer?.Text("EmailAddress") is { } orgEmail ? new Attendee(orgEmail, organizer.Text("Name"), AttendeeRole.Chair, ResponseStatus.Organizer) : null),
            Attendees = attendees,
            Recurrence = recurrence,
            DeletedOccurrences = deleted,
        };
        return Props.Floating.ReadFrom(x) == "true" && !allDay ? EventExtras.Floating(read) : read;
    }

    /// <summary>The original start of a modified occurrence, in the series' zone.</summary>
    public static ItemTime? OriginalStart(XElement occurrence, Event master)
    {
        var instant = EwsValues.ParseInstant(occurrence.Text("OriginalStart") ?? occurrence.Text("RecurrenceId"));
        return instant is null ? null : Time(instant.Value, master.Start.TimeZone ?? ItemTime.Utc, master.IsAllDay);
    }

    private static ItemTime Time(DateTimeOffset instant, string zone, bool allDay)
    {
        var local = EwsTimeZones.FromInstant(instant, zone);
        return allDay ? ItemTime.Date(DateOnly.FromDateTime(local.Value)) : local;
    }

    private static RecurrenceRule UntilInStartZone(RecurrenceRule rule, ItemTime start)
    {
        if (rule.Until is not { IsUtc: true } until || start.TimeZone is null or ItemTime.Utc) return rule;
        var local = EwsTimeZones.FromInstant(until.ToInstant(), start.TimeZone);
        return rule with { Until = local };
    }

    private static XElement? Attendees(string name, IEnumerable<Attendee> attendees)
    {
        var list = attendees.ToArray();
        if (list.Length == 0) return null;
        return X.T(name, list.Select(a => X.T("Attendee",
            X.T("Mailbox", X.TOpt("Name", a.Name), X.T("EmailAddress", a.Email)),
            X.T("ResponseType", ResponseType(a.Response)))));
    }

    private static IEnumerable<Attendee> ReadAttendees(XElement x, string name, AttendeeRole role) =>
        x.TChild(name)?.Elements(Ns.T + "Attendee")
            .Select(a => (Mailbox: a.TChild("Mailbox"), Response: a.Text("ResponseType")))
            .Where(a => !string.IsNullOrEmpty(a.Mailbox.Text("EmailAddress")))
            .Select(a => new Attendee(a.Mailbox.Text("EmailAddress")!, a.Mailbox.Text("Name"), role, Response(a.Response)))
        ?? [];

    private static string ResponseType(ResponseStatus status) => status switch
    {
        ResponseStatus.Accepted => "Accept",
        ResponseStatus.Declined => "Decline",
        ResponseStatus.Tentative => "Tentative",
        ResponseStatus.NotResponded => "NoResponseReceived",
        ResponseStatus.Organizer => "Organizer",
        _ => "Unknown",
    };

    private static ResponseStatus Response(string? type) => type switch
    {
        "Accept" => ResponseStatus.Accepted,
        "Decline" => ResponseStatus.Declined,
        "Tentative" => ResponseStatus.Tentative,
        "NoResponseReceived" => ResponseStatus.NotResponded,
        "Organizer" => ResponseStatus.Organizer,
        _ => ResponseStatus.None,
    };
}
