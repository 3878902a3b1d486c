using System.Globalization;
using System.Xml.Linq;
using Tandem.Lab.Store;


namespace Tandem.Lab.Seed;

/// <summary>
/// Seeds the lab. "empty": the users of lab.test and their default folders. "demo": also public folders (Company Contacts
/// with 300 contacts, Company Calendar with single and recurring events incl. exceptions, Projects/Tasks) and a few
/// personal items per user. Generated deterministically (fixed random seed, fixed dates) so every demo lab looks alike.
/// </summary>
internal static class LabSeeder
{
    public const string Domain = "lab.test";
    public const string Password = "lab";
    public static readonly string[] Users = ["alice", "bob", "carol", "dave", "erin"];
    public const string ServiceAccount = "tandem";

    public static void Seed(LabStore store, string seed)
    {
        if (seed is not ("demo" or "empty"))
        {
            throw new ArgumentException($"Unknown seed '{seed}' (demo or empty)", nameof(seed));
        }

        foreach (var user in Users)
        {
            store.AddMailbox($"{user}@{Domain}", CultureInfo.InvariantCulture.TextInfo.ToTitleCase(user) + " Lab", Password, canImpersonate: false);
        }

        store.AddMailbox($"{ServiceAccount}@{Domain}", "Tandem Service", Password, canImpersonate: true);
        var publicRoot = store.EnsurePublicRoot();
        if (seed == "empty")
        {
            return;
        }

        var random = new Random(2026);
        var contacts = store.AddFolder(LabFolder.PublicOwner, publicRoot.Id, "Company Contacts", "IPF.Contact", "ContactsFolder");
        for (var i = 0; i < 300; i++)
        {
            store.AddItem(contacts, "Contact", Contact(random, i), []);
        }

        var calendar = store.AddFolder(LabFolder.PublicOwner, publicRoot.Id, "Company Calendar", "IPF.Appointment", "CalendarFolder");
        foreach (var e in CompanyEvents(random))
        {
            store.AddItem(calendar, "CalendarItem", e, []);
        }

        // The stand-up series gets its exceptions the way a client makes them: one occurrence moved, two deleted.
        var standup = calendar.Items.Values.Single(i => i.Text("Subject") == "Daily stand-up");
        var moved = Ews.Occurrences.View(standup, 3);
        moved.Props["Start"] = T("Start", "2026-11-04T09:00:00Z");
        moved.Props["End"] = T("End", "2026-11-04T09:15:00Z");
        moved.Props["Location"] = T("Location", "Room 202");
        Ews.Occurrences.SaveException(store, standup, 3, moved, ["Start", "End", "Location"]);
        Ews.Occurrences.Delete(store, standup, 5);
        Ews.Occurrences.Delete(store, standup, 40);

        var projects = store.AddFolder(LabFolder.PublicOwner, publicRoot.Id, "Projects", "IPF.Note", "Folder");
        var projectTasks = store.AddFolder(LabFolder.PublicOwner, projects.Id, "Tasks", "IPF.Task", "TasksFolder");
        string[] projectWork = ["Migrate file server", "Renew TLS certificates", "Plan Exchange upgrade", "Office move", "Update phone list", "Audit shared mailboxes"];
        for (var i = 0; i < projectWork.Length; i++)
        {
            store.AddItem(projectTasks, "Task", Task(projectWork[i], i), []);
        }

        foreach (var user in Users)
        {
            var mailbox = store.FindMailbox($"{user}@{Domain}")!;
            Folder(store, mailbox, "contacts", out var myContacts);
            for (var i = 0; i < 3; i++)
            {
                store.AddItem(myContacts, "Contact", Contact(random, 1000 + (Array.IndexOf(Users, user) * 10) + i), []);
            }

            Folder(store, mailbox, "calendar", out var myCalendar);
            store.AddItem(myCalendar, "CalendarItem", Event("Dentist", At(2026, 12, 3, 8), TimeSpan.FromHours(1), "Main Street 5"), []);
            store.AddItem(myCalendar, "CalendarItem", Event("1:1 with manager", At(2026, 12, 1, 9), TimeSpan.FromMinutes(30), "Teams",
                Weekly("Tuesday", new DateOnly(2026, 12, 1), 10)), []);
            Folder(store, mailbox, "tasks", out var myTasks);
            store.AddItem(myTasks, "Task", Task("Submit expense report", 10), []);
            store.AddItem(myTasks, "Task", Task("Book travel", 11), []);
            Folder(store, mailbox, "notes", out var myNotes);
            store.AddItem(myNotes, "Message", [T("ItemClass", "IPM.StickyNote"), T("Subject", "Wi-Fi password"), Body("Guest network: lab-guest / ask reception")], []);
            Folder(store, mailbox, "inbox", out var inbox);
            store.AddItem(inbox, "Message",
            [
                T("Subject", "Welcome to the lab"), Body($"Hello {user}, this mailbox lives in the Tandem lab."),
                new XElement(Soap.Ns.T + "From", new XElement(Soap.Ns.T + "Mailbox", T("Name", "Tandem Service"), T("EmailAddress", $"{ServiceAccount}@{Domain}"))),
                T("IsRead", "false"),
            ], []);
        }
    }

