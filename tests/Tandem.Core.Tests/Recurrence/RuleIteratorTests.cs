using Tandem.Core.Items;
using Tandem.Core.Recurrence;

namespace Tandem.Core.Tests.Recurrence;

public sealed class RuleIteratorTests
{
    private static List<DateTime> Take(RecurrenceRule rule, DateTime start, int n) => RuleIterator.Generate(rule, start).Take(n).ToList();

    [Fact]
    public void Generate_EveryWeekday_SkipsWeekends()
    {
        var rule = new RecurrenceRule { Frequency = Frequency.Weekly, ByDay = [new(DayOfWeek.Monday), new(DayOfWeek.Tuesday), new(DayOfWeek.Wednesday), new(DayOfWeek.Thursday), new(DayOfWeek.Friday)] };
        var days = Take(rule, new DateTime(2026, 1, 2, 9, 0, 0), 6);
        Assert.Equal([2, 5, 6, 7, 8, 9], days.Select(d => d.Day));
    }

    [Fact]
    public void Generate_BiweeklyWithSundayWeekStart_DiffersFromMondayWeekStart()
    {
        // RFC 5545 §3.3.10's WKST example: the same rule gives different dates with WKST=MO and WKST=SU.
        var monday = new RecurrenceRule { Frequency = Frequency.Weekly, Interval = 2, Count = 4, ByDay = [new(DayOfWeek.Tuesday), new(DayOfWeek.Sunday)] };
        var sunday = monday with { WeekStart = DayOfWeek.Sunday };
        var start = new DateTime(1997, 8, 5, 9, 0, 0);
        Assert.Equal([5, 10, 19, 24], RuleIterator.Generate(monday, start).Select(d => d.Day));
        Assert.Equal([5, 17, 19, 31], RuleIterator.Generate(sunday, start).Select(d => d.Day));
    }

    [Fact]
    public void Generate_LastWeekdayOfMonth_UsesBySetPos()
    {
        var rule = new RecurrenceRule { Frequency = Frequency.Monthly, ByDay = [new(DayOfWeek.Monday), new(DayOfWeek.Tuesday), new(DayOfWeek.Wednesday), new(DayOfWeek.Thursday), new(DayOfWeek.Friday)], BySetPos = [-1] };
        var days = Take(rule, new DateTime(2026, 1, 30, 8, 0, 0), 4);
        Assert.Equal([new DateTime(2026, 1, 30, 8, 0, 0), new DateTime(2026, 2, 27, 8, 0, 0), new DateTime(2026, 3, 31, 8, 0, 0), new DateTime(2026, 4, 30, 8, 0, 0)], days);
    }

    [Fact]
    public void Generate_MonthlyOn31st_SkipsShortMonths()
    {
        var rule = new RecurrenceRule { Frequency = Frequency.Monthly };
        Assert.Equal([1, 3, 5, 7], Take(rule, new DateTime(2026, 1, 31), 4).Select(d => d.Month));
    }

    [Fact]
    public void Generate_YearlyNthWeekdayOfMonth_Thanksgiving()
    {
        var rule = new RecurrenceRule { Frequency = Frequency.Yearly, ByMonth = [11], ByDay = [new(DayOfWeek.Thursday, 4)] };
        Assert.Equal([26, 25, 23], Take(rule, new DateTime(2026, 11, 26), 3).Select(d => d.Day));
    }

    [Fact]
    public void Generate_CountCountsTheStart()
    {
        var rule = new RecurrenceRule { Frequency = Frequency.Daily, Count = 3 };
        Assert.Equal(3, RuleIterator.Generate(rule, new DateTime(2026, 1, 1)).Count());
    }
}
