using Tandem.Core.Items;
using Tandem.Core.TimeZones;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>One VEVENT → <see cref="Event"/> (a master, a single event, or an override before folding).</summary>
internal static class EventReader
{
    public static Event Read(CalendarComponent c, ReadContext context)
    {
        string? uid = null, subject = null, body = null, location = null, html = null;
        ContentLine? startLine = null, endLine = null, durationLine = null, rruleLine = null;
        Attendee? organizer = null;
        // Most events have none of these; the lists are made when the first element turns up.
        List<Attendee>? attendees = null;
        List<string>? categories = null;
        List<ExtraProperty>? extras = null;
        List<ItemTime>? rdates = null;
        List<ItemTime>? exdates = null;
        ShowAs? transp = null, busy = null;
        Importance? priority = null, cdoImportance = null;
        Sensitivity sensitivity = Sensitivity.Normal;
        var personal = false;
        var cdoAllDay = false;

        foreach (var p in c.Properties)
        {
            switch (p.Name)
            {
                case "UID": uid = p.RawValue.Trim(); break;
                case "SUMMARY": subject = ReadContext.Text(p); break;
                case "DESCRIPTION" when body is null: body = ReadContext.Text(p); break;
                case "LOCATION": location = ReadContext.Text(p, context.Strings); break;
                case "X-ALT-DESC" when html is null && (p.Param("FMTTYPE") ?? "").Equals("text/html", StringComparison.OrdinalIgnoreCase):
                    html = ReadContext.Text(p);
                    break;
                case "DTSTART": startLine = p; break;
                case "DTEND": endLine = p; break;
                case "DURATION": durationLine = p; break;
                // An empty ORGANIZER/ATTENDEE (iPhone exports) names nobody: kept as it came, not made a person.
                case "ORGANIZER" or "ATTENDEE" when ReadContext.IsEmptyAddress(p): (extras ??= []).Add(ReadContext.Extra(p)); break;
                case "ORGANIZER": organizer = context.ReadAttendee(p); break;
                case "ATTENDEE": (attendees ??= []).Add(context.ReadAttendee(p)); break;
                case "CATEGORIES": ReadContext.AddCategories(categories ??= [], p, context.Strings); break;
                case "TRANSP": transp = p.ValueIs("TRANSPARENT") ? ShowAs.Free : ShowAs.Busy; break;
                case PropertyMaps.BusyStatusProperty when PropertyMaps.ShowAsFromBusyStatus(p.RawValue) is { } s: busy = s; break;
                case "PRIORITY" when PropertyMaps.ImportanceFromPriority(p.RawValue) is { } i:
                    priority = i;
                    if (PropertyMaps.PriorityFromImportance(i) != p.RawValue.Trim()) (extras ??= []).Add(KeptValues.Keep(p));
                    break;
                case "PRIORITY" when p.RawValue.Trim() == "0": break;
                case "X-MICROSOFT-CDO-IMPORTANCE" when PropertyMaps.ImportanceFromCdo(p.RawValue) is { } i: cdoImportance = i; break;
                case "CLASS": sensitivity = PropertyMaps.SensitivityFromClass(p.RawValue); break;
                case PropertyMaps.SensitivityProperty: personal = p.ValueIs("PERSONAL"); break;
                case "RRULE" when rruleLine is null: rruleLine = p; break;
                case "RDATE": context.Zones.ReadList(p, rdates ??= []); break;
                case "EXDATE": context.Zones.ReadList(p, exdates ??= []); break;
                case "RECURRENCE-ID": break; // the caller folds overrides into their master
                case "X-MICROSOFT-CDO-ALLDAYEVENT": cdoAllDay = p.ValueIs("TRUE"); break;
                default:
                    if (!ReadContext.IsNoise(p.Name)) (extras ??= []).Add(ReadContext.Extra(p));
                    break;
            }
        }

        if (startLine is null) throw context.Error(c, "VEVENT has no DTSTART");
        var (start, allDay) = context.Zones.Read(startLine);
        ItemTime? end = null;
        if (endLine is not null)
        {
            end = context.Zones.Read(endLine).Time;
        }
        else if (durationLine is not null)
        {
            if (!DurationText.TryParse(durationLine.RawValue, out var duration)) throw context.Error(durationLine, $"invalid DURATION '{durationLine.RawValue.Trim()}'");
            // A DATE start covers whole days: a time-based DURATION (KDE's PT1H) still means that day, never an end on the start.
            if (allDay) duration = TimeSpan.FromDays(Math.Max(1, Math.Ceiling(duration.TotalDays)));
            end = new ItemTime(start.Value + duration, start.TimeZone);
        }
        else if (allDay)
        {
            end = new ItemTime(start.Value.AddDays(1), start.TimeZone); // RFC 5545 §3.6.1: a DATE start without end lasts one day
        }
        if (!allDay && cdoAllDay && start.Value.TimeOfDay == TimeSpan.Zero && (end is null || end.Value.TimeOfDay == TimeSpan.Zero))
        {
            // Older Outlook marks all-day events with midnight DATE-TIMEs plus this flag instead of DATE values.
            allDay = true;
            start = ItemTime.Date(DateOnly.FromDateTime(start.Value));
            end = ItemTime.Date(DateOnly.FromDateTime(end?.Value ?? start.Value.AddDays(1)));
        }

        RecurrenceRule? rule = null;
        if (rruleLine is not null)
        {
            Span<char> buffer = stackalloc char[256];
            if (RecurrenceRuleText.TryParse(rruleLine.Chars(buffer), out var parsed, out var until, out _))
                rule = until is { } u ? parsed with { Until = UntilFor(u, start, allDay) } : parsed;
            else
                (extras ??= []).Add(ReadContext.Extra(rruleLine)); // a rule the model cannot hold is kept verbatim, not simplified
        }

        int? reminder = null;
        foreach (var child in c.Children)
        {
            if (child.Name == "VALARM" && reminder is null && AlarmReader.Read(child, context) is { } trigger)
            {
                reminder = ReminderMinutes(trigger, start, end);
                if (reminder is not null) continue;
            }
            (extras ??= []).Add(ReadContext.Extra(child));
        }

        if (organizer is not null && attendees is not null)
        {
            // Outlook lists the organizer among the attendees as ACCEPTED; EWS calls that response "Organizer".
            for (var i = 0; i < attendees.Count; i++)
            {
                var a = attendees[i];
                if (a.Response == ResponseStatus.Accepted && a.Email.Equals(organizer.Email, StringComparison.OrdinalIgnoreCase))
                    attendees[i] = a with { Response = ResponseStatus.Organizer };
            }
        }

        return new Event
        {
            Uid = uid,
            Subject = subject,
            Start = start,
            End = end,
            IsAllDay = allDay,
            Location = location,
            Body = body,
            HtmlBody = html,
            Organizer = organizer,
            Attendees = ToValueList(attendees),
            ReminderMinutesBefore = reminder,
            ShowAs = busy ?? transp ?? ShowAs.Busy,
            Importance = priority ?? cdoImportance ?? Importance.Normal,
            Sensitivity = personal && sensitivity == Sensitivity.Private ? Sensitivity.Personal : sensitivity,
            Recurrence = rule,
            RecurrenceDates = ToValueList(rdates),
            DeletedOccurrences = ToValueList(exdates),
            Categories = ToValueList(categories),
            Extras = ToValueList(extras),
        };
    }

