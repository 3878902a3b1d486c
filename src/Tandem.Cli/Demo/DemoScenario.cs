using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine;
using Tandem.State.Sqlite;

namespace Tandem.Cli.Demo;

/// <summary>
/// <c>tandem demo</c>: a one-way company directory (public folder → three users' Contacts/Company) and a two-way
/// team calendar on local folders, synced, changed on several sides, synced again, each outcome checked.
/// </summary>
internal sealed class DemoScenario(CliContext context, string directory)
{
    private const string Connection = "files";
    private const string ContactsGroup = "company-directory";
    private const string CalendarGroup = "team-calendar";
    private static readonly string[] Users = ["alice@contoso.com", "bob@contoso.com", "carol@contoso.com"];

    private readonly TextWriter _out = context.Out;
    private readonly DemoChecks _checks = new(context.Out);
    private readonly string _root = Path.Combine(directory, "folders");

    public string StatePath => Path.Combine(directory, "tandem.db");

    public async Task<int> RunAsync(CancellationToken ct)
    {
        var files = new DemoFiles(_root, context.Time);
        var source = files.Folder("public", "Company Contacts");
        var targets = Users.Select(u => files.Folder(u, "Contacts/Company")).ToArray();
        var aliceCalendar = files.Folder("alice@contoso.com", "Calendar/Team");
        var bobCalendar = files.Folder("bob@contoso.com", "Calendar/Team");

        Step($"1. Sample data in {_root}");
        foreach (var contact in DemoData.CompanyContacts()) files.WriteContact(source, $"{contact.Surname} {contact.GivenName}.vcf", contact);
        var monday = NextMonday();
        var meetings = DemoData.TeamMeetings(monday);
        foreach (var meeting in meetings) files.WriteEvent(aliceCalendar, $"{meeting.Subject}.ics", meeting);
        files.WriteEvent(bobCalendar, "standup (bob's copy).ics", meetings[0]);
        _out.WriteLine($"   public/Company Contacts: {DemoData.CompanyContacts().Count} contacts; alice's Calendar/Team: {meetings.Count} meetings; bob's: the stand-up he already had");

        Step("2. Configuration (what the CLI commands store)");
        await using var store = await SqliteStateStore.OpenAsync(StatePath, context.Time, ct);
        await store.AddConnectionAsync(new ConnectionDefinition(Connection, "local", new Dictionary<string, string> { ["root"] = _root }), new Dictionary<string, string>(), ct);
        await store.AddGroupAsync(new GroupDefinition { Name = ContactsGroup, Kind = ItemKind.Contact }, ct);
        await store.AddMemberAsync(ContactsGroup, new MemberDefinition(Ref("public", "Company Contacts"), MemberRole.Source), ct);
        foreach (var user in Users) await store.AddMemberAsync(ContactsGroup, new MemberDefinition(Ref(user, "Contacts/Company"), MemberRole.Target), ct);
        await store.AddGroupAsync(new GroupDefinition { Name = CalendarGroup, Kind = ItemKind.Event, Conflict = ConflictPolicy.Merge }, ct);
        await store.AddMemberAsync(CalendarGroup, new MemberDefinition(Ref("alice@contoso.com", "Calendar/Team"), MemberRole.TwoWay), ct);
        await store.AddMemberAsync(CalendarGroup, new MemberDefinition(Ref("bob@contoso.com", "Calendar/Team"), MemberRole.TwoWay), ct);
        _out.WriteLine($"   tandem connection add {Connection} --type local --root {_root}");
        _out.WriteLine($"   tandem group add {ContactsGroup} --type contacts");
        _out.WriteLine($"   tandem member add {ContactsGroup} \"{Ref("public", "Company Contacts")}\" --role source");
        foreach (var user in Users) _out.WriteLine($"   tandem member add {ContactsGroup} {Ref(user, "Contacts/Company")} --role target");
        _out.WriteLine($"   tandem group add {CalendarGroup} --type calendar --conflict merge");
        _out.WriteLine($"   tandem member add {CalendarGroup} {Ref("alice@contoso.com", "Calendar/Team")} --role two-way");
        _out.WriteLine($"   tandem member add {CalendarGroup} {Ref("bob@contoso.com", "Calendar/Team")} --role two-way");

        var engine = context.CreateEngine(store);
        Step("3. First sync: copies go out, bob's existing stand-up is matched, not duplicated");
        await SyncAllAsync(engine, ct);
        var contactCount = DemoData.CompanyContacts().Count;
        foreach (var target in targets) Check(files.Contacts(target).Count == contactCount, $"{Short(target)} holds the {contactCount} company contacts");
        Check(files.Events(bobCalendar).Count == meetings.Count, $"bob's calendar holds {meetings.Count} meetings (one stand-up, not two)");

        Step("4. Changes on several sides");
        var cfoFile = files.FileOf(source, c => c.Surname == "Chen");
        files.EditContact(source, cfoFile, c => c with { JobTitle = "Chief Operating Officer", Phones = [new Phone(PhoneKind.Business, "+1 425 555 0199")] });
        _out.WriteLine("   source:  James Chen is now Chief Operating Officer, new phone (edited in public/Company Contacts)");
        var leaverFile = files.FileOf(source, c => c.Surname == "Johnson");
        File.Delete(Path.Combine(source, leaverFile));
        _out.WriteLine("   source:  Noah Johnson left the company (deleted from public/Company Contacts)");
        var carolTarget = targets[2];
        var carolCopy = files.FileOf(carolTarget, c => c.Surname == "Garcia");
        files.EditContact(carolTarget, carolCopy, c => c with { JobTitle = "Boss (carol was here)" });
        _out.WriteLine("   target:  carol edited her read-only copy of Maria Garcia (to be reverted)");
        files.WriteContact(carolTarget, "my dentist.vcf", new Contact { GivenName = "Dana", Surname = "Dentist", DisplayName = "Dana Dentist", Phones = [new Phone(PhoneKind.Business, "+1 425 555 0123")] });
        _out.WriteLine("   target:  carol added a personal contact to Contacts/Company (to be left alone)");
        var reviewFile = files.EventFileOf(bobCalendar, "Quarterly business review");
        files.EditEvent(bobCalendar, reviewFile, e => e with { Location = "Room Kilimanjaro (board room is booked)" });
        _out.WriteLine("   two-way: bob moved the business review to Room Kilimanjaro");
        var planningFile = files.EventFileOf(aliceCalendar, "Sprint planning");
        File.Delete(Path.Combine(aliceCalendar, planningFile));
        _out.WriteLine("   two-way: alice cancelled sprint planning (deleted it)");

        Step("5. Second sync: the changes propagate");
        await SyncAllAsync(engine, ct);
        foreach (var target in targets)
        {
            var contacts = files.Contacts(target).Select(c => c.Contact).ToList();
            Check(contacts.Any(c => c.Surname == "Chen" && c.JobTitle == "Chief Operating Officer"), $"{Short(target)}: James Chen's new title arrived");
            Check(contacts.All(c => c.Surname != "Johnson"), $"{Short(target)}: Noah Johnson is gone");
        }
        Check(files.Contacts(carolTarget).Any(c => c.Contact.Surname == "Garcia" && c.Contact.JobTitle == "Chief Executive Officer"), "carol's edit of Maria Garcia was reverted");
        Check(files.Contacts(carolTarget).Any(c => c.Contact.Surname == "Dentist"), "carol's personal contact is still there, and only there");
        Check(targets[..2].All(t => files.Contacts(t).All(c => c.Contact.Surname != "Dentist")), "alice and bob did not get carol's dentist");
        Check(files.Events(aliceCalendar).Any(e => e.Event.Location?.StartsWith("Room Kilimanjaro", StringComparison.Ordinal) == true), "alice sees the new room of the business review");
        Check(files.Events(bobCalendar).All(e => e.Event.Subject != "Sprint planning"), "sprint planning is gone from bob's calendar too");

        Step("6. A third sync finds nothing to do");
        var quiet = await SyncAllAsync(engine, ct);
        Check(quiet == 0, "no writes: nothing bounces back and forth");

        PrintNextSteps(source, carolTarget);
        return _checks.Finish(context.Error, "demo");
    }

