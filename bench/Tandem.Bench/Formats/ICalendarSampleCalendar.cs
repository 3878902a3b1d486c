using Tandem.Core.Items;

namespace Tandem.Bench.Formats;

/// <summary>
/// A deterministic calendar of the shape real mailboxes have: mostly single meetings in a few zones,
/// all-day events, and weekly series with deleted and modified occurrences.
/// </summary>
public static class ICalendarSampleCalendar
{
    private static readonly string[] Zones = ["Europe/Berlin", "America/New_York", "Europe/London", "Asia/Kolkata"];

    public static List<CanonicalItem> Events(int count, int seed = 5000)
    {
        var r = new Random(seed);
        var items = new List<CanonicalItem>(count);
        for (var i = 0; i < count; i++)
        {
            var zone = Zones[r.Next(Zones.Length)];
            var day = new DateTime(2024, 1, 1).AddDays(r.Next(3 * 365));
            var start = new ItemTime(day.AddHours(8 + r.Next(9)).AddMinutes(15 * r.Next(4)), zone);
            var e = new Event
            {
                Uid = $"bench-{i:D6}@example.com",
                Subject = $"Meeting {i} about item {r.Next(100000)}",
                Start = start,
                End = new ItemTime(start.Value.AddMinutes(30 * r.Next(1, 5)), zone),
                Location = r.Next(2) == 0 ? "Room " + r.Next(100) : null,
                Body = "Agenda:\n1. Status, risks; next steps\n2. " + new string('x', r.Next(20, 400)),
                Organizer = new Attendee("organizer@example.com", "Olga Organizer"),
                Attendees = Enumerable.Range(0, r.Next(0, 6)).Select(a => new Attendee($"person{a}@example.com", $"Person {a}", AttendeeRole.Required, ResponseStatus.Accepted)).ToValueList(),
                ReminderMinutesBefore = 15,
                Categories = r.Next(3) == 0 ? ["Project", "Customer"] : ValueList<string>.Empty,
            };
            switch (i % 10)
            {
                case 0 or 1:
                    var date = DateOnly.FromDateTime(day);
                    e = e with { IsAllDay = true, Start = ItemTime.Date(date), End = ItemTime.Date(date.AddDays(1)), ShowAs = ShowAs.Free };
                    break;
                case 2 or 3 or 4:
                    var rid = new ItemTime(start.Value.AddDays(14), zone);
                    e = e with
                    {
                        Recurrence = new RecurrenceRule { Frequency = Frequency.Weekly, ByDay = [new WeekdayNum(start.Value.DayOfWeek)], Count = 20 },
                        DeletedOccurrences = [new ItemTime(start.Value.AddDays(7), zone)],
                        Exceptions =
                        [
                            new EventException(rid, e with { Uid = null, Start = new ItemTime(rid.Value.AddHours(2), zone), End = new ItemTime(rid.Value.AddHours(3), zone), Subject = e.Subject + " (moved)" }),
                        ],
                    };
                    break;
            }
            items.Add(e);
        }
        return items;
    }
}
