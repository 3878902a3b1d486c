using System.Globalization;
using System.Text.Json;
using Microsoft.Graph.Models;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Core.TimeZones;
using CoreAttendee = Tandem.Core.Items.Attendee;
using CoreEvent = Tandem.Core.Items.Event;
using CoreImportance = Tandem.Core.Items.Importance;
using CoreSensitivity = Tandem.Core.Items.Sensitivity;
using GraphEvent = Microsoft.Graph.Models.Event;
using RemoteItem = Tandem.Core.Connectors.RemoteItem;
using ResponseStatus = Tandem.Core.Items.ResponseStatus;

namespace Tandem.Connectors.Graph.Mapping;

/// <summary>
/// Event ↔ Graph's event. Times are written as wall-clock time in the event's Windows zone and read as UTC (Prefer:
/// outlook.timezone="UTC") turned back into the zone Graph says the event was made in (originalStartTimeZone), through
/// the same <see cref="ExchangeZones"/> the EWS connector uses, so an event reads the same over either protocol.
/// Graph has no SendToNone: an event written with attendees is a meeting request Exchange sends. So attendees are never
/// written to Graph's attendees; they travel in a Tandem extended property and only real attendees (a meeting someone
/// made in Outlook) are read from there. The organizer, a text body beside the HTML one (Graph's event holds one body,
/// text or HTML: the HTML is the body, the text is kept beside it) and floating times (written as that wall-clock time in
/// UTC, marked, read back floating) travel in the named properties the EWS connector writes (<see cref="EventExtras"/>).
/// </summary>
internal static class GraphEventMapper
{
    private const string WallClock = "yyyy-MM-dd'T'HH:mm:ss";

    public static GraphEvent ToGraph(CoreEvent e, ItemStamp? stamp, bool forUpdate)
    {
        // A series keeps its zone's rules or is not written; a single event's times are exact instants whatever the zone.
        var zone = e.Recurrence is not null && !e.IsAllDay && !e.Start.IsFloating ? GraphZones.ForSeries(e) : ExchangeZones.ToWindows(e.Start.TimeZone);
        var end = e.End ?? (e.IsAllDay ? new ItemTime(e.Start.Value.AddDays(1), e.Start.TimeZone) : e.Start);
        var g = Occurrence(e, end);
        g.Recurrence = e.Recurrence is { } rule ? GraphRecurrence.ToGraph(UntilInStartZone(rule, e.Start), DateOnly.FromDateTime(e.Start.Value), zone) : null;
        var extended = new List<SingleValueLegacyExtendedProperty>();
        void Add(string id, string? value)
        {
            if (value is not null || forUpdate) extended.Add(new SingleValueLegacyExtendedProperty { Id = id, Value = value ?? "" });
        }

        if (stamp is not null)
        {
            Add(ExtendedIds.StampGroup, stamp.GroupId);
            Add(ExtendedIds.StampLogicalId, stamp.LogicalId);
            Add(ExtendedIds.StampIntent, stamp.IntentKey);
        }

        Add(ExtendedIds.Attendees, e.Attendees.Count == 0 ? null : WriteAttendees(e.Attendees));
        Add(ExtendedIds.Organizer, EventExtras.Organizer(e.Organizer));
        Add(ExtendedIds.TextBody, EventExtras.TextBeside(e));
        Add(ExtendedIds.Floating, EventExtras.IsFloating(e) ? "true" : null);
        g.SingleValueExtendedProperties = extended;
        return g;
    }

    /// <summary>
    /// The PATCH of one instance of a series: its fields and its own attendee list (in Tandem's property, as for the
    /// master: an exception's attendees change on their own, and writing Graph's attendees would send meeting requests).
    /// </summary>
    public static GraphEvent Instance(CoreEvent occurrence)
    {
        var g = Occurrence(occurrence);
        g.SingleValueExtendedProperties =
        [
            new SingleValueLegacyExtendedProperty { Id = ExtendedIds.Attendees, Value = occurrence.Attendees.Count == 0 ? "" : WriteAttendees(occurrence.Attendees) },
            new SingleValueLegacyExtendedProperty { Id = ExtendedIds.Organizer, Value = EventExtras.Organizer(occurrence.Organizer) ?? "" },
            new SingleValueLegacyExtendedProperty { Id = ExtendedIds.TextBody, Value = EventExtras.TextBeside(occurrence) ?? "" },
        ];
        return g;
    }

