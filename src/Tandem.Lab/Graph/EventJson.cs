using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Tandem.Lab.Ews;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Graph;

/// <summary>
/// A stored calendar item as Graph's event, and a Graph event body applied to one. The store keeps what EWS clients send
/// (UTC Start/End plus StartTimeZone/EndTimeZone by Windows id, t:Recurrence, attendee lists); Graph shows the times in
/// the zone the client asks for (Prefer: outlook.timezone, UTC by default) and the zone the event was made in as
/// originalStartTimeZone. Occurrences and exceptions are the EWS face's views of the master (<see cref="Occurrences"/>).
/// </summary>
internal static class EventJson
{
    private static readonly (string Graph, string Ews)[] ShowAs =
        [("free", "Free"), ("tentative", "Tentative"), ("busy", "Busy"), ("oof", "OOF"), ("workingElsewhere", "WorkingElsewhere")];

    private static readonly (string Graph, string Ews)[] Responses =
        [("accepted", "Accept"), ("declined", "Decline"), ("tentativelyAccepted", "Tentative"), ("notResponded", "NoResponseReceived"), ("organizer", "Organizer"), ("none", "Unknown")];

    private static readonly (string Graph, string Ews)[] AttendeeLists = [("required", "RequiredAttendees"), ("optional", "OptionalAttendees"), ("resource", "Resources")];

