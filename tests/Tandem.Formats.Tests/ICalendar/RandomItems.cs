using System.Text;
using Tandem.Core.Items;

namespace Tandem.Formats.Tests.ICalendar;

/// <summary>Seeded generator of items in every shape the iCalendar codec must carry.</summary>
internal sealed class RandomItems(int seed)
{
    private static readonly string[] Zones = ["Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Sydney", "Europe/London", "America/Sao_Paulo", "Asia/Kathmandu", "Pacific/Auckland"];
    private static readonly string[] Pieces = ["Meeting", "a,b", "semi;colon", "back\\slash", "line\nbreak", "tab\there", "quote\"d", "Zoë", "日本語のテキスト", "emoji 🎉🎉", "colon: yes", "^caret^", "  padded  ", "long-" + new string('x', 90)];

    private readonly Random _r = new(seed);

    public CanonicalItem Next() => _r.Next(5) switch
    {
        0 or 1 or 2 => NextEvent(),
        3 => NextTask(),
        _ => NextNote(),
    };

    public Event NextEvent(bool withSeries = true)
    {
        var allDay = _r.Next(4) == 0;
        var start = allDay ? ItemTime.Date(RandomDate()) : RandomTime(RandomZone());
        ItemTime? end = allDay
            ? ItemTime.Date(DateOnly.FromDateTime(start.Value).AddDays(1 + _r.Next(3)))
            : _r.Next(5) == 0 ? null : new ItemTime(start.Value.AddMinutes(15 * _r.Next(1, 20)), _r.Next(6) == 0 ? RandomZone() : start.TimeZone);
        var organizer = _r.Next(2) == 0 ? null : new Attendee("organizer" + _r.Next(100) + "@example.com", MaybeText());
        var e = new Event
        {
            Uid = _r.Next(3) == 0 ? null : "uid-" + _r.Next() + "@example.com",
            Subject = MaybeText(),
            Start = start,
            End = end,
            IsAllDay = allDay,
            Location = MaybeText(),
            Body = MaybeText(),
            HtmlBody = _r.Next(3) == 0 ? "<p>" + Text() + "</p>" : null,
            Organizer = organizer,
            Attendees = Enumerable.Range(0, _r.Next(4)).Select(i => new Attendee(
                "person" + i + "@example.com",
                MaybeText(),
                Pick<AttendeeRole>(),
                Pick([ResponseStatus.None, ResponseStatus.Accepted, ResponseStatus.Declined, ResponseStatus.Tentative, ResponseStatus.NotResponded]))).ToValueList(),
            ReminderMinutesBefore = _r.Next(3) == 0 ? null : _r.Next(-120, 20000),
            ShowAs = Pick<ShowAs>(),
            Importance = Pick<Importance>(),
            Sensitivity = Pick<Sensitivity>(),
            Categories = Enumerable.Range(0, _r.Next(3)).Select(_ => Text()).ToValueList(),
        };
        if (!withSeries || _r.Next(2) == 0) return e;

        var rule = NextRule(start, allDay);
        var occurrence = (ItemTime t) => new ItemTime(t.Value.AddDays(7 * _r.Next(1, 10)), t.TimeZone);
        return e with
        {
            Recurrence = rule,
            DeletedOccurrences = Enumerable.Range(0, _r.Next(3)).Select(_ => occurrence(start)).ToValueList(),
            RecurrenceDates = Enumerable.Range(0, _r.Next(2)).Select(_ => occurrence(start)).ToValueList(),
            Exceptions = Enumerable.Range(0, _r.Next(3))
                .Select(_ => occurrence(start))
                .Distinct()
                .Select(rid => new EventException(rid, NextEvent(withSeries: false) with { Uid = null, IsAllDay = allDay, Start = allDay ? rid : new ItemTime(rid.Value.AddHours(_r.Next(-3, 4)), rid.TimeZone), End = allDay ? new ItemTime(rid.Value.AddDays(1), null) : null }, _r.Next(5) == 0))
                .ToValueList(),
        };
    }

