using Tandem.Core.Items;

namespace Tandem.Cli.Demo;

/// <summary>The sample company directory and team calendar the demo starts from.</summary>
internal static class DemoData
{
    public static IReadOnlyList<Contact> CompanyContacts() =>
    [
        Person("Maria", "Garcia", "Chief Executive Officer", "Management", "+1 425 555 0100", "Redmond"),
        Person("James", "Chen", "Chief Financial Officer", "Finance", "+1 425 555 0101", "Redmond"),
        Person("Aisha", "Khan", "Head of IT", "IT", "+1 425 555 0102", "Redmond"),
        Person("Lukas", "Müller", "Sales Director EMEA", "Sales", "+49 89 5555 0103", "München"),
        Person("Sofia", "Rossi", "Account Manager", "Sales", "+39 02 5555 0104", "Milano"),
        Person("Kenji", "Tanaka", "Support Lead", "Support", "+81 3 5555 0105", "Tokyo"),
        Person("Olivia", "Smith", "Office Manager", "Facilities", "+1 425 555 0106", "Redmond"),
        Person("Noah", "Johnson", "Network Engineer", "IT", "+1 425 555 0107", "Redmond"),
        Person("Emma", "Dubois", "HR Business Partner", "Human Resources", "+33 1 5555 0108", "Paris"),
        Person("Ravi", "Patel", "Developer", "Engineering", "+44 20 5555 0109", "London"),
    ];

    public static Contact Person(string given, string surname, string title, string department, string phone, string city) => new()
    {
        Uid = $"demo-{given.ToLowerInvariant()}-{surname.ToLowerInvariant()}",
        GivenName = given,
        Surname = surname,
        DisplayName = $"{given} {surname}",
        FileAs = $"{surname}, {given}",
        CompanyName = "Contoso Ltd.",
        Department = department,
        JobTitle = title,
        Emails = [new EmailAddress($"{Ascii(given)}.{Ascii(surname)}@contoso.com".ToLowerInvariant(), $"{given} {surname}")],
        Phones = [new Phone(PhoneKind.Business, phone), new Phone(PhoneKind.Mobile, phone[..^4] + "9" + phone[^3..])],
        Addresses = [new PostalAddress(AddressKind.Business, "1 Contoso Way", city, Country: CountryOf(city))],
        Categories = ["Company"],
    };

    /// <summary>Team meetings in Alice's calendar; the first also sits in Bob's already (same UID), which initial matching must not duplicate.</summary>
    public static IReadOnlyList<Event> TeamMeetings(DateOnly monday) =>
    [
        Meeting("demo-standup", "Team stand-up", monday, 9, 0, 15, "Teams", weekly: true),
        Meeting("demo-planning", "Sprint planning", monday.AddDays(1), 10, 0, 90, "Room Everest"),
        Meeting("demo-review", "Quarterly business review", monday.AddDays(3), 14, 0, 60, "Board room"),
        Meeting("demo-offsite", "Team offsite", monday.AddDays(11), 0, 0, 0, "Lake Tahoe", allDay: true),
        Meeting("demo-allhands", "All-hands", monday.AddDays(4), 16, 0, 45, "Cafeteria"),
        Meeting("demo-security", "Security training", monday.AddDays(2), 11, 0, 120, "Room Everest"),
        Meeting("demo-customer", "Customer visit: Fabrikam", monday.AddDays(8), 13, 30, 120, "Reception"),
    ];

    private static Event Meeting(string uid, string subject, DateOnly day, int hour, int minute, int minutes, string location, bool weekly = false, bool allDay = false)
    {
        var start = day.ToDateTime(new TimeOnly(hour, minute));
        return new Event
        {
            Uid = uid + "@contoso.com",
            Subject = subject,
            Start = allDay ? ItemTime.Date(day) : new ItemTime(start, "America/Los_Angeles"),
            End = allDay ? ItemTime.Date(day.AddDays(2)) : new ItemTime(start.AddMinutes(minutes), "America/Los_Angeles"),
            IsAllDay = allDay,
            Location = location,
            Body = $"{subject} — agenda in the team notebook.",
            ReminderMinutesBefore = allDay ? null : 15,
            Recurrence = weekly ? new RecurrenceRule { Frequency = Frequency.Weekly, ByDay = [new WeekdayNum(DayOfWeek.Monday)] } : null,
        };
    }

    private static string Ascii(string name) => name.Replace("ü", "ue", StringComparison.Ordinal);

    private static string CountryOf(string city) => city switch
    {
        "München" => "Germany",
        "Milano" => "Italy",
        "Tokyo" => "Japan",
        "Paris" => "France",
        "London" => "United Kingdom",
        _ => "United States",
    };
}