    public static JsonObject Render(LabItem item, GraphRequest request, IReadOnlyList<string> extendedIds, bool withExceptions, LabItem? master = null)
    {
        var zoneId = ZoneId(item, "StartTimeZone");
        var allDay = item.Text("IsAllDayEvent") == "true";
        var view = PreferredZone(request.Prefer);
        var isOccurrence = item.Props.ContainsKey("OriginalStart");
        var isMaster = !isOccurrence && item.Props.ContainsKey("Recurrence");
        var body = item.Props.GetValueOrDefault("Body");
        var json = new JsonObject
        {
            ["@odata.etag"] = ContactJson.Etag(item),
            ["id"] = GraphIds.FromStore(item.Id),
            ["createdDateTime"] = ContactJson.Time(item.Created),
            ["lastModifiedDateTime"] = ContactJson.Time(item.Modified),
            ["changeKey"] = item.ChangeKey,
            ["categories"] = new JsonArray(item.Props.TryGetValue("Categories", out var cats) ? cats.Elements(Ns.T + "String").Select(s => (JsonNode?)s.Value).ToArray() : []),
            ["originalStartTimeZone"] = zoneId,
            ["originalEndTimeZone"] = ZoneId(item, "EndTimeZone") ?? zoneId,
            ["iCalUId"] = item.Text("UID") ?? GraphIds.FromStore((master ?? item).Id),
            ["subject"] = item.Text("Subject"),
            ["body"] = new JsonObject { ["contentType"] = (string?)body?.Attribute("BodyType") == "HTML" ? "html" : "text", ["content"] = body?.Value ?? "" },
            ["importance"] = (item.Text("Importance") ?? "Normal").ToLowerInvariant(),
            ["sensitivity"] = (item.Text("Sensitivity") ?? "Normal").ToLowerInvariant(),
            ["isAllDay"] = allDay,
            ["isReminderOn"] = item.Text("ReminderIsSet") == "true",
            ["reminderMinutesBeforeStart"] = int.TryParse(item.Text("ReminderMinutesBeforeStart"), CultureInfo.InvariantCulture, out var r) ? r : 15,
            ["showAs"] = ShowAs.FirstOrDefault(s => s.Ews == item.Text("LegacyFreeBusyStatus")).Graph ?? "busy",
            ["location"] = new JsonObject { ["displayName"] = item.Text("Location") ?? "" },
            ["start"] = Time(item.Text("Start"), view, allDay, zoneId),
            ["end"] = Time(item.Text("End"), view, allDay, ZoneId(item, "EndTimeZone") ?? zoneId),
            ["type"] = isOccurrence ? (item.Text("CalendarItemType") == "Exception" ? "exception" : "occurrence") : isMaster ? "seriesMaster" : "singleInstance",
            ["recurrence"] = isMaster ? RecurrenceJson.Render(item.Props["Recurrence"], zoneId) : null,
            ["attendees"] = new JsonArray(AttendeeLists.SelectMany(l => Attendees(item, l.Graph, l.Ews)).ToArray()),
        };
        if (item.Props.GetValueOrDefault("Organizer")?.Element(Ns.T + "Mailbox") is { } organizer)
        {
            json["organizer"] = new JsonObject { ["emailAddress"] = new JsonObject { ["name"] = organizer.Element(Ns.T + "Name")?.Value, ["address"] = organizer.Element(Ns.T + "EmailAddress")?.Value } };
        }

        if (isOccurrence && master is not null)
        {
            json["seriesMasterId"] = GraphIds.FromStore(master.Id);
            json["originalStart"] = item.Text("OriginalStart");
        }

        if (isMaster)
        {
            var zone = RecurrenceExpander.Zone(zoneId);
            json["cancelledOccurrences"] = new JsonArray((item.Props.GetValueOrDefault("DeletedOccurrences")?.Elements() ?? [])
                .Select(d => Parse(d.Element(Ns.T + "Start")?.Value))
                .OfType<DateTimeOffset>()
                .Select(s => (JsonNode?)("OID." + GraphIds.FromStore(item.Id) + "." + TimeZoneInfo.ConvertTime(s, zone).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
                .ToArray());
            if (withExceptions)
            {
                json["exceptionOccurrences"] = new JsonArray(ExceptionViews(item).Select(v => (JsonNode?)Render(v, request, extendedIds, false, item)).ToArray());
            }
        }

        if (extendedIds.Count > 0)
        {
            json["singleValueExtendedProperties"] = new JsonArray(extendedIds.Distinct(StringComparer.OrdinalIgnoreCase)
                .Select(id => (Id: id, Key: ExtendedPropertyId.Parse(id)?.Key))
                .Where(p => p.Key is not null && item.Extended.ContainsKey(p.Key))
                .Select(p => (JsonNode?)new JsonObject { ["id"] = p.Id, ["value"] = ExtendedPropertyId.ValueOf(item.Extended[p.Key!]) })
                .ToArray());
        }

        return json;
    }

    /// <summary>The master's modified occurrences, as the EWS face shows them.</summary>
    public static IEnumerable<LabItem> ExceptionViews(LabItem master) =>
        (master.Props.GetValueOrDefault("ModifiedOccurrences")?.Elements(Ns.T + "Occurrence") ?? [])
            .Select(o => (string?)o.Element(Ns.T + "ItemId")?.Attribute("Id"))
            .Select(id => id is not null && Occurrences.TryParse(id, out _, out var index) ? index : 0)
            .Where(i => i > 0)
            .Select(i => Occurrences.View(master, i));

    /// <summary>Applies the properties present in <paramref name="body"/>; returns the changed keys. Throws FormatException on a bad value.</summary>
    public static ISet<string> Apply(LabItem item, JsonObject body)
    {
        var changed = new HashSet<string>(StringComparer.Ordinal);
        if (body.TryGetPropertyValue("subject", out var subject)) ContactJson.SetProp(item, "Subject", ContactJson.Str(subject), changed);
        if (body["body"] is JsonObject b)
        {
            var content = ContactJson.Str(b["content"]);
            ContactJson.SetElement(item, "Body", content is null ? null : ContactFields.T("Body", new XAttribute("BodyType", (string?)b["contentType"] == "html" ? "HTML" : "Text"), content), changed);
        }

        if (body.TryGetPropertyValue("categories", out var categories))
        {
            var list = ContactJson.Strs(categories);
            ContactJson.SetElement(item, "Categories", list.Count == 0 ? null : ContactFields.T("Categories", list.Select(c => ContactFields.T("String", c)).ToArray()), changed);
        }

        if (ContactJson.Str(body["importance"]) is { } importance) ContactJson.SetProp(item, "Importance", Pascal(importance), changed);
        if (ContactJson.Str(body["sensitivity"]) is { } sensitivity) ContactJson.SetProp(item, "Sensitivity", Pascal(sensitivity), changed);
        if (body["isAllDay"] is JsonValue allDay) ContactJson.SetProp(item, "IsAllDayEvent", (bool)allDay ? "true" : "false", changed);
        if (body["isReminderOn"] is JsonValue reminder) ContactJson.SetProp(item, "ReminderIsSet", (bool)reminder ? "true" : "false", changed);
        if (body["reminderMinutesBeforeStart"] is JsonValue minutes) ContactJson.SetProp(item, "ReminderMinutesBeforeStart", ((int)minutes).ToString(CultureInfo.InvariantCulture), changed);
        if (ContactJson.Str(body["showAs"]) is { } showAs) ContactJson.SetProp(item, "LegacyFreeBusyStatus", ShowAs.FirstOrDefault(s => s.Graph == showAs).Ews ?? "Busy", changed);
        if (body["location"] is JsonObject location) ContactJson.SetProp(item, "Location", ContactJson.Str(location["displayName"]), changed);
        SetTime(item, body["start"], "Start", "StartTimeZone", changed);
        SetTime(item, body["end"], "End", "EndTimeZone", changed);
        if (body.TryGetPropertyValue("recurrence", out var recurrence))
        {
            ContactJson.SetElement(item, "Recurrence", recurrence is JsonObject o ? RecurrenceJson.Parse(o) : null, changed);
        }

        if (body["attendees"] is JsonArray attendees)
        {
            foreach (var (graph, ews) in AttendeeLists)
            {
                var list = attendees.OfType<JsonObject>().Where(a => ((string?)a["type"] ?? "required") == graph && ContactJson.Str(a["emailAddress"]?["address"]) is not null).ToList();
                ContactJson.SetElement(item, ews, list.Count == 0 ? null : ContactFields.T(ews, list.Select(a => ContactFields.T("Attendee",
                    ContactFields.T("Mailbox", ContactJson.Str(a["emailAddress"]?["name"]) is { } n ? ContactFields.T("Name", n) : null!, ContactFields.T("EmailAddress", ContactJson.Str(a["emailAddress"]?["address"])!)),
                    ContactFields.T("ResponseType", Responses.FirstOrDefault(x => x.Graph == (string?)a["status"]?["response"]).Ews ?? "Unknown"))).ToArray()), changed);
            }
        }

        if (body["singleValueExtendedProperties"] is JsonArray extended)
        {
            foreach (var property in extended.OfType<JsonObject>())
            {
                if (ContactJson.Str(property["id"]) is { } id && ExtendedPropertyId.Parse(id) is { } parsed)
                {
                    ContactJson.SetExtended(item, parsed, ContactJson.Str(property["value"]), changed);
                }
            }
        }

        return changed;
    }

    /// <summary>The zone Prefer: outlook.timezone names (Windows or IANA id), UTC without one.</summary>
    public static string PreferredZone(string? prefer)
    {
        const string key = "outlook.timezone=";
        var at = prefer?.IndexOf(key, StringComparison.OrdinalIgnoreCase) ?? -1;
        if (at < 0) return "UTC";
        var rest = prefer![(at + key.Length)..].TrimStart('"');
        var end = rest.IndexOfAny(['"', ',']);
        return end < 0 ? rest : rest[..end];
    }

    private static JsonObject Time(string? utc, string view, bool allDay, string? ownZone)
    {
        var instant = Parse(utc) ?? DateTimeOffset.UnixEpoch;
        // An all-day event is a span of dates: its midnights, whatever zone the client reads in.
        var wall = allDay
            ? TimeZoneInfo.ConvertTime(instant, RecurrenceExpander.Zone(ownZone)).Date
            : TimeZoneInfo.ConvertTime(instant, RecurrenceExpander.Zone(view)).DateTime;
        return new JsonObject { ["dateTime"] = wall.ToString("yyyy-MM-dd'T'HH:mm:ss'.0000000'", CultureInfo.InvariantCulture), ["timeZone"] = view };
    }

    private static void SetTime(LabItem item, JsonNode? node, string name, string zoneName, ISet<string> changed)
    {
        if (node is not JsonObject t)
        {
            return;
        }

        var text = ContactJson.Str(t["dateTime"]) ?? throw new FormatException(Camel(name) + ".dateTime is required.");
        var zoneText = ContactJson.Str(t["timeZone"]) ?? "UTC";
        if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
        {
            throw new FormatException($"{Camel(name)}.dateTime '{text}' is not a date and time.");
        }

        var zone = RecurrenceExpander.Zone(zoneText);
        if (zone == TimeZoneInfo.Utc && zoneText is not ("UTC" or "Etc/UTC" or "Coordinated Universal Time"))
        {
            throw new FormatException($"{Camel(name)}.timeZone '{zoneText}' is not a time zone the lab knows.");
        }

        wall = DateTime.SpecifyKind(wall, DateTimeKind.Unspecified);
        var instant = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(zone.IsInvalidTime(wall) ? wall.AddHours(1) : wall, zone), TimeSpan.Zero);
        ContactJson.SetProp(item, name, ContactJson.Time(instant), changed);
        // Exchange keeps the Windows id, whichever name the client used.
        var windows = TimeZoneInfo.TryConvertIanaIdToWindowsId(zone.Id, out var w) ? w : zone.Id;
        ContactJson.SetElement(item, zoneName, new XElement(Ns.T + zoneName, new XAttribute("Id", zone == TimeZoneInfo.Utc ? "UTC" : windows)), changed);
    }

    private static IEnumerable<JsonNode?> Attendees(LabItem item, string type, string list) =>
        (item.Props.GetValueOrDefault(list)?.Elements(Ns.T + "Attendee") ?? []).Select(a => (JsonNode?)new JsonObject
        {
            ["type"] = type,
            ["status"] = new JsonObject { ["response"] = Responses.FirstOrDefault(x => x.Ews == a.Element(Ns.T + "ResponseType")?.Value).Graph ?? "none", ["time"] = "0001-01-01T00:00:00Z" },
            ["emailAddress"] = new JsonObject { ["name"] = a.Element(Ns.T + "Mailbox")?.Element(Ns.T + "Name")?.Value, ["address"] = a.Element(Ns.T + "Mailbox")?.Element(Ns.T + "EmailAddress")?.Value },
        });

    private static string? ZoneId(LabItem item, string name) =>
        (string?)item.Props.GetValueOrDefault(name)?.Attribute("Id") ?? (string?)item.Props.GetValueOrDefault("MeetingTimeZone")?.Attribute("TimeZoneName");

    private static DateTimeOffset? Parse(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private static string Pascal(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Camel(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}
