using Tandem.Core.Items;

namespace Tandem.Testing.Items;

/// <summary>Items with every field the connectors carry set to something non-default.</summary>
public static partial class SampleItems
{
    public static Contact FullContact(string suffix = "") => new()
    {
        NamePrefix = "Dr.",
        GivenName = "Ada" + suffix,
        MiddleName = "King",
        Surname = "Lovelace",
        NameSuffix = "Jr.",
        DisplayName = "Ada Lovelace" + suffix,
        FileAs = "Lovelace, Ada" + suffix,
        Nickname = "Countess",
        YomiGivenName = "Eida",
        YomiSurname = "Rabureisu",
        YomiCompanyName = "Anaritikaru",
        Emails = [new EmailAddress("ada" + suffix + "@example.org", "Ada L."), new EmailAddress("countess@example.org")],
        // Phones in PhoneKind order: EWS keeps them in a dictionary, so that is the order they read back in.
        Phones = [new Phone(PhoneKind.Business, "+44 20 1234 5678"), new Phone(PhoneKind.HomeFax, "+44 20 8765 4321"), new Phone(PhoneKind.Mobile, "+44 7700 900123")],
        Addresses =
        [
            new PostalAddress(AddressKind.Business, "1 Engine Street", "London", "Greater London", "W1 1AA", "United Kingdom", "PO 42"),
            new PostalAddress(AddressKind.Home, "12 St James's Square", "London", null, "SW1Y 4JH", "United Kingdom"),
        ],
        MailingAddress = AddressKind.Business,
        CompanyName = "Analytical Engines Ltd",
        Department = "Mathematics",
        OfficeLocation = "Room 3",
        JobTitle = "Programmer",
        Profession = "Mathematician",
        Manager = "Charles Babbage",
        AssistantName = "Mary Somerville",
        Birthday = new DateOnly(1815, 12, 10),
        Anniversary = new DateOnly(1835, 7, 8),
        SpouseName = "William King",
        WebPage = "https://example.org/ada",
        ImAddresses = ["ada@im.example.org"],
        Notes = "First line\nsecond line",
        IsPrivate = true,
        Categories = ["Science", "VIP"],
    };

    public static Event RecurringEvent(string subject = "Board meeting") => new()
    {
        Uid = "uid-" + subject.Replace(' ', '-'),
        Subject = subject,
        Start = new ItemTime(new DateTime(2026, 3, 2, 9, 30, 0), "Europe/Berlin"),
        End = new ItemTime(new DateTime(2026, 3, 2, 11, 0, 0), "Europe/Berlin"),
        Location = "Room 1",
        Body = "Agenda\nitems",
        Attendees = [new Attendee("bob@lab.test", "Bob", AttendeeRole.Required, ResponseStatus.Accepted), new Attendee("carol@lab.test", "Carol", AttendeeRole.Optional)],
        ReminderMinutesBefore = 30,
        ShowAs = ShowAs.Tentative,
        Importance = Importance.High,
        Sensitivity = Sensitivity.Private,
        Recurrence = new RecurrenceRule { Frequency = Frequency.Weekly, Interval = 2, ByDay = [new WeekdayNum(DayOfWeek.Monday), new WeekdayNum(DayOfWeek.Thursday)], Count = 10 },
        Categories = ["Board"],
    };

    /// <summary>A weekly series with one deleted and one moved occurrence (the moved one carries the master's other fields, as Exchange returns it).</summary>
    public static Event SeriesWithExceptions()
    {
        var master = RecurringEvent("Team sync") with
        {
            Recurrence = new RecurrenceRule { Frequency = Frequency.Weekly, ByDay = [new WeekdayNum(DayOfWeek.Monday)], Count = 6 },
            Attendees = [],
        };
        var moved = master with
        {
            Uid = null,
            Recurrence = null,
            Subject = "Team sync (moved)",
            Location = "Room 2",
            Start = new ItemTime(new DateTime(2026, 3, 16, 14, 0, 0), "Europe/Berlin"),
            End = new ItemTime(new DateTime(2026, 3, 16, 15, 0, 0), "Europe/Berlin"),
        };
        return master with
        {
            DeletedOccurrences = [new ItemTime(new DateTime(2026, 3, 9, 9, 30, 0), "Europe/Berlin")],
            Exceptions = [new EventException(new ItemTime(new DateTime(2026, 3, 16, 9, 30, 0), "Europe/Berlin"), moved)],
        };
    }

    public static Event AllDayEvent() => new()
    {
        Subject = "Company holiday",
        Start = ItemTime.Date(new DateOnly(2026, 5, 1)),
        End = ItemTime.Date(new DateOnly(2026, 5, 2)),
        IsAllDay = true,
        ShowAs = ShowAs.OutOfOffice,
        Recurrence = new RecurrenceRule { Frequency = Frequency.Yearly, ByMonth = [5], ByMonthDay = [1] },
    };

    public static TaskItem FullTask() => new()
    {
        Subject = "Write report",
        Body = "Quarterly numbers",
        Start = ItemTime.Date(new DateOnly(2026, 4, 1)),
        Due = ItemTime.Date(new DateOnly(2026, 4, 15)),
        Status = TaskItemStatus.InProgress,
        PercentComplete = 40,
        Priority = Importance.High,
        ReminderTime = new DateTime(2026, 4, 14, 8, 0, 0),
        IsPrivate = true,
        Categories = ["Work"],
        Recurrence = new RecurrenceRule { Frequency = Frequency.Monthly, ByDay = [new WeekdayNum(DayOfWeek.Friday, -1)] },
    };

    public static Note FullNote() => new()
    {
        Subject = "Door code",
        Body = "Door code\n4711",
        Color = NoteColor.Green,
        Categories = ["Office"],
    };

    /// <summary>Every full sample: one contact, three kinds of event, a task and a note.</summary>
    public static IEnumerable<CanonicalItem> All() => [FullContact(), RecurringEvent(), SeriesWithExceptions(), AllDayEvent(), FullTask(), FullNote(), FullMessage()];

    public static IEnumerable<CanonicalItem> All(ItemKind kind) => All().Where(i => i.Kind == kind);
}
