using Tandem.Core.Items;
using Tandem.Core.Recurrence;

namespace Tandem.Core.Tests.Recurrence;

public sealed class RecurrenceExpanderTests
{
    private static readonly DateTimeOffset From = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset To = new(2027, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static Event Weekly(string? zone = "Europe/Berlin", int? count = 10) => new()
    {
        Subject = "Sync",
        Start = new ItemTime(new DateTime(2026, 3, 16, 9, 0, 0), zone),
        End = new ItemTime(new DateTime(2026, 3, 16, 9, 30, 0), zone),
        Recurrence = new RecurrenceRule { Frequency = Frequency.Weekly, Count = count },
    };

    [Fact]
    public void Expand_WeeklyAcrossSpringDst_KeepsWallClockAndShiftsUtc()
    {
        var occurrences = RecurrenceExpander.Expand(Weekly(), From, To);
        Assert.Equal(10, occurrences.Count);
        Assert.All(occurrences, o => Assert.Equal(new TimeOnly(9, 0), TimeOnly.FromDateTime(o.Start.Value)));
        Assert.Equal(new DateTime(2026, 3, 23, 8, 0, 0), occurrences[1].Start.ToInstant().UtcDateTime); // CET
        Assert.Equal(new DateTime(2026, 3, 30, 7, 0, 0), occurrences[2].Start.ToInstant().UtcDateTime); // CEST
        Assert.Equal(new ItemTime(new DateTime(2026, 3, 30, 9, 30, 0), "Europe/Berlin"), occurrences[2].End);
    }

    [Fact]
    public void Expand_DeletedAndExtraDates_AreRemovedAndAdded()
    {
        var e = Weekly() with
        {
            DeletedOccurrences = [new ItemTime(new DateTime(2026, 3, 23, 9, 0, 0), "Europe/Berlin")],
            RecurrenceDates = [new ItemTime(new DateTime(2026, 3, 25, 15, 0, 0), "Europe/Berlin")],
        };
        var starts = RecurrenceExpander.Expand(e, From, To).Select(o => o.Start.Value).ToList();
        Assert.DoesNotContain(new DateTime(2026, 3, 23, 9, 0, 0), starts);
        Assert.Contains(new DateTime(2026, 3, 25, 15, 0, 0), starts);
        Assert.Equal(10, starts.Count);
    }

    [Fact]
    public void Expand_UtcExdateOnZonedSeries_MatchesTheSameInstant()
    {
        var e = Weekly() with { DeletedOccurrences = [ItemTime.FromUtc(new DateTime(2026, 4, 6, 7, 0, 0))] };
        Assert.DoesNotContain(RecurrenceExpander.Expand(e, From, To), o => o.Start.Value == new DateTime(2026, 4, 6, 9, 0, 0));
    }

    [Fact]
    public void Expand_DateExdateOnTimedSeries_RemovesThatDay()
    {
        var e = Weekly() with { DeletedOccurrences = [ItemTime.Date(new DateOnly(2026, 4, 6))] };
        var occurrences = RecurrenceExpander.Expand(e, From, To);
        Assert.Equal(9, occurrences.Count);
        Assert.DoesNotContain(occurrences, o => o.Start.Value.Date == new DateTime(2026, 4, 6));
    }

    [Fact]
    public void Expand_ExceptionMovesOccurrence_KeepsRecurrenceIdAndUsesModifiedFields()
    {
        var rid = new ItemTime(new DateTime(2026, 3, 30, 9, 0, 0), "Europe/Berlin");
        var moved = Weekly() with
        {
            Subject = "Sync (moved)",
            Recurrence = null,
            Start = new ItemTime(new DateTime(2026, 3, 31, 14, 0, 0), "Europe/Berlin"),
            End = new ItemTime(new DateTime(2026, 3, 31, 15, 0, 0), "Europe/Berlin"),
        };
        var e = Weekly() with { Exceptions = [new EventException(rid, moved)] };
        var occurrence = Assert.Single(RecurrenceExpander.Expand(e, From, To), o => o.RecurrenceId == rid);
        Assert.True(occurrence.IsException);
        Assert.Equal(moved.Start, occurrence.Start);
        Assert.Equal("Sync (moved)", occurrence.Item.Subject);
    }

    [Fact]
    public void Expand_ExceptionMovedIntoWindow_IsFoundAlthoughItsSlotIsOutside()
    {
        var rid = new ItemTime(new DateTime(2026, 5, 18, 9, 0, 0), "Europe/Berlin");
        var moved = new Event { Subject = "Pulled forward", Start = new ItemTime(new DateTime(2026, 3, 1, 9, 0, 0), "Europe/Berlin") };
        var e = Weekly(count: null) with { Exceptions = [new EventException(rid, moved)] };
        var window = RecurrenceExpander.Expand(e, new DateTimeOffset(2026, 2, 25, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 5, 0, 0, 0, TimeSpan.Zero));
        var only = Assert.Single(window);
        Assert.Equal("Pulled forward", only.Item.Subject);
    }

    [Fact]
    public void Expand_ThisAndFuture_ShiftsThisAndLaterOccurrences()
    {
        var start = ItemTime.FromUtc(new DateTime(2026, 1, 5, 9, 0, 0));
        var e = new Event
        {
            Subject = "Weekly",
            Start = start,
            End = ItemTime.FromUtc(new DateTime(2026, 1, 5, 10, 0, 0)),
            Recurrence = new RecurrenceRule { Frequency = Frequency.Weekly, Count = 5 },
            Exceptions =
            [
                new EventException(ItemTime.FromUtc(new DateTime(2026, 1, 19, 9, 0, 0)),
                    new Event { Subject = "Weekly, later", Start = ItemTime.FromUtc(new DateTime(2026, 1, 19, 11, 0, 0)), End = ItemTime.FromUtc(new DateTime(2026, 1, 19, 12, 0, 0)) },
                    ThisAndFuture: true),
            ],
        };
        var occurrences = RecurrenceExpander.Expand(e, From, To);
        Assert.Equal([9, 9, 11, 11, 11], occurrences.Select(o => o.Start.Value.Hour));
        Assert.Equal(["Weekly", "Weekly", "Weekly, later", "Weekly, later", "Weekly, later"], occurrences.Select(o => o.Item.Subject));
        Assert.Equal(new DateTime(2026, 2, 2, 12, 0, 0), occurrences[4].End!.Value);
    }

    [Fact]
    public void Expand_WindowCutsSeries_OnlyOverlappingOccurrences()
    {
        var occurrences = RecurrenceExpander.Expand(Weekly(count: null), new DateTimeOffset(2026, 4, 6, 7, 15, 0, TimeSpan.Zero), new DateTimeOffset(2026, 4, 20, 7, 0, 0, TimeSpan.Zero));
        // 6 April 09:00–09:30 CEST is still running at 07:15Z; 20 April starts exactly at the window's end and is out.
        Assert.Equal([new DateTime(2026, 4, 6, 9, 0, 0), new DateTime(2026, 4, 13, 9, 0, 0)], occurrences.Select(o => o.Start.Value));
    }

    [Fact]
    public void Expand_SingleEvent_YieldsItselfWhenInWindow()
    {
        var e = new Event { Subject = "Once", Start = ItemTime.FromUtc(new DateTime(2026, 6, 1, 9, 0, 0)) };
        Assert.Single(RecurrenceExpander.Expand(e, From, To));
        Assert.Empty(RecurrenceExpander.Expand(e, To, To.AddYears(1)));
    }

    [Fact]
    public void Expand_AllDayYearly_UsesDates()
    {
        var e = new Event
        {
            Subject = "Birthday",
            IsAllDay = true,
            Start = ItemTime.Date(new DateOnly(2020, 2, 29)),
            End = ItemTime.Date(new DateOnly(2020, 3, 1)),
            Recurrence = new RecurrenceRule { Frequency = Frequency.Yearly },
        };
        var occurrences = RecurrenceExpander.Expand(e, new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2029, 1, 1, 0, 0, 0, TimeSpan.Zero));
        // RFC 5545: the 29th of February exists only in leap years.
        Assert.Equal([2020, 2024, 2028], occurrences.Select(o => o.Start.Value.Year));
    }

