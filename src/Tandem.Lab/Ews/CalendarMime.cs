using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// A calendar item created from iCalendar in item:MimeContent ("Import items by using EWS in Exchange": EWS can import
/// iCal (.ics) files through the MIME stream). The VEVENT without RECURRENCE-ID becomes the item (its RRULE the
/// Recurrence, its EXDATEs deleted occurrences), each VEVENT with a RECURRENCE-ID an exception of it (further
/// independent VEVENTs are not imported: one CreateItem makes one item). Elements the
/// client also set keep their values. Times with a TZID are read in that zone (kept as StartTimeZone), times without
/// a zone as UTC; a DATE start makes an all-day event. A rule Exchange's patterns cannot hold is refused, not dropped.
/// </summary>
internal static class CalendarMime
{
    private static readonly Dictionary<string, string> Days = new(StringComparer.OrdinalIgnoreCase)
    {
        ["SU"] = "Sunday", ["MO"] = "Monday", ["TU"] = "Tuesday", ["WE"] = "Wednesday", ["TH"] = "Thursday", ["FR"] = "Friday", ["SA"] = "Saturday",
    };

    private static readonly Dictionary<int, string> Ordinals = new() { [1] = "First", [2] = "Second", [3] = "Third", [4] = "Fourth", [-1] = "Last" };

    /// <summary>Adds the master's properties to <paramref name="props"/>; returns what to do once the item exists (exceptions, deleted occurrences).</summary>
    public static Action<LabStore, LabItem> Absorb(string text, List<XElement> props)
    {
        var events = Events(ContentLine.Parse(text));
        var master = events.FirstOrDefault(e => e.All(l => l.Name != "RECURRENCE-ID"))
            ?? throw new EwsException("ErrorMimeContentConversionFailed", "The MIME content of a calendar item must be iCalendar with a VEVENT.");
        var found = Properties(master, series: true);
        foreach (var property in found.Where(f => props.All(p => p.Name != f.Name)))
        {
            props.Add(property);
        }

        var deleted = master.Where(l => l.Name == "EXDATE").SelectMany(l => l.Value.Split(',').Select(v => Time(l with { Value = v }).Utc)).ToList();
        var exceptions = events.Where(e => e != master && e.Any(l => l.Name == "RECURRENCE-ID")).Select(e => (Original: Time(e.First(l => l.Name == "RECURRENCE-ID")).Utc, Props: Properties(e, series: false))).ToList();
        return (store, item) =>
        {
            var instances = Occurrences.Instances(item).ToList();
            int? Index(DateTimeOffset original) => instances.Where(i => i.OriginalStart == original).Select(i => (int?)i.Index).FirstOrDefault();
            foreach (var (original, changed) in exceptions)
            {
                if (Index(original) is not { } index) continue; // RECURRENCE-ID of no instance: nothing in the series to change
                var view = Occurrences.View(item, index);
                foreach (var p in changed.Where(p => p.Name.LocalName is not ("UID" or "StartTimeZone")))
                {
                    view.Props[p.Name.LocalName] = p;
                }

                Occurrences.SaveException(store, item, index, view, changed.Select(p => p.Name.LocalName).Where(n => n is not ("UID" or "StartTimeZone")).ToList());
            }

            foreach (var original in deleted)
            {
                if (Index(original) is { } index) Occurrences.Delete(store, item, index);
            }
        };
    }

    /// <summary>The content lines of each VEVENT, without those of components inside it (VALARM).</summary>
    private static List<List<ContentLine>> Events(List<ContentLine> lines)
    {
        var events = new List<List<ContentLine>>();
        List<ContentLine>? current = null;
        var depth = 0;
        foreach (var line in lines)
        {
            if (line.Name == "BEGIN")
            {
                if (current is not null) depth++;
                else if (line.Value.Trim().Equals("VEVENT", StringComparison.OrdinalIgnoreCase)) current = [];
            }
            else if (line.Name == "END" && current is not null)
            {
                if (depth > 0) depth--;
                else { events.Add(current); current = null; }
            }
            else if (current is not null && depth == 0)
            {
                current.Add(line);
            }
        }

        return events;
    }

    private static List<XElement> Properties(List<ContentLine> e, bool series)
    {
        ContentLine? One(string name) => e.FirstOrDefault(l => l.Name == name);
        var found = new List<XElement>();
        void Add(string name, object? content)
        {
            if (content is not null and not "") found.Add(new XElement(Ns.T + name, content));
        }

        Add("Subject", One("SUMMARY")?.Text);
        if (One("DESCRIPTION")?.Text is { Length: > 0 } description) found.Add(new XElement(Ns.T + "Body", new XAttribute("BodyType", "Text"), description));
        if (One("CATEGORIES") is { } categories) Add("Categories", categories.Parts(',').Where(c => c.Length > 0).Select(c => new XElement(Ns.T + "String", c.Trim())));
        if (series) Add("UID", One("UID")?.Text.Trim());
        if (One("DTSTART") is { } dtstart)
        {
            var (utc, allDay, zone) = Time(dtstart);
            var end = One("DTEND") is { } d ? Time(d).Utc
                : One("DURATION") is { } duration ? utc + XmlConvert.ToTimeSpan(duration.Value.Trim())
                : allDay ? utc.AddDays(1) : utc;
            Add("Start", ItemRenderer.Time(utc));
            Add("End", ItemRenderer.Time(end));
            if (allDay) Add("IsAllDayEvent", "true");
            if (One("TRANSP")?.Value.Trim() is { } transp) Add("LegacyFreeBusyStatus", transp.Equals("TRANSPARENT", StringComparison.OrdinalIgnoreCase) ? "Free" : "Busy");
            Add("Location", One("LOCATION")?.Text);
            if (series && One("RRULE") is { } rule) found.Add(Recurrence(rule.Value, utc, RecurrenceExpander.Zone(zone)));
            if (series && zone is not null) found.Add(new XElement(Ns.T + "StartTimeZone", new XAttribute("Id", WindowsId(zone))));
        }
        else
        {
            Add("Location", One("LOCATION")?.Text);
        }

        return found;
    }

