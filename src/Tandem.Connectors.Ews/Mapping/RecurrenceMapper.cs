using System.Xml.Linq;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Mapping;

/// <summary>
/// RecurrenceRule ↔ t:Recurrence. EWS knows exactly Outlook's patterns; rules are written in the one
/// EWS form each maps to and read back in that form (weekday lists as weekly, Nth weekday as BYDAY with
/// an ordinal), so a rule Tandem wrote reads back equal.
/// </summary>
internal static class RecurrenceMapper
{
    private static readonly string[] IndexNames = ["First", "Second", "Third", "Fourth"];

    /// <param name="start">The series start as a local date: the range's StartDate and the default day/month.</param>
    public static XElement ToXml(RecurrenceRule rule, DateOnly start, string elementName = "Recurrence")
    {
        XElement pattern;
        var ordinalDay = rule.ByDay.FirstOrDefault(d => d.Ordinal != 0);
        var setPos = rule.BySetPos.Count > 0 ? rule.BySetPos[0] : 0;
        var relative = ordinalDay ?? (setPos != 0 && rule.ByDay.Count > 0 ? new WeekdayNum(rule.ByDay[0].Day, setPos) : null);
        switch (rule.Frequency)
        {
            case Frequency.Daily when rule.ByDay.Count == 0:
                pattern = X.T("DailyRecurrence", X.T("Interval", EwsValues.Int(rule.Interval)));
                break;
            case Frequency.Daily:
            case Frequency.Weekly:
                var days = rule.ByDay.Count > 0 ? rule.ByDay.Select(d => d.Day).Distinct() : [start.DayOfWeek];
                pattern = X.T("WeeklyRecurrence",
                    X.T("Interval", EwsValues.Int(rule.Interval)),
                    X.T("DaysOfWeek", string.Join(' ', days.Select(d => d.ToString()))),
                    X.T("FirstDayOfWeek", rule.WeekStart.ToString()));
                break;
            case Frequency.Monthly when relative is not null:
                pattern = X.T("RelativeMonthlyRecurrence",
                    X.T("Interval", EwsValues.Int(rule.Interval)),
                    X.T("DaysOfWeek", relative.Day.ToString()),
                    X.T("DayOfWeekIndex", IndexName(relative.Ordinal)));
                break;
            case Frequency.Monthly:
                pattern = X.T("AbsoluteMonthlyRecurrence",
                    X.T("Interval", EwsValues.Int(rule.Interval)),
                    X.T("DayOfMonth", EwsValues.Int(rule.ByMonthDay.Count > 0 ? rule.ByMonthDay[0] : start.Day)));
                break;
            case Frequency.Yearly when relative is not null:
                pattern = X.T("RelativeYearlyRecurrence",
                    X.T("DaysOfWeek", relative.Day.ToString()),
                    X.T("DayOfWeekIndex", IndexName(relative.Ordinal)),
                    X.T("Month", MonthName(rule.ByMonth.Count > 0 ? rule.ByMonth[0] : start.Month)));
                break;
            default:
                pattern = X.T("AbsoluteYearlyRecurrence",
                    X.T("DayOfMonth", EwsValues.Int(rule.ByMonthDay.Count > 0 ? rule.ByMonthDay[0] : start.Day)),
                    X.T("Month", MonthName(rule.ByMonth.Count > 0 ? rule.ByMonth[0] : start.Month)));
                break;
        }
        XElement range;
        if (rule.Count is { } count)
        {
            range = X.T("NumberedRecurrence", X.T("StartDate", EwsValues.Date(start)), X.T("NumberOfOccurrences", EwsValues.Int(count)));
        }
        else if (rule.Until is { } until)
        {
            range = X.T("EndDateRecurrence", X.T("StartDate", EwsValues.Date(start)), X.T("EndDate", EwsValues.Date(DateOnly.FromDateTime(until.Value))));
        }
        else
        {
            range = X.T("NoEndRecurrence", X.T("StartDate", EwsValues.Date(start)));
        }
        return new XElement(Ns.T + elementName, pattern, range);
    }