    /// <summary>The fields of one occurrence (a single event, or an exception of a series): everything but the series' own.</summary>
    public static GraphEvent Occurrence(CoreEvent e, ItemTime? endOrNull = null)
    {
        var end = endOrNull ?? e.End ?? (e.IsAllDay ? new ItemTime(e.Start.Value.AddDays(1), e.Start.TimeZone) : e.Start);
        return new GraphEvent
        {
            Subject = e.Subject,
            Body = e.HtmlBody is { Length: > 0 } html
                ? new ItemBody { ContentType = BodyType.Html, Content = html }
                : new ItemBody { ContentType = BodyType.Text, Content = e.Body ?? "" },
            Start = Time(e.Start, e.IsAllDay),
            End = Time(end, e.IsAllDay),
            IsAllDay = e.IsAllDay,
            Location = new Location { DisplayName = e.Location ?? "" },
            IsReminderOn = e.ReminderMinutesBefore is not null,
            ReminderMinutesBeforeStart = e.ReminderMinutesBefore ?? 15,
            ShowAs = e.ShowAs switch
            {
                ShowAs.Free => FreeBusyStatus.Free,
                ShowAs.Tentative => FreeBusyStatus.Tentative,
                ShowAs.OutOfOffice => FreeBusyStatus.Oof,
                ShowAs.WorkingElsewhere => FreeBusyStatus.WorkingElsewhere,
                _ => FreeBusyStatus.Busy,
            },
            Importance = e.Importance switch { CoreImportance.Low => Microsoft.Graph.Models.Importance.Low, CoreImportance.High => Microsoft.Graph.Models.Importance.High, _ => Microsoft.Graph.Models.Importance.Normal },
            Sensitivity = e.Sensitivity switch
            {
                CoreSensitivity.Personal => Microsoft.Graph.Models.Sensitivity.Personal,
                CoreSensitivity.Private => Microsoft.Graph.Models.Sensitivity.Private,
                CoreSensitivity.Confidential => Microsoft.Graph.Models.Sensitivity.Confidential,
                _ => Microsoft.Graph.Models.Sensitivity.Normal,
            },
            Categories = e.Categories.ToList(),
        };
    }

    public static RemoteItem ToRemote(GraphEvent g)
    {
        var x = Extended(g);
        var master = Read(g, x);
        var zone = master.Start.TimeZone ?? ItemTime.Utc;
        // An occurrence put back to the series' own values (how Tandem removes an exception: Graph, like EWS, has no way
        // to turn an exception back into a plain occurrence and keeps listing it) is no exception.
        var exceptions = (g.ExceptionOccurrences ?? [])
            .Where(o => o.OriginalStart is not null)
            .Select(o => new EventException(At(o.OriginalStart!.Value, zone, master.IsAllDay), Read(o, Extended(o)) with { Uid = null, Recurrence = null }))
            .Where(x => !EventExtras.IsPlain(master, x.RecurrenceId, x.Occurrence))
            .ToValueList();
        var timeOfDay = master.Start.Value.TimeOfDay;
        var cancelled = (g.CancelledOccurrences ?? [])
            .Select(CancelledDate).OfType<DateOnly>()
            .Select(d => master.IsAllDay ? ItemTime.Date(d) : new ItemTime(d.ToDateTime(TimeOnly.FromTimeSpan(timeOfDay)), master.Start.TimeZone))
            .ToValueList();
        var item = master with { Uid = Text(g.ICalUId), Exceptions = exceptions, DeletedOccurrences = cancelled };
        if (x.GetValueOrDefault(ExtendedIds.Floating) == "true" && !item.IsAllDay) item = EventExtras.Floating(item);
        return new RemoteItem(g.Id!, g.ChangeKey ?? "", item, ExtendedIds.StampOf(x), g.LastModifiedDateTime);
    }