    private Task<int> SyncAllAsync(SyncEngine engine, CancellationToken ct) => _checks.SyncAllAsync(engine, [ContactsGroup, CalendarGroup], ct);

    private void Check(bool ok, string what) => _checks.Check(ok, what);

    private void Step(string title) => _checks.Step(title);

    private void PrintNextSteps(string source, string carolTarget)
    {
        var state = $"--state \"{StatePath}\"";
        _out.WriteLine();
        _out.WriteLine("What to try next (the demo's folders and state are kept; without an installed tandem, run: dotnet run --project src/Tandem.Cli -- ARGS):");
        _out.WriteLine($"   tandem {state} status");
        _out.WriteLine($"   edit or add a .vcf in \"{source}\", then: tandem {state} sync");
        _out.WriteLine($"   edit a copy in \"{carolTarget}\" and sync: the edit is reverted");
        _out.WriteLine($"   delete most files in \"{source}\" and sync: the group pauses; then tandem {state} reject {ContactsGroup} (restore) or approve {ContactsGroup}");
        _out.WriteLine($"   break a file (remove its END:VCARD line) and sync: it is quarantined, listed by status, the rest goes on");
        _out.WriteLine($"   tandem {state} group list   |   tandem {state} sync --dry-run");
    }

    private DateOnly NextMonday()
    {
        var today = DateOnly.FromDateTime(context.Time.GetUtcNow().UtcDateTime);
        var days = ((int)DayOfWeek.Monday - (int)today.DayOfWeek + 7) % 7;
        return today.AddDays(days == 0 ? 7 : days);
    }

    private static FolderRef Ref(string mailbox, string path) => new(Connection, mailbox, path);

    private string Short(string folder) => Path.GetRelativePath(_root, folder);
}