    private static void Folder(LabStore store, Mailbox mailbox, string name, out LabFolder folder) =>
        folder = store.Folder(mailbox.Distinguished[name])!;

    private static XElement T(string name, object? value) => new(Soap.Ns.T + name, value);

    private static XElement Body(string text) => new(Soap.Ns.T + "Body", new XAttribute("BodyType", "Text"), text);

    private static string Date(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static DateTimeOffset At(int y, int m, int d, int h) => new(y, m, d, h, 0, 0, TimeSpan.Zero);

    private static List<XElement> Contact(Random r, int n)
    {
        string Pick(string[] list) => list[r.Next(list.Length)];
        var given = Pick(SeedNames.GivenNames);
        var surname = Pick(SeedNames.Surnames);
        var company = Pick(SeedNames.Companies);
        var place = SeedNames.Places[r.Next(SeedNames.Places.Length)];
        var domain = company.ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal)
            .Replace(".", string.Empty, StringComparison.Ordinal) + ".example";
        var local = Ascii(given).ToLowerInvariant() + "." + Ascii(surname).ToLowerInvariant().Replace(" ", string.Empty, StringComparison.Ordinal).Replace("'", string.Empty, StringComparison.Ordinal);
        var props = new List<XElement>
        {
            T("Subject", $"{given} {surname}"),
            Body($"Met at {place.City} ({n})."),
            new XElement(Soap.Ns.T + "Categories", new XElement(Soap.Ns.T + "String", Pick(SeedNames.Categories))),
            T("Sensitivity", n % 17 == 0 ? "Private" : "Normal"),
            T("FileAs", $"{surname}, {given}"),
            T("DisplayName", $"{given} {surname}"),
            T("GivenName", given),
            T("CompanyName", company),
            new XElement(Soap.Ns.T + "EmailAddresses",
                new XElement(Soap.Ns.T + "Entry", new XAttribute("Key", "EmailAddress1"), $"{local}{n}@{domain}"),
                n % 3 == 0 ? new XElement(Soap.Ns.T + "Entry", new XAttribute("Key", "EmailAddress2"), $"{local}@home.example") : null),
            new XElement(Soap.Ns.T + "PhysicalAddresses",
                new XElement(Soap.Ns.T + "Entry", new XAttribute("Key", "Business"),
                    T("Street", $"{10 + r.Next(200)} {place.Street}"), T("City", place.City),
                    place.State.Length > 0 ? T("State", place.State) : null, T("CountryOrRegion", place.Country), T("PostalCode", place.PostalCode))),
            new XElement(Soap.Ns.T + "PhoneNumbers",
                new XElement(Soap.Ns.T + "Entry", new XAttribute("Key", "BusinessPhone"), $"+1 555 {r.Next(100, 999)} {r.Next(1000, 9999)}"),
                n % 2 == 0 ? new XElement(Soap.Ns.T + "Entry", new XAttribute("Key", "MobilePhone"), $"+1 555 {r.Next(100, 999)} {r.Next(1000, 9999)}") : null),
            T("JobTitle", Pick(SeedNames.JobTitles)),
            T("Department", Pick(SeedNames.Departments)),
            T("Surname", surname),
        };
        if (n % 4 == 0)
        {
            props.Add(T("Birthday", Date(new DateTimeOffset(1960 + r.Next(40), 1 + r.Next(12), 1 + r.Next(28), 0, 0, 0, TimeSpan.Zero))));
        }

        if (n % 5 == 0)
        {
            props.Add(new XElement(Soap.Ns.T + "ImAddresses", new XElement(Soap.Ns.T + "Entry", new XAttribute("Key", "ImAddress1"), $"sip:{local}@{domain}")));
            props.Add(T("BusinessHomePage", $"https://www.{domain}/"));
            props.Add(T("AssistantName", Pick(SeedNames.GivenNames)));
            props.Add(T("Manager", Pick(SeedNames.GivenNames) + " " + Pick(SeedNames.Surnames)));
            props.Add(T("OfficeLocation", $"Building {1 + r.Next(9)}"));
            props.Add(T("Profession", "Engineer"));
        }

        if (n % 7 == 0)
        {
            props.Add(T("SpouseName", Pick(SeedNames.GivenNames)));
            props.Add(T("WeddingAnniversary", Date(new DateTimeOffset(1990 + r.Next(30), 1 + r.Next(12), 1 + r.Next(28), 0, 0, 0, TimeSpan.Zero))));
        }

        return props;
    }