    private static ValueList<T> ToValueList<T>(List<T>? list) => list is null || list.Count == 0 ? ValueList<T>.Empty : list.ToValueList();

    /// <summary>UNTIL in the start's terms: UTC for a zoned start, a date for an all-day one, else the wall time.</summary>
    internal static ItemTime UntilFor(ICalTime until, ItemTime start, bool allDay)
    {
        if (allDay) return ItemTime.Date(DateOnly.FromDateTime(until.Value));
        var zoned = !start.IsFloating && !start.IsUtc;
        if (until.IsUtc) return start.IsFloating ? ItemTime.Floating(until.Value) : ItemTime.FromUtc(until.Value);
        // A DATE (or floating) UNTIL on a timed series: the whole day counts, as the clients that write it mean.
        var wall = until.IsDate ? until.Value.AddDays(1).AddSeconds(-1) : until.Value;
        if (!zoned) return start.IsUtc ? ItemTime.FromUtc(wall) : ItemTime.Floating(wall);
        var zone = TimeZoneResolver.FindZone(start.TimeZone!) ?? TimeZoneInfo.Utc;
        return ItemTime.FromUtc(WallClock.ToInstant(wall, zone).UtcDateTime);
    }

    private static int? ReminderMinutes(AlarmTrigger trigger, ItemTime start, ItemTime? end)
    {
        if (trigger.AbsoluteUtc is { } absolute) return (int)Math.Round((start.ToInstant() - new DateTimeOffset(absolute, TimeSpan.Zero)).TotalMinutes);
        if (trigger.Offset is not { } offset) return null;
        var anchor = trigger.RelatedToEnd && end is not null ? end.ToInstant() - start.ToInstant() : TimeSpan.Zero;
        return (int)Math.Round(-(anchor + offset).TotalMinutes);
    }
}