    private static CoreEvent Read(GraphEvent g, Dictionary<string, string?> x)
    {
        var allDay = g.IsAllDay ?? false;
        var startZone = ExchangeZones.ToIana(g.OriginalStartTimeZone);
        var endZone = ExchangeZones.ToIana(g.OriginalEndTimeZone ?? g.OriginalStartTimeZone);
        var start = Parse(g.Start, startZone, allDay) ?? throw new FormatException("the event has no start");
        var body = g.Body?.Content is { Length: > 0 } content ? content : null;
        var isHtml = g.Body?.ContentType == BodyType.Html;
        var realAttendees = (g.Attendees ?? []).Where(a => Text(a.EmailAddress?.Address) is not null).Select(a => new CoreAttendee(
            a.EmailAddress!.Address!,
            Text(a.EmailAddress.Name),
            a.Type switch { AttendeeType.Optional => AttendeeRole.Optional, AttendeeType.Resource => AttendeeRole.Resource, _ => AttendeeRole.Required },
            Response(a.Status?.Response))).ToValueList();
        var timeOfDay = start.Value.TimeOfDay;
        return new CoreEvent
        {
            Subject = Text(g.Subject),
            Body = isHtml ? EventExtras.ReadTextBeside(x.GetValueOrDefault(ExtendedIds.TextBody), body) : body,
            HtmlBody = isHtml ? body : null,
            Start = start,
            End = Parse(g.End, endZone, allDay),
            IsAllDay = allDay,
            Location = Text(g.Location?.DisplayName),
            Organizer = EventExtras.ReadOrganizer(x.GetValueOrDefault(ExtendedIds.Organizer))
                ?? (g.Organizer?.EmailAddress?.Address is { Length: > 0 } org ? new CoreAttendee(org, Text(g.Organizer.EmailAddress.Name), AttendeeRole.Chair, ResponseStatus.Organizer) : null),
            Attendees = realAttendees.Count > 0 ? realAttendees : ReadAttendees(x.GetValueOrDefault(ExtendedIds.Attendees)),
            ReminderMinutesBefore = g.IsReminderOn == true ? g.ReminderMinutesBeforeStart ?? 15 : null,
            ShowAs = g.ShowAs switch
            {
                FreeBusyStatus.Free => ShowAs.Free,
                FreeBusyStatus.Tentative => ShowAs.Tentative,
                FreeBusyStatus.Oof => ShowAs.OutOfOffice,
                FreeBusyStatus.WorkingElsewhere => ShowAs.WorkingElsewhere,
                _ => ShowAs.Busy,
            },
            Importance = g.Importance switch { Microsoft.Graph.Models.Importance.Low => CoreImportance.Low, Microsoft.Graph.Models.Importance.High => CoreImportance.High, _ => CoreImportance.Normal },
            Sensitivity = g.Sensitivity switch
            {
                Microsoft.Graph.Models.Sensitivity.Personal => CoreSensitivity.Personal,
                Microsoft.Graph.Models.Sensitivity.Private => CoreSensitivity.Private,
                Microsoft.Graph.Models.Sensitivity.Confidential => CoreSensitivity.Confidential,
                _ => CoreSensitivity.Normal,
            },
            Recurrence = GraphRecurrence.FromGraph(g.Recurrence, endDate => allDay
                ? ItemTime.Date(endDate)
                : ExchangeZones.FromInstant(new ItemTime(endDate.ToDateTime(TimeOnly.FromTimeSpan(timeOfDay)), start.TimeZone).ToInstant(), ItemTime.Utc)),
            Categories = (g.Categories ?? []).Select(Text).OfType<string>().ToValueList(),
        };
    }

    /// <summary>Graph's dateTimeTimeZone for a model time: wall-clock time in its Windows zone; dates and floating times in UTC.</summary>
    private static DateTimeTimeZone Time(ItemTime t, bool allDay)
    {
        if (allDay || t.IsFloating) return new DateTimeTimeZone { DateTime = t.Value.ToString(WallClock, CultureInfo.InvariantCulture), TimeZone = ExchangeZones.UtcWindowsId };
        // The Windows zone with the zone's rules (the same wall-clock time); without one, the exact UTC instant. A series
        // never gets here without one (GraphZones.ForSeries), so only a single time is ever written as an instant.
        if (GraphZones.WindowsId(t.TimeZone, t.Value.Year) is { } windows)
        {
            return new DateTimeTimeZone { DateTime = t.Value.ToString(WallClock, CultureInfo.InvariantCulture), TimeZone = windows };
        }

        return new DateTimeTimeZone { DateTime = ExchangeZones.ToInstant(t).UtcDateTime.ToString(WallClock, CultureInfo.InvariantCulture), TimeZone = ExchangeZones.UtcWindowsId };
    }