    public TaskItem NextTask()
    {
        var dated = _r.Next(2) == 0;
        ItemTime? start = _r.Next(3) == 0 ? null : dated ? ItemTime.Date(RandomDate()) : RandomTime(RandomZone());
        ItemTime? due = _r.Next(3) == 0 ? null : dated ? ItemTime.Date(RandomDate()) : RandomTime(RandomZone());
        var anchor = start ?? due;
        return new TaskItem
        {
            Uid = _r.Next(3) == 0 ? null : "task-" + _r.Next(),
            Subject = MaybeText(),
            Body = MaybeText(),
            Start = start,
            Due = due,
            Completed = _r.Next(3) == 0 ? RandomTime(ItemTime.Utc).Value : null,
            Status = Pick<TaskItemStatus>(),
            PercentComplete = _r.Next(101),
            Priority = Pick<Importance>(),
            ReminderTime = _r.Next(3) == 0 ? RandomTime(ItemTime.Utc).Value : null,
            Recurrence = anchor is not null && _r.Next(3) == 0 ? NextRule(anchor, anchor.IsFloating && anchor.Value.TimeOfDay == TimeSpan.Zero) : null,
            IsPrivate = _r.Next(2) == 0,
            Categories = Enumerable.Range(0, _r.Next(3)).Select(_ => Text()).ToValueList(),
        };
    }

    public Note NextNote() => new()
    {
        Uid = _r.Next(3) == 0 ? null : "note-" + _r.Next(),
        Subject = MaybeText(),
        Body = MaybeText(),
        Color = Pick<NoteColor>(),
        Categories = Enumerable.Range(0, _r.Next(3)).Select(_ => Text()).ToValueList(),
    };

    public RecurrenceRule NextRule(ItemTime start, bool allDay)
    {
        var frequency = Pick<Frequency>();
        var rule = new RecurrenceRule { Frequency = frequency, Interval = _r.Next(4) == 0 ? _r.Next(2, 5) : 1, WeekStart = _r.Next(4) == 0 ? DayOfWeek.Sunday : DayOfWeek.Monday };
        var day = start.Value.DayOfWeek;
        rule = frequency switch
        {
            Frequency.Daily when _r.Next(3) == 0 => rule with { ByDay = [new(DayOfWeek.Monday), new(DayOfWeek.Tuesday), new(DayOfWeek.Wednesday), new(DayOfWeek.Thursday), new(DayOfWeek.Friday)] },
            Frequency.Weekly => rule with { ByDay = new[] { day, Pick<DayOfWeek>() }.Distinct().Select(d => new WeekdayNum(d)).ToValueList() },
            Frequency.Monthly => _r.Next(4) switch
            {
                0 => rule with { ByMonthDay = [start.Value.Day] },
                1 => rule with { ByDay = [new WeekdayNum(day, _r.Next(2) == 0 ? -1 : _r.Next(1, 5))] },
                2 => rule with { ByMonthDay = [-1] },
                _ => rule with { ByDay = [new(DayOfWeek.Monday), new(DayOfWeek.Tuesday), new(DayOfWeek.Wednesday), new(DayOfWeek.Thursday), new(DayOfWeek.Friday)], BySetPos = [_r.Next(2) == 0 ? -1 : 1] },
            },
            Frequency.Yearly => _r.Next(2) == 0
                ? rule with { ByMonth = [start.Value.Month], ByMonthDay = [start.Value.Day] }
                : rule with { ByMonth = [start.Value.Month], ByDay = [new WeekdayNum(day, _r.Next(1, 5))] },
            _ => rule,
        };
        switch (_r.Next(3))
        {
            case 0:
                return rule with { Count = _r.Next(1, 50) };
            case 1:
                var until = start.Value.AddDays(_r.Next(10, 800));
                ItemTime u = allDay ? ItemTime.Date(DateOnly.FromDateTime(until))
                    : start.IsFloating ? ItemTime.Floating(until)
                    : ItemTime.FromUtc(until);
                return rule with { Until = u };
            default:
                return rule;
        }
    }

    private string RandomZone() => _r.Next(5) switch
    {
        0 => ItemTime.Utc,
        1 => null!,
        _ => Zones[_r.Next(Zones.Length)],
    };

    private ItemTime RandomTime(string? zone) =>
        new(new DateTime(RandomDate(), new TimeOnly(_r.Next(24), _r.Next(60), _r.Next(4) == 0 ? _r.Next(60) : 0)), zone);

    private DateOnly RandomDate() => new DateOnly(1995, 1, 1).AddDays(_r.Next(365 * 45));

    private string? MaybeText() => _r.Next(4) == 0 ? null : Text();

    private string Text()
    {
        var sb = new StringBuilder();
        var n = _r.Next(1, 4);
        for (var i = 0; i < n; i++) sb.Append(Pieces[_r.Next(Pieces.Length)]).Append(' ');
        return sb.ToString();
    }

    private T Pick<T>() where T : struct, Enum => Pick(Enum.GetValues<T>());

    private T Pick<T>(T[] values) => values[_r.Next(values.Length)];
}