    /// <param name="untilTime">Builds the model's Until from the range's end date (the caller knows the zone).</param>
    public static RecurrenceRule? FromXml(XElement? recurrence, Func<DateOnly, ItemTime> untilTime)
    {
        if (recurrence is null) return null;
        var pattern = recurrence.Elements().FirstOrDefault(e => e.Name.LocalName.EndsWith("Recurrence", StringComparison.Ordinal) && !IsRange(e.Name.LocalName));
        var range = recurrence.Elements().FirstOrDefault(e => IsRange(e.Name.LocalName));
        if (pattern is null) return null;
        var interval = pattern.Int("Interval") ?? 1;
        var rule = pattern.Name.LocalName switch
        {
            "DailyRecurrence" => new RecurrenceRule { Frequency = Frequency.Daily, Interval = interval },
            "WeeklyRecurrence" => new RecurrenceRule
            {
                Frequency = Frequency.Weekly,
                Interval = interval,
                ByDay = Days(pattern.Text("DaysOfWeek")).Select(d => new WeekdayNum(d)).ToValueList(),
                WeekStart = EwsValues.ParseEnum(pattern.Text("FirstDayOfWeek"), DayOfWeek.Monday),
            },
            "RelativeMonthlyRecurrence" => new RecurrenceRule
            {
                Frequency = Frequency.Monthly,
                Interval = interval,
                ByDay = ValueList<WeekdayNum>.Of(new WeekdayNum(Days(pattern.Text("DaysOfWeek")).FirstOrDefault(), Ordinal(pattern.Text("DayOfWeekIndex")))),
            },
            "AbsoluteMonthlyRecurrence" => new RecurrenceRule
            {
                Frequency = Frequency.Monthly,
                Interval = interval,
                ByMonthDay = ValueList<int>.Of(pattern.Int("DayOfMonth") ?? 1),
            },
            "RelativeYearlyRecurrence" => new RecurrenceRule
            {
                Frequency = Frequency.Yearly,
                ByDay = ValueList<WeekdayNum>.Of(new WeekdayNum(Days(pattern.Text("DaysOfWeek")).FirstOrDefault(), Ordinal(pattern.Text("DayOfWeekIndex")))),
                ByMonth = ValueList<int>.Of(MonthNumber(pattern.Text("Month"))),
            },
            "AbsoluteYearlyRecurrence" => new RecurrenceRule
            {
                Frequency = Frequency.Yearly,
                ByMonthDay = ValueList<int>.Of(pattern.Int("DayOfMonth") ?? 1),
                ByMonth = ValueList<int>.Of(MonthNumber(pattern.Text("Month"))),
            },
            _ => null,
        };
        if (rule is null) return null;
        return range?.Name.LocalName switch
        {
            "NumberedRecurrence" => rule with { Count = range.Int("NumberOfOccurrences") },
            "EndDateRecurrence" when EwsValues.ParseDate(range.Text("EndDate")) is { } end => rule with { Until = untilTime(end) },
            _ => rule,
        };
    }

    private static bool IsRange(string name) => name is "NoEndRecurrence" or "EndDateRecurrence" or "NumberedRecurrence";

    private static IEnumerable<DayOfWeek> Days(string? text) =>
        (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => Enum.TryParse<DayOfWeek>(t, out var d) ? (DayOfWeek?)d : null)
            .OfType<DayOfWeek>();

    private static string IndexName(int ordinal) => ordinal is >= 1 and <= 4 ? IndexNames[ordinal - 1] : "Last";

    private static int Ordinal(string? index) => index == "Last" ? -1 : Array.IndexOf(IndexNames, index) + 1 is > 0 and var i ? i : 1;

    private static string MonthName(int month) =>
        System.Globalization.CultureInfo.InvariantCulture.DateTimeFormat.GetMonthName(Math.Clamp(month, 1, 12));

    private static int MonthNumber(string? name)
    {
        for (var m = 1; m <= 12; m++)
        {
            if (MonthName(m) == name) return m;
        }
        return 1;
    }
}