    /// <summary>A dateTimeTimeZone (in whatever zone Graph answered in) as wall-clock time in <paramref name="zone"/>.</summary>
    private static ItemTime? Parse(DateTimeTimeZone? value, string zone, bool allDay)
    {
        if (value?.DateTime is not { } text || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall)) return null;
        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        // An all-day event's start and end are midnights: the dates, whatever the zone.
        if (allDay) return ItemTime.Date(DateOnly.FromDateTime(wall));
        var answered = ExchangeZones.ToIana(value.TimeZone);
        var instant = new ItemTime(wall, answered).ToInstant();
        return ExchangeZones.FromInstant(instant, zone);
    }

    private static ItemTime At(DateTimeOffset instant, string zone, bool allDay)
    {
        var local = ExchangeZones.FromInstant(instant, zone);
        return allDay ? ItemTime.Date(DateOnly.FromDateTime(local.Value)) : local;
    }

    /// <summary>A cancelled occurrence is named "OID.{master id}.{yyyy-MM-dd}": its original date.</summary>
    private static DateOnly? CancelledDate(string? id)
    {
        var dot = id?.LastIndexOf('.') ?? -1;
        return dot > 0 && DateOnly.TryParseExact(id![(dot + 1)..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    private static RecurrenceRule UntilInStartZone(RecurrenceRule rule, ItemTime start)
    {
        if (rule.Until is not { IsUtc: true } until || start.TimeZone is null or ItemTime.Utc) return rule;
        return rule with { Until = ExchangeZones.FromInstant(until.ToInstant(), start.TimeZone) };
    }

    private static Dictionary<string, string?> Extended(GraphEvent g) => ExtendedIds.Values(g.SingleValueExtendedProperties);

    private static string WriteAttendees(IEnumerable<CoreAttendee> attendees) =>
        JsonSerializer.Serialize(attendees.Select(a => new AttendeeWire(a.Email, a.Name, a.Role.ToString(), a.Response.ToString())).ToList(), AttendeeWireContext.Default.ListAttendeeWire);

    private static ValueList<CoreAttendee> ReadAttendees(string? json)
    {
        if (string.IsNullOrEmpty(json)) return ValueList<CoreAttendee>.Empty;
        try
        {
            return (JsonSerializer.Deserialize(json, AttendeeWireContext.Default.ListAttendeeWire) ?? [])
                .Where(a => !string.IsNullOrEmpty(a.E))
                .Select(a => new CoreAttendee(a.E, a.N, Enum.TryParse<AttendeeRole>(a.R, out var r) ? r : AttendeeRole.Required, Enum.TryParse<ResponseStatus>(a.S, out var s) ? s : ResponseStatus.None))
                .ToValueList();
        }
        catch (JsonException e)
        {
            throw new FormatException("the attendee list Tandem keeps on the event is not readable: " + e.Message, e);
        }
    }

    private static ResponseStatus Response(ResponseType? type) => type switch
    {
        ResponseType.Accepted => ResponseStatus.Accepted,
        ResponseType.Declined => ResponseStatus.Declined,
        ResponseType.TentativelyAccepted => ResponseStatus.Tentative,
        ResponseType.NotResponded => ResponseStatus.NotResponded,
        ResponseType.Organizer => ResponseStatus.Organizer,
        _ => ResponseStatus.None,
    };

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

internal sealed record AttendeeWire(string E, string? N, string R, string S);

[System.Text.Json.Serialization.JsonSerializable(typeof(List<AttendeeWire>))]
internal sealed partial class AttendeeWireContext : System.Text.Json.Serialization.JsonSerializerContext;
