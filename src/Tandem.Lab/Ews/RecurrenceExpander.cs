using System.Globalization;
using System.Xml.Linq;
using Tandem.Lab.Soap;

namespace Tandem.Lab.Ews;

/// <summary>
/// Expands a t:Recurrence (daily, weekly, absolute/relative monthly and yearly patterns; no-end, end-date and numbered
/// ranges) into the original start times of its instances, so occurrences can be addressed by InstanceIndex as EWS
/// does. Instances keep the master's wall-clock time in its StartTimeZone (UTC when the zone is unknown).
/// </summary>
internal static class RecurrenceExpander
{
    public const int MaxInstances = 10_000;

    public static IEnumerable<DateTimeOffset> Starts(XElement recurrence, DateTimeOffset masterStart, string? timeZoneId) =>
        Starts(recurrence, masterStart, Zone(timeZoneId));

    public static IEnumerable<DateTimeOffset> Starts(XElement recurrence, DateTimeOffset masterStart, TimeZoneInfo zone)
    {
        var localStart = TimeZoneInfo.ConvertTime(masterStart, zone).DateTime;
        var pattern = recurrence.Elements().First();
        var range = recurrence.Elements().Skip(1).First();
        var first = DateOnly.ParseExact(range.Element(Ns.T + "StartDate")!.Value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        DateOnly? last = range.Element(Ns.T + "EndDate") is { } end ? DateOnly.ParseExact(end.Value[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        var count = int.TryParse(range.Element(Ns.T + "NumberOfOccurrences")?.Value, CultureInfo.InvariantCulture, out var n) ? n : MaxInstances;
        var produced = 0;
        foreach (var date in Dates(pattern, first))
        {
            if (produced >= Math.Min(count, MaxInstances) || (last is { } l && date > l))
            {
                yield break;
            }

            produced++;
            var local = date.ToDateTime(TimeOnly.FromTimeSpan(localStart.TimeOfDay));
            if (zone.IsInvalidTime(local))
            {
                local = local.AddHours(1);
            }

            yield return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), zone), TimeSpan.Zero);
        }
    }

    private static IEnumerable<DateOnly> Dates(XElement pattern, DateOnly first)
    {
        var interval = int.TryParse(pattern.Element(Ns.T + "Interval")?.Value, CultureInfo.InvariantCulture, out var i) && i > 0 ? i : 1;
        var days = Days(pattern.Element(Ns.T + "DaysOfWeek")?.Value);
        var index = pattern.Element(Ns.T + "DayOfWeekIndex")?.Value;
        var dayOfMonth = int.TryParse(pattern.Element(Ns.T + "DayOfMonth")?.Value, CultureInfo.InvariantCulture, out var dm) ? dm : first.Day;
        var month = pattern.Element(Ns.T + "Month")?.Value is { } m ? DateTime.ParseExact(m, "MMMM", CultureInfo.InvariantCulture).Month : first.Month;
        var limit = first.AddYears(200);
        switch (pattern.Name.LocalName)
        {
            case "DailyRecurrence":
                for (var d = first; d < limit; d = d.AddDays(interval))
                {
                    yield return d;
                }

                break;
            case "WeeklyRecurrence":
                var firstDay = Enum.TryParse<DayOfWeek>(pattern.Element(Ns.T + "FirstDayOfWeek")?.Value, out var fd) ? fd : DayOfWeek.Sunday;
                var week = first.AddDays(-(((int)first.DayOfWeek - (int)firstDay + 7) % 7));
                for (; week < limit; week = week.AddDays(7 * interval))
                {
                    for (var k = 0; k < 7; k++)
                    {
                        var d = week.AddDays(k);
                        if (d >= first && days.Contains(d.DayOfWeek))
                        {
                            yield return d;
                        }
                    }
                }

                break;
            case "AbsoluteMonthlyRecurrence" or "RelativeMonthlyRecurrence":
                for (var start = new DateOnly(first.Year, first.Month, 1); start < limit; start = start.AddMonths(interval))
                {
                    var d = pattern.Name.LocalName == "AbsoluteMonthlyRecurrence" ? Clamp(start, dayOfMonth) : Relative(start, days, index);
                    if (d >= first)
                    {
                        yield return d;
                    }
                }

                break;
            case "AbsoluteYearlyRecurrence" or "RelativeYearlyRecurrence":
                for (var year = first.Year; year < limit.Year; year++)
                {
                    var start = new DateOnly(year, month, 1);
                    var d = pattern.Name.LocalName == "AbsoluteYearlyRecurrence" ? Clamp(start, dayOfMonth) : Relative(start, days, index);
                    if (d >= first)
                    {
                        yield return d;
                    }
                }

                break;
            default:
                // Task regeneration patterns have no fixed instances.
                yield break;
        }
    }

    private static DateOnly Clamp(DateOnly monthStart, int day) =>
        monthStart.AddDays(Math.Min(day, DateTime.DaysInMonth(monthStart.Year, monthStart.Month)) - 1);

    /// <summary>The First…Fourth or Last day of the month that is one of <paramref name="days"/>.</summary>
    private static DateOnly Relative(DateOnly monthStart, HashSet<DayOfWeek> days, string? index)
    {
        var inMonth = Enumerable.Range(0, DateTime.DaysInMonth(monthStart.Year, monthStart.Month)).Select(monthStart.AddDays).Where(d => days.Contains(d.DayOfWeek)).ToList();
        if (inMonth.Count == 0)
        {
            return monthStart;
        }

        return index switch
        {
            "Second" => inMonth[1],
            "Third" => inMonth[2],
            "Fourth" => inMonth[3],
            "Last" => inMonth[^1],
            _ => inMonth[0],
        };
    }

    private static HashSet<DayOfWeek> Days(string? list)
    {
        var set = new HashSet<DayOfWeek>();
        foreach (var name in (list ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            switch (name)
            {
                case "Day":
                    set.UnionWith(Enum.GetValues<DayOfWeek>());
                    break;
                case "Weekday":
                    set.UnionWith([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday]);
                    break;
                case "WeekendDay":
                    set.UnionWith([DayOfWeek.Saturday, DayOfWeek.Sunday]);
                    break;
                default:
                    if (Enum.TryParse<DayOfWeek>(name, out var d))
                    {
                        set.Add(d);
                    }

                    break;
            }
        }

        return set;
    }

    /// <summary>A Windows time zone id as .NET knows it; UTC when unknown.</summary>
    public static TimeZoneInfo Zone(string? id)
    {
        if (id is not null)
        {
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id);
            }
            catch (TimeZoneNotFoundException)
            {
            }
            catch (InvalidTimeZoneException)
            {
            }
        }

        return TimeZoneInfo.Utc;
    }
}
