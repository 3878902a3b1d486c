namespace Tandem.Core.Items;

public enum Frequency { Daily, Weekly, Monthly, Yearly }

/// <summary>A BYDAY entry: a weekday, optionally with an ordinal (2TU = second Tuesday, -1FR = last Friday).</summary>
public sealed record WeekdayNum(DayOfWeek Day, int Ordinal = 0);

/// <summary>
/// An RRULE in the forms Outlook can express (daily, every weekday, weekly on days, monthly on a day or
/// the Nth weekday, yearly on a date or the Nth weekday of a month; end by count, date or never).
/// <see cref="Until"/> is in the zone of the item's start (UTC when the start is zoned).
/// </summary>
public sealed record RecurrenceRule
{
    public Frequency Frequency { get; init; }
    public int Interval { get; init; } = 1;
    public int? Count { get; init; }
    public ItemTime? Until { get; init; }
    public ValueList<WeekdayNum> ByDay { get; init; } = ValueList<WeekdayNum>.Empty;
    public ValueList<int> ByMonthDay { get; init; } = ValueList<int>.Empty;
    public ValueList<int> ByMonth { get; init; } = ValueList<int>.Empty;
    public ValueList<int> BySetPos { get; init; } = ValueList<int>.Empty;
    public DayOfWeek WeekStart { get; init; } = DayOfWeek.Monday;
}
