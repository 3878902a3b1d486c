using System.Globalization;
using System.Text;

namespace Tandem.Formats.Tests.ICalendar;

/// <summary>
/// Seeded generator of calendars in zones no system zone matches: VTIMEZONEs built from random transition rules
/// (yearly "Nth weekday" rules, fixed-date rules, rules that change in a given year, dated RDATE changes, northern
/// and southern daylight periods, odd offsets), each with a random recurring series in it. Without
/// <c>ruleChanges</c> no observance has an UNTIL (python3-icalendar 4.0 cannot build such a zone).
/// </summary>
internal sealed class RandomZones(int seed, bool ruleChanges = true)
{
    private static readonly string[] Days = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];
    private readonly Random _r = new(seed);

    public string NextCalendar(int id)
    {
        var tzid = $"Random Zone {id}";
        var sb = new StringBuilder();
        Line(sb, "BEGIN:VCALENDAR");
        Line(sb, "VERSION:2.0");
        Line(sb, "PRODID:-//Tandem tests//random zones//EN");
        Line(sb, "BEGIN:VTIMEZONE");
        Line(sb, "TZID:" + tzid);
        // Odd standard offsets (quarter hours, +0:30 steps) keep every zone clear of a system zone's behaviour.
        // Real offsets stay within -12:00..+14:00, daylight included.
        var standard = TimeSpan.FromMinutes(15 * _r.Next(-44, 44));
        if (standard.TotalMinutes % 60 == 0) standard += TimeSpan.FromMinutes(15);
        var delta = TimeSpan.FromMinutes(new[] { 30, 60, 60, 120 }[_r.Next(4)]);
        var daylight = standard + delta;
        var southern = _r.Next(3) == 0;
        var (onMonth, offMonth) = southern ? (9 + _r.Next(3), 3 + _r.Next(3)) : (3 + _r.Next(3), 9 + _r.Next(3));
        switch (ruleChanges ? _r.Next(3) : 2 * _r.Next(2))
        {
            case 0:
                YearlyRules(sb, standard, daylight, onMonth, offMonth, null);
                break;
            case 1:
                // The rules change in a year: old rules until then, new ones after.
                var changeYear = 2026 + _r.Next(2);
                YearlyRules(sb, standard, daylight, onMonth, offMonth, changeYear);
                YearlyRules(sb, standard, daylight, onMonth == 12 ? 11 : onMonth + (southern ? -1 : 1), offMonth, null, fromYear: changeYear);
                break;
            default:
                DatedChanges(sb, standard, daylight, onMonth, offMonth);
                break;
        }
        Line(sb, "END:VTIMEZONE");

        // Away from the transition hours (01:00-03:59), so no occurrence falls in a gap or an overlap, where
        // readers legitimately differ.
        var start = new DateTime(2026, 1 + _r.Next(12), 1 + _r.Next(28), 6 + _r.Next(16), 15 * _r.Next(4), 0);
        Line(sb, "BEGIN:VEVENT");
        Line(sb, $"UID:random-zone-{id}@tandem.test");
        Line(sb, "DTSTAMP:20260101T000000Z");
        Line(sb, $"DTSTART;TZID={tzid}:{start:yyyyMMdd'T'HHmmss}");
        Line(sb, $"DTEND;TZID={tzid}:{start.AddMinutes(30 + 15 * _r.Next(8)):yyyyMMdd'T'HHmmss}");
        Line(sb, "RRULE:" + Rule(start));
        if (_r.Next(3) == 0) Line(sb, $"EXDATE;TZID={tzid}:{start.AddDays(7 * (1 + _r.Next(4))):yyyyMMdd'T'HHmmss}");
        Line(sb, $"SUMMARY:Series {id}");
        Line(sb, "END:VEVENT");
        Line(sb, "END:VCALENDAR");
        return sb.ToString();
    }

    private void YearlyRules(StringBuilder sb, TimeSpan standard, TimeSpan daylight, int onMonth, int offMonth, int? untilYear, int fromYear = 1970)
    {
        var fixedDate = _r.Next(4) == 0;
        var onDay = Days[_r.Next(7)];
        var offDay = Days[_r.Next(7)];
        var onOrdinal = new[] { 1, 2, 3, -1 }[_r.Next(4)];
        var offOrdinal = new[] { 1, 2, 3, -1 }[_r.Next(4)];
        var until = untilYear is { } u ? $";UNTIL={u - 1}1231T000000Z" : "";
        var onHour = 1 + _r.Next(3);
        var offHour = 1 + _r.Next(3);
        var onMonthDay = 1 + _r.Next(28);
        var offMonthDay = 1 + _r.Next(28);
        // DTSTART is the rule's first onset, as RFC 5545 wants (readers differ on a DTSTART the rule does not produce).
        Observance(sb, "DAYLIGHT", First(fromYear, onMonth, fixedDate ? onMonthDay : null, onDay, onOrdinal, onHour), standard, daylight,
            fixedDate ? $"FREQ=YEARLY;BYMONTH={onMonth};BYMONTHDAY={onMonthDay}{until}" : $"FREQ=YEARLY;BYMONTH={onMonth};BYDAY={onOrdinal}{onDay}{until}");
        Observance(sb, "STANDARD", First(fromYear, offMonth, fixedDate ? offMonthDay : null, offDay, offOrdinal, offHour), daylight, standard,
            fixedDate ? $"FREQ=YEARLY;BYMONTH={offMonth};BYMONTHDAY={offMonthDay}{until}" : $"FREQ=YEARLY;BYMONTH={offMonth};BYDAY={offOrdinal}{offDay}{until}");
    }

    private static DateTime First(int year, int month, int? monthDay, string day, int ordinal, int hour)
    {
        if (monthDay is { } d) return new DateTime(year, month, d, hour, 0, 0);
        var weekday = (DayOfWeek)Array.IndexOf(Days, day);
        var dates = Enumerable.Range(1, DateTime.DaysInMonth(year, month)).Select(n => new DateTime(year, month, n, hour, 0, 0)).Where(t => t.DayOfWeek == weekday).ToList();
        return ordinal > 0 ? dates[ordinal - 1] : dates[^1];
    }

    private void DatedChanges(StringBuilder sb, TimeSpan standard, TimeSpan daylight, int onMonth, int offMonth)
    {
        var ons = new List<DateTime>();
        var offs = new List<DateTime>();
        for (var year = 2024; year <= 2030; year++)
        {
            ons.Add(new DateTime(year, onMonth, 1 + _r.Next(28), 1 + _r.Next(3), 0, 0));
            offs.Add(new DateTime(year, offMonth, 1 + _r.Next(28), 1 + _r.Next(3), 0, 0));
        }
        Observance(sb, "DAYLIGHT", ons[0], standard, daylight, null, ons.Skip(1));
        Observance(sb, "STANDARD", offs[0], daylight, standard, null, offs.Skip(1));
    }

    private static void Observance(StringBuilder sb, string kind, DateTime start, TimeSpan from, TimeSpan to, string? rule, IEnumerable<DateTime>? rdates = null)
    {
        Line(sb, "BEGIN:" + kind);
        Line(sb, $"DTSTART:{start:yyyyMMdd'T'HHmmss}");
        if (rule is not null) Line(sb, "RRULE:" + rule);
        foreach (var d in rdates ?? []) Line(sb, $"RDATE:{d:yyyyMMdd'T'HHmmss}");
        Line(sb, "TZOFFSETFROM:" + Offset(from));
        Line(sb, "TZOFFSETTO:" + Offset(to));
        Line(sb, "END:" + kind);
    }

    private string Rule(DateTime start) => _r.Next(4) switch
    {
        0 => $"FREQ=DAILY;INTERVAL={1 + _r.Next(9)};COUNT={20 + _r.Next(60)}",
        1 => $"FREQ=WEEKLY;BYDAY={Days[(int)start.DayOfWeek]}",
        2 => $"FREQ=MONTHLY;BYMONTHDAY={start.Day};UNTIL={start.AddYears(2):yyyyMMdd'T'HHmmss}Z",
        _ => $"FREQ=WEEKLY;INTERVAL=2;BYDAY={Days[(int)start.DayOfWeek]},{Days[((int)start.DayOfWeek + 3) % 7]};COUNT=40",
    };

    private static string Offset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hhmm", CultureInfo.InvariantCulture);

    private static void Line(StringBuilder sb, string line) => sb.Append(line).Append("\r\n");
}
