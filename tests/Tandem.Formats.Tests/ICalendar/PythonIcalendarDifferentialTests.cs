using System.Globalization;
using System.Text.Json;
using Tandem.Core.Items;
using Tandem.Core.Recurrence;
using Tandem.Formats.ICalendar;
using Tandem.Testing.Python;

namespace Tandem.Formats.Tests.ICalendar;

/// <summary>
/// The same files read by Tandem and by python3-icalendar (occurrences by python3-dateutil) give the same
/// fields and the same occurrences. Needs the Debian packages python3-icalendar and python3-dateutil.
/// </summary>
public sealed class PythonIcalendarDifferentialTests
{
    private const string Format = "yyyyMMdd'T'HHmmss";
    private static readonly DateTimeOffset WindowStart = new(1990, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WindowEnd = new(2040, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static TheoryData<string> Files() => new(TestFiles.CorpusFiles().Where(f => !f.StartsWith("broken", StringComparison.Ordinal)));

    [SkippableTheory]
    [MemberData(nameof(Files))]
    public void ReadAll_CorpusFile_SameFieldsAndOccurrencesAsPythonIcalendar(string name)
    {
        var ours = ICalendarCodec.ReadAll(TestFiles.ReadCorpus(name), name);
        var theirs = PythonOracle.Require("icalendar", "dateutil").Run(TestFiles.Python("ical_fields.py"), null, TestFiles.Corpus(name), "19900101T000000Z", "20400101T000000Z").Json().EnumerateArray().ToList();
        Assert.NotEmpty(theirs);
        foreach (var py in theirs)
        {
            var uid = py.GetProperty("uid").GetString();
            var kind = py.GetProperty("kind").GetString();
            var item = ours.First(i => i.Uid == uid && KindOf(i) == kind);
            var where = $"{name} {uid}";
            switch (item)
            {
                case Event e: CompareEvent(e, py, where); break;
                case TaskItem t: CompareTask(t, py, where); break;
                case Note n:
                    Assert.Equal(Str(py, "summary"), n.Subject);
                    Assert.Equal(Str(py, "description"), n.Body);
                    Assert.Equal(Categories(py), n.Categories.ToList());
                    break;
            }
        }
    }

    private static void CompareEvent(Event e, JsonElement py, string where)
    {
        Assert.Equal(Str(py, "summary"), e.Subject);
        Assert.Equal(Str(py, "description"), e.Body);
        Assert.Equal(Str(py, "location"), e.Location);
        Assert.Equal(Categories(py), e.Categories.ToList());
        CompareTime(py.GetProperty("dtstart"), e.Start, where + " DTSTART");
        if (py.GetProperty("dtend").ValueKind != JsonValueKind.Null) CompareTime(py.GetProperty("dtend"), e.End!, where + " DTEND");
        if (Str(py, "class") is { } cls) Assert.Equal(cls == "PUBLIC" ? Sensitivity.Normal : cls == "CONFIDENTIAL" ? Sensitivity.Confidential : Sensitivity.Private, e.Sensitivity);
        if (Str(py, "priority") is { } priority) Assert.Equal(PropertyMaps.ImportanceFromPriority(priority) ?? Importance.Normal, e.Importance);
        if (Str(py, "transp") == "TRANSPARENT") Assert.Equal(ShowAs.Free, e.ShowAs);

        var exdates = py.GetProperty("exdates").EnumerateArray().ToList();
        Assert.Equal(exdates.Count, e.DeletedOccurrences.Count);
        for (var i = 0; i < exdates.Count; i++) CompareTime(exdates[i], e.DeletedOccurrences[i], where + " EXDATE");

        if (py.GetProperty("organizer") is { ValueKind: JsonValueKind.Object } organizer)
        {
            Assert.Equal(organizer.GetProperty("email").GetString(), e.Organizer!.Email);
            Assert.Equal(Str(organizer, "cn"), e.Organizer.Name);
        }
        var attendees = py.GetProperty("attendees").EnumerateArray().ToList();
        Assert.Equal(attendees.Count, e.Attendees.Count);
        for (var i = 0; i < attendees.Count; i++)
        {
            var a = attendees[i];
            var mine = e.Attendees[i];
            Assert.Equal(a.GetProperty("email").GetString(), mine.Email);
            Assert.Equal(Str(a, "cn"), mine.Name);
            Assert.Equal(PropertyMaps.RoleFromIcal(Str(a, "role"), Str(a, "cutype")), mine.Role);
            var response = PropertyMaps.ResponseFromPartstat(Str(a, "partstat"));
            Assert.True(response == mine.Response || (response == ResponseStatus.Accepted && mine.Response == ResponseStatus.Organizer), where + " PARTSTAT");
        }

        var overrides = py.GetProperty("overrides").EnumerateArray().ToList();
        Assert.Equal(overrides.Count, e.Exceptions.Count);
        for (var i = 0; i < overrides.Count; i++)
        {
            // A DATE RECURRENCE-ID on a timed series names that day's occurrence: Tandem gives it the series' time of day.
            if (overrides[i].GetProperty("date").GetBoolean() && !e.IsAllDay)
                Assert.Equal(overrides[i].GetProperty("wall").GetString()![..8], e.Exceptions[i].RecurrenceId.Value.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
            else
                CompareTime(overrides[i], e.Exceptions[i].RecurrenceId, where + " RECURRENCE-ID");
        }

        // Original starts of the series (exceptions move occurrences; python lists the unmoved ones).
        var expected = py.GetProperty("occurrences").EnumerateArray().Select(o => o.GetString()!).ToList();
        var pythonKnowsZone = py.GetProperty("dtstart").GetProperty("utc").ValueKind == JsonValueKind.String;
        var actual = RecurrenceExpander.Expand(e with { Exceptions = ValueList<EventException>.Empty }, WindowStart, WindowEnd.AddDays(1))
            .Where(o => o.RecurrenceId.ToInstant() >= WindowStart && o.RecurrenceId.ToInstant() <= WindowEnd)
            .Select(o => Key(o.RecurrenceId, pythonKnowsZone))
            .ToList();
        Assert.Equal(expected, actual);
    }

    private static void CompareTask(TaskItem t, JsonElement py, string where)
    {
        Assert.Equal(Str(py, "summary"), t.Subject);
        Assert.Equal(Str(py, "description"), t.Body);
        Assert.Equal(Categories(py), t.Categories.ToList());
        if (py.GetProperty("dtstart").ValueKind != JsonValueKind.Null) CompareTime(py.GetProperty("dtstart"), t.Start!, where + " DTSTART");
        if (py.GetProperty("due").ValueKind != JsonValueKind.Null) CompareTime(py.GetProperty("due"), t.Due!, where + " DUE");
        if (Str(py, "percent") is { } percent) Assert.Equal(int.Parse(percent, CultureInfo.InvariantCulture), t.PercentComplete);
        if (Str(py, "status") is { } status) Assert.Equal(PropertyMaps.TaskStatusFromIcal(status), t.Status);
        if (Str(py, "priority") is { } priority) Assert.Equal(PropertyMaps.ImportanceFromPriority(priority) ?? Importance.Normal, t.Priority);
        Assert.Equal(Str(py, "class") is { } cls && cls != "PUBLIC", t.IsPrivate);
    }

    /// <summary>Aware python values compare as instants; naive ones (floating, DATE, zones python cannot resolve) as wall times.</summary>
    private static void CompareTime(JsonElement py, ItemTime mine, string where)
    {
        var wall = py.GetProperty("wall").GetString();
        if (py.GetProperty("utc").GetString() is { } utc)
        {
            Assert.False(mine.IsFloating, where + ": python knows the zone, Tandem read a floating time");
            Assert.Equal(utc, mine.ToInstant().UtcDateTime.ToString(Format, CultureInfo.InvariantCulture));
            return;
        }
        if (py.GetProperty("date").GetBoolean())
        {
            Assert.Equal(wall, mine.Value.ToString(Format, CultureInfo.InvariantCulture));
            return;
        }
        // Naive in python: floating, or a TZID python could not resolve (Tandem may have): the wall time agrees
        // unless Tandem converted a definition-only zone to UTC.
        if (!mine.IsUtc) Assert.Equal(wall, mine.Value.ToString(Format, CultureInfo.InvariantCulture));
    }

    /// <summary>Zoned times as UTC instants; floating ones, and those python could not place, as wall times.</summary>
    private static string Key(ItemTime t, bool pythonKnowsZone) => t.IsFloating || !pythonKnowsZone
        ? t.Value.ToString(Format, CultureInfo.InvariantCulture)
        : t.ToInstant().UtcDateTime.ToString(Format, CultureInfo.InvariantCulture) + "Z";

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<string> Categories(JsonElement py) => py.GetProperty("categories").EnumerateArray().Select(c => c.GetString()!).ToList();

    private static string KindOf(CanonicalItem item) => item switch
    {
        Event => "VEVENT",
        TaskItem => "VTODO",
        _ => "VJOURNAL",
    };
}