    /// <summary>A DTSTART-like value in UTC; whether it is a DATE; the TZID it named.</summary>
    private static (DateTimeOffset Utc, bool Date, string? Zone) Time(ContentLine line)
    {
        var value = line.Value.Trim();
        var zone = RecurrenceExpander.Zone(line.Param("TZID"));
        var tzid = zone == TimeZoneInfo.Utc ? null : line.Param("TZID"); // an unknown zone is read as UTC, and not kept
        if (value.Length == 8 || string.Equals(line.Param("VALUE"), "DATE", StringComparison.OrdinalIgnoreCase))
        {
            if (!DateTime.TryParseExact(value.Length >= 8 ? value[..8] : value, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new EwsException("ErrorMimeContentConversionFailed", $"{line.Name} has no valid date: {value}");
            }

            return (new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(date, zone), TimeSpan.Zero), true, tzid);
        }

        if (!DateTime.TryParseExact(value.TrimEnd('Z', 'z'), "yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            throw new EwsException("ErrorMimeContentConversionFailed", $"{line.Name} has no valid date-time: {value}");
        }

        return value.EndsWith('Z') || value.EndsWith('z') || tzid is null
            ? (new DateTimeOffset(local, TimeSpan.Zero), false, null)
            : (new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero), false, tzid);
    }

    private static XElement Recurrence(string rule, DateTimeOffset start, TimeZoneInfo zone)
    {
        var parts = rule.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0].Trim().ToUpperInvariant(), p => p[1].Trim(), StringComparer.Ordinal);
        string? P(string name) => parts.GetValueOrDefault(name);
        var local = TimeZoneInfo.ConvertTime(start, zone);
        var interval = new XElement(Ns.T + "Interval", P("INTERVAL") ?? "1");
        var byDay = P("BYDAY")?.Split(',') ?? [];
        var dayNames = byDay.Select(d => Days.GetValueOrDefault(d.TrimStart('+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'))).ToList();
        if (dayNames.Any(d => d is null)) throw Unsupported(rule);
        var nth = byDay.Length == 1 && byDay[0].Length > 2 ? int.Parse(byDay[0][..^2], CultureInfo.InvariantCulture)
            : int.TryParse(P("BYSETPOS"), CultureInfo.InvariantCulture, out var setPos) ? setPos : 0;
        XElement DaysOfWeek() => new(Ns.T + "DaysOfWeek", dayNames.Count > 0 ? string.Join(" ", dayNames) : local.DayOfWeek.ToString());
        XElement Index() => new(Ns.T + "DayOfWeekIndex", Ordinals.GetValueOrDefault(nth) ?? throw Unsupported(rule));
        XElement Month() => new(Ns.T + "Month", CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(int.TryParse(P("BYMONTH"), CultureInfo.InvariantCulture, out var m) ? m : local.Month));
        XElement DayOfMonth() => new(Ns.T + "DayOfMonth", P("BYMONTHDAY") is { } day && !day.Contains(',', StringComparison.Ordinal) ? day : local.Day.ToString(CultureInfo.InvariantCulture));
        var pattern = (P("FREQ")?.ToUpperInvariant(), byDay.Length > 0) switch
        {
            ("DAILY", false) => new XElement(Ns.T + "DailyRecurrence", interval),
            ("WEEKLY", _) => new XElement(Ns.T + "WeeklyRecurrence", interval, DaysOfWeek()),
            ("MONTHLY", false) => new XElement(Ns.T + "AbsoluteMonthlyRecurrence", interval, DayOfMonth()),
            ("MONTHLY", true) => new XElement(Ns.T + "RelativeMonthlyRecurrence", interval, DaysOfWeek(), Index()),
            ("YEARLY", false) => new XElement(Ns.T + "AbsoluteYearlyRecurrence", DayOfMonth(), Month()),
            ("YEARLY", true) => new XElement(Ns.T + "RelativeYearlyRecurrence", DaysOfWeek(), Index(), Month()),
            _ => throw Unsupported(rule),
        };
        var first = new XElement(Ns.T + "StartDate", local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        XElement range;
        if (P("COUNT") is { } count)
        {
            range = new XElement(Ns.T + "NumberedRecurrence", first, new XElement(Ns.T + "NumberOfOccurrences", count));
        }
        else if (P("UNTIL") is { } until)
        {
            var last = until.Length == 8
                ? DateOnly.ParseExact(until, "yyyyMMdd", CultureInfo.InvariantCulture)
                : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time(new ContentLine("UNTIL", new Dictionary<string, string>(), until)).Utc, zone).DateTime);
            range = new XElement(Ns.T + "EndDateRecurrence", first, new XElement(Ns.T + "EndDate", last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }
        else
        {
            range = new XElement(Ns.T + "NoEndRecurrence", first);
        }

        return new XElement(Ns.T + "Recurrence", pattern, range);
    }

    private static EwsException Unsupported(string rule) =>
        new("ErrorMimeContentConversionFailed", $"The RRULE {rule} has no Exchange recurrence pattern.");

    private static string WindowsId(string zone) =>
        TimeZoneInfo.TryConvertIanaIdToWindowsId(zone, out var windows) ? windows : zone;
}
