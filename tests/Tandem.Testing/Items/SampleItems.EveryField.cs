using Tandem.Core.Items;

namespace Tandem.Testing.Items;

/// <summary>
/// Every field of the canonical model set, those no connector carries included (photo, extras, HTML body,
/// organizer): for tests of the model itself (JSON, hashing, normalizing), where a field lost anywhere must show.
/// </summary>
public static partial class SampleItems
{
    public static Contact EveryFieldContact() => new()
    {
        Uid = "c-1",
        NamePrefix = "Dr.",
        GivenName = "Anna",
        MiddleName = "Maria",
        Surname = "Kowalski",
        NameSuffix = "PhD",
        DisplayName = "Dr. Anna Kowalski",
        FileAs = "Kowalski, Anna",
        Nickname = "Ania",
        Emails = ValueList.Of(new EmailAddress("anna@contoso.com", "Anna (work)"), new EmailAddress("anna@home.example")),
        Phones = ValueList.Of(new Phone(PhoneKind.Business, "+48 22 555 0100"), new Phone(PhoneKind.Mobile, "+48 600 100 200")),
        Addresses = ValueList.Of(new PostalAddress(AddressKind.Business, "ul. Prosta 1", "Warszawa", "Mazowieckie", "00-001", "Poland")),
        MailingAddress = AddressKind.Business,
        CompanyName = "Contoso",
        Department = "Sales",
        OfficeLocation = "HQ 3.14",
        JobTitle = "Director",
        Profession = "Economist",
        Manager = "Jan Nowak",
        AssistantName = "Ewa",
        Birthday = new DateOnly(1980, 4, 15),
        Anniversary = new DateOnly(2005, 6, 1),
        SpouseName = "Piotr",
        WebPage = "https://contoso.example/anna",
        ImAddresses = ValueList.Of("sip:anna@contoso.com"),
        Notes = "Met at the fair.\nLikes tea.",
        Photo = new Photo("image/jpeg", "/9j/4AAQ"),
        IsPrivate = true,
        Categories = ValueList.Of("VIP", "Customers"),
        Extras = ValueList.Of(new ExtraProperty("X-SOCIALPROFILE", "X-SOCIALPROFILE;TYPE=twitter:anna")),
    };

    public static Event EveryFieldEvent() => new()
    {
        Uid = "040000008200E00074C5B7101A82E008",
        Subject = "Weekly sync",
        Start = new ItemTime(new DateTime(2026, 3, 2, 10, 0, 0), "Europe/Berlin"),
        End = new ItemTime(new DateTime(2026, 3, 2, 10, 30, 0), "Europe/Berlin"),
        Location = "Room 1",
        Body = "Agenda",
        HtmlBody = "<p>Agenda</p>",
        Organizer = new Attendee("boss@contoso.com", "Boss", AttendeeRole.Chair, ResponseStatus.Organizer),
        Attendees = ValueList.Of(new Attendee("anna@contoso.com", "Anna", AttendeeRole.Required, ResponseStatus.Accepted)),
        ReminderMinutesBefore = 15,
        ShowAs = ShowAs.Free,
        Importance = Importance.Low,
        Sensitivity = Sensitivity.Private,
        Categories = ValueList.Of("Team"),
        Recurrence = new RecurrenceRule
        {
            Frequency = Frequency.Weekly,
            Interval = 2,
            ByDay = ValueList.Of(new WeekdayNum(DayOfWeek.Monday), new WeekdayNum(DayOfWeek.Thursday)),
            Until = ItemTime.FromUtc(new DateTime(2026, 12, 31, 23, 0, 0)),
        },
        DeletedOccurrences = ValueList.Of(new ItemTime(new DateTime(2026, 3, 16, 10, 0, 0), "Europe/Berlin")),
        Exceptions = ValueList.Of(new EventException(
            new ItemTime(new DateTime(2026, 3, 5, 10, 0, 0), "Europe/Berlin"),
            new Event
            {
                Subject = "Weekly sync (moved)",
                Start = new ItemTime(new DateTime(2026, 3, 5, 14, 0, 0), "Europe/Berlin"),
                End = new ItemTime(new DateTime(2026, 3, 5, 14, 30, 0), "Europe/Berlin"),
            })),
    };

    public static TaskItem EveryFieldTask() => new()
    {
        Subject = "File taxes",
        Body = "Before the deadline",
        Start = ItemTime.Date(new DateOnly(2026, 4, 1)),
        Due = ItemTime.Date(new DateOnly(2026, 4, 30)),
        Completed = new DateTime(2026, 4, 20, 8, 0, 0, DateTimeKind.Utc),
        Status = TaskItemStatus.Completed,
        PercentComplete = 100,
        Priority = Importance.Low,
        ReminderTime = new DateTime(2026, 4, 29, 7, 0, 0, DateTimeKind.Utc),
        Recurrence = new RecurrenceRule { Frequency = Frequency.Yearly, ByMonth = ValueList.Of(4), ByMonthDay = ValueList.Of(30), Count = 5 },
        IsPrivate = true,
        Categories = ValueList.Of("Home"),
    };

    public static Note EveryFieldNote() => new() { Subject = "Door code", Body = "4711", Color = NoteColor.Pink, Categories = ValueList.Of("Office") };

    public static IEnumerable<CanonicalItem> EveryField() => [EveryFieldContact(), EveryFieldEvent(), EveryFieldTask(), EveryFieldNote()];
}
