namespace Tandem.Formats.ICalendar;

/// <summary>
/// One top-level component of a calendar (a component of a VCALENDAR, or one standing alone) as its
/// <see cref="CalendarOutline"/> found it: where its lines are, and for a VEVENT what groups a series (the first UID,
/// whether it has a RECURRENCE-ID), known without reading it.
/// </summary>
internal readonly record struct CalendarUnit(CalendarOutline Outline, string Name, int Line, int First, int End, string? Uid, bool IsOverride)
{
    /// <summary>The component; its lines are valid until another unit of the same outline is opened.</summary>
    public CalendarComponent Open() => Outline.Open(this);
}