    private static XElement Weekly(string day, DateOnly start, int count) =>
        new(Soap.Ns.T + "Recurrence",
            new XElement(Soap.Ns.T + "WeeklyRecurrence", T("Interval", 1), T("DaysOfWeek", day)),
            new XElement(Soap.Ns.T + "NumberedRecurrence", T("StartDate", start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), T("NumberOfOccurrences", count)));

    private static List<XElement> Event(string subject, DateTimeOffset start, TimeSpan length, string location, XElement? recurrence = null, params XElement[] extra)
    {
        var props = new List<XElement>
        {
            T("Subject", subject),
            Body($"{subject} — details to follow."),
            T("ReminderMinutesBeforeStart", 15),
            T("Start", Date(start)),
            T("End", Date(start + length)),
            T("IsAllDayEvent", "false"),
            T("LegacyFreeBusyStatus", "Busy"),
            T("Location", location),
            new XElement(Soap.Ns.T + "StartTimeZone", new XAttribute("Id", "W. Europe Standard Time")),
            new XElement(Soap.Ns.T + "EndTimeZone", new XAttribute("Id", "W. Europe Standard Time")),
        };
        if (recurrence is not null)
        {
            props.Add(recurrence);
        }

        props.AddRange(extra);
        return props;
    }

    private static IEnumerable<List<XElement>> CompanyEvents(Random r)
    {
        for (var i = 0; i < 24; i++)
        {
            var start = At(2026, 11 + (i / 12), 1 + ((i * 3) % 27), 8 + r.Next(8));
            yield return Event(SeedNames.EventSubjects[i % SeedNames.EventSubjects.Length], start, TimeSpan.FromMinutes(30 * (1 + r.Next(4))), $"Room {100 + r.Next(50)}");
        }

        yield return
        [
            T("Subject", "Company holiday"), T("Start", "2026-12-24T00:00:00Z"), T("End", "2026-12-27T00:00:00Z"),
            T("IsAllDayEvent", "true"), T("LegacyFreeBusyStatus", "OOF"), T("Location", "Everywhere"),
        ];

        var standup = At(2026, 11, 2, 8);
        yield return Event("Daily stand-up", standup, TimeSpan.FromMinutes(15), "Room 101",
            new XElement(Soap.Ns.T + "Recurrence",
                new XElement(Soap.Ns.T + "WeeklyRecurrence", T("Interval", 1), T("DaysOfWeek", "Monday Tuesday Wednesday Thursday Friday")),
                new XElement(Soap.Ns.T + "EndDateRecurrence", T("StartDate", "2026-11-02"), T("EndDate", "2027-03-31"))));

        yield return Event("Monthly all-hands", At(2026, 11, 5, 15), TimeSpan.FromHours(1), "Auditorium",
            new XElement(Soap.Ns.T + "Recurrence",
                new XElement(Soap.Ns.T + "RelativeMonthlyRecurrence", T("Interval", 1), T("DaysOfWeek", "Thursday"), T("DayOfWeekIndex", "First")),
                new XElement(Soap.Ns.T + "NoEndRecurrence", T("StartDate", "2026-11-05"))));
    }

    private static List<XElement> Task(string subject, int n) =>
    [
        T("Subject", subject),
        Body($"{subject}: see the project page."),
        T("Importance", n % 3 == 0 ? "High" : "Normal"),
        T("DueDate", Date(At(2026, 12, 1 + (n % 28), 17))),
        T("PercentComplete", n % 4 * 25),
        T("StartDate", Date(At(2026, 11, 1 + (n % 28), 9))),
        T("Status", (n % 4) switch { 0 => "NotStarted", 1 => "InProgress", 2 => "WaitingOnOthers", _ => "Deferred" }),
    ];

    private static string Ascii(string s)
    {
        var normalized = s.Replace("ł", "l", StringComparison.Ordinal).Replace("Ł", "L", StringComparison.Ordinal).Normalize(System.Text.NormalizationForm.FormD);
        return new string([.. normalized.Where(c => c < 128 && c != '\'')]);
    }
}