    [Fact]
    public void Starts_UtcUntilOnZonedSeries_IncludesOccurrenceExactlyAtUntil()
    {
        var rule = new RecurrenceRule { Frequency = Frequency.Daily, Until = ItemTime.FromUtc(new DateTime(2026, 7, 3, 7, 0, 0)) };
        var starts = RecurrenceExpander.Starts(rule, new ItemTime(new DateTime(2026, 7, 1, 9, 0, 0), "Europe/Berlin")).ToList();
        Assert.Equal(3, starts.Count);
    }

    [Fact]
    public void Starts_RuleThatCanNeverMatch_EndsAfterTheStart()
    {
        var rule = new RecurrenceRule { Frequency = Frequency.Yearly, ByMonth = [2], ByMonthDay = [30] };
        var starts = RecurrenceExpander.Starts(rule, ItemTime.Floating(new DateTime(2026, 1, 1, 9, 0, 0))).ToList();
        Assert.Equal([new DateTime(2026, 1, 1, 9, 0, 0)], starts.Select(s => s.Value));
    }

    [Fact]
    public void Expand_EndlessDailySeriesFarWindow_Terminates()
    {
        var e = new Event
        {
            Start = ItemTime.FromUtc(new DateTime(2000, 1, 1, 9, 0, 0)),
            Recurrence = new RecurrenceRule { Frequency = Frequency.Daily },
        };
        var occurrences = RecurrenceExpander.Expand(e, new DateTimeOffset(2090, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2090, 1, 8, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal(7, occurrences.Count);
    }
}
