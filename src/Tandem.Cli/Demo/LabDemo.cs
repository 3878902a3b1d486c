using System.Xml.Linq;
using Tandem.Cli.Commands;
using Tandem.Cli.Ews;
using Tandem.Connectors.Ews;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine;
using Tandem.Lab;
using Tandem.State.Sqlite;

namespace Tandem.Cli.Demo;

/// <summary>
/// The Exchange demo: the lab in this process, an Autodiscover connection with the impersonation account, a one-way
/// company directory (public folder → every user's Contacts/Company) and a two-way company calendar (public folder,
/// alice's and bob's Calendar/Company); synced, changed by users through EWS, synced again, each outcome read back
/// through the lab's EWS as the users themselves. Entry: <see cref="RunAsync"/>.
/// </summary>
internal sealed class LabDemo
{
    private const string Connection = "lab";
    private const string ContactsGroup = "company-contacts";
    private const string CalendarGroup = "company-calendar";

    private readonly CliContext _context;
    private readonly TextWriter _out;
    private readonly string _directory;
    private readonly DemoChecks _checks;

    private LabDemo(CliContext context, string directory)
    {
        _context = context;
        _out = context.Out;
        _directory = directory;
        _checks = new DemoChecks(context.Out);
    }

    private string StatePath => Path.Combine(_directory, "tandem.db");

    /// <summary>Runs the whole demo in a new temp directory; 0 when every check passed.</summary>
    public static Task<int> RunAsync(CliContext context, CancellationToken ct) =>
        RunAsync(context, Path.Combine(Path.GetTempPath(), "tandem-lab-demo-" + Guid.NewGuid().ToString("N")[..8]), ct);

    public static async Task<int> RunAsync(CliContext context, string directory, CancellationToken ct)
    {
        Directory.CreateDirectory(directory);
        return await new LabDemo(context, directory).RunAsync(ct);
    }

    private async Task<int> RunAsync(CancellationToken ct)
    {
        Step("1. The Exchange lab, in this process");
        var options = new LabOptions { Urls = "http://127.0.0.1:0", Seed = "demo", DataDirectory = Path.Combine(_directory, "lab"), Time = _context.Time };
        await using var lab = await LabServer.StartAsync(options, ct);
        var baseUrl = lab.BaseUrl.ToString().TrimEnd('/');
        _out.WriteLine($"   listening on {baseUrl}; users {string.Join(", ", LabUsers.Users)}, password '{LabUsers.Password}'");
        using var ews = new LabEwsClient(lab.EwsUrl);
        var users = LabUsers.Users;

        Step("2. Configuration (what the CLI commands store)");
        await using var store = await SqliteStateStore.OpenAsync(StatePath, _context.Time, ct);
        var input = new EwsConnectionInput
        {
            Autodiscover = LabUsers.ServiceAccount, AutodiscoverUrl = baseUrl, User = LabUsers.ServiceAccount, PasswordFromStdin = true, Impersonation = true,
        };
        await store.AddConnectionAsync(new ConnectionDefinition(Connection, EwsSettingKeys.ConnectionType, input.ToSettings()),
            new Dictionary<string, string> { [EwsSettingKeys.PasswordSecret] = LabUsers.Password }, ct);
        await store.AddGroupAsync(new GroupDefinition { Name = ContactsGroup, Kind = ItemKind.Contact }, ct);
        await store.AddMemberAsync(ContactsGroup, new MemberDefinition(Public("Company Contacts"), MemberRole.Source), ct);
        foreach (var user in users) await store.AddMemberAsync(ContactsGroup, new MemberDefinition(Ref(user, "Contacts/Company"), MemberRole.Target), ct);
        await store.AddGroupAsync(new GroupDefinition { Name = CalendarGroup, Kind = ItemKind.Event, Conflict = ConflictPolicy.Merge }, ct);
        await store.AddMemberAsync(CalendarGroup, new MemberDefinition(Public("Company Calendar"), MemberRole.TwoWay), ct);
        await store.AddMemberAsync(CalendarGroup, new MemberDefinition(Ref("alice@lab.test", "Calendar/Company"), MemberRole.TwoWay), ct);
        await store.AddMemberAsync(CalendarGroup, new MemberDefinition(Ref("bob@lab.test", "Calendar/Company"), MemberRole.TwoWay), ct);
        _out.WriteLine($"   echo {LabUsers.Password} | tandem connection add {Connection} --type ews --autodiscover {LabUsers.ServiceAccount} --autodiscover-url {baseUrl} --user {LabUsers.ServiceAccount} --password-stdin --impersonation");
        _out.WriteLine($"   tandem group add {ContactsGroup} --type contacts");
        _out.WriteLine($"   tandem member add {ContactsGroup} \"{Public("Company Contacts")}\" --role source");
        _out.WriteLine($"   tandem member add {ContactsGroup} {Connection}:USER/Contacts/Company --role target     (for each of the {users.Count} users)");
        _out.WriteLine($"   tandem group add {CalendarGroup} --type calendar --conflict merge");
        _out.WriteLine($"   tandem member add {CalendarGroup} \"{Public("Company Calendar")}\" --role two-way");
        _out.WriteLine($"   tandem member add {CalendarGroup} {Ref("alice@lab.test", "Calendar/Company")} --role two-way   (and bob's)");

        var engine = _context.CreateEngine(store);
        Step("3. First sync: the directory fans out, the calendar is merged");
        await SyncAllAsync(engine, ct);
        var publicContacts = await FolderAsync(ews, "alice@lab.test", "Company Contacts", true, ct);
        var sourceCount = (await ews.ItemsAsync("alice@lab.test", publicContacts, [], ct)).Count;
        foreach (var user in users)
        {
            var count = (await ews.ItemsAsync(user, await FolderAsync(ews, user, "Contacts/Company", false, ct), [], ct)).Count;
            Check(count == sourceCount, $"{user} sees {count} contacts in Contacts/Company (the public folder holds {sourceCount})");
        }
        var publicCalendar = await FolderAsync(ews, "alice@lab.test", "Company Calendar", true, ct);
        var aliceCalendar = await FolderAsync(ews, "alice@lab.test", "Calendar/Company", false, ct);
        var bobCalendar = await FolderAsync(ews, "bob@lab.test", "Calendar/Company", false, ct);
        var eventCount = (await ews.ItemsAsync("alice@lab.test", publicCalendar, [], ct)).Count;
        Check((await ews.ItemsAsync("alice@lab.test", aliceCalendar, [], ct)).Count == eventCount && (await ews.ItemsAsync("bob@lab.test", bobCalendar, [], ct)).Count == eventCount,
            $"alice's and bob's Calendar/Company hold the {eventCount} company events");

        Step("4. Users change things through EWS (as Outlook would)");
        var contacts = await ews.ItemsAsync("alice@lab.test", publicContacts, ["contacts:DisplayName", "contacts:JobTitle"], ct);
        var promoted = contacts.OrderBy(c => LabEwsClient.Text(c, "DisplayName"), StringComparer.Ordinal).First();
        var promotedName = LabEwsClient.Text(promoted, "DisplayName");
        const string NewTitle = "Chief Demo Officer";
        await ews.UpdateAsync("alice@lab.test", promoted, "contacts:JobTitle", $"<t:Contact><t:JobTitle>{NewTitle}</t:JobTitle></t:Contact>", ct);
        _out.WriteLine($"   alice (editor of the public folder): {promotedName} is now '{NewTitle}' (was '{LabEwsClient.Text(promoted, "JobTitle")}')");
        var bobEvents = (await ews.ItemsAsync("bob@lab.test", bobCalendar, ["item:Subject", "calendar:Location"], ct)).OrderBy(e => LabEwsClient.Text(e, "Subject"), StringComparer.Ordinal).ToList();
        var moved = bobEvents[0];
        var movedSubject = LabEwsClient.Text(moved, "Subject");
        const string NewRoom = "Room Kilimanjaro";
        await ews.UpdateAsync("bob@lab.test", moved, "calendar:Location", $"<t:CalendarItem><t:Location>{NewRoom}</t:Location></t:CalendarItem>", ct);
        _out.WriteLine($"   bob: moved '{movedSubject}' to {NewRoom} in his Calendar/Company");
        var aliceEvents = await ews.ItemsAsync("alice@lab.test", aliceCalendar, ["item:Subject"], ct);
        var cancelled = aliceEvents.First(e => LabEwsClient.Text(e, "Subject") is var s && s != movedSubject && aliceEvents.Count(o => LabEwsClient.Text(o, "Subject") == s) == 1);
        var cancelledSubject = LabEwsClient.Text(cancelled, "Subject");
        await ews.DeleteAsync("alice@lab.test", cancelled, "MoveToDeletedItems", ct);
        _out.WriteLine($"   alice: deleted '{cancelledSubject}' from her Calendar/Company");

        Step("5. Second sync: the changes arrive everywhere (read back as each user)");
        await SyncAllAsync(engine, ct);
        foreach (var user in users)
        {
            var copies = await ews.ItemsAsync(user, await FolderAsync(ews, user, "Contacts/Company", false, ct), ["contacts:DisplayName", "contacts:JobTitle"], ct);
            var copy = copies.FirstOrDefault(c => LabEwsClient.Text(c, "DisplayName") == promotedName);
            Check(copy is not null && LabEwsClient.Text(copy, "JobTitle") == NewTitle, $"{user}: {promotedName}'s title reads '{(copy is null ? "(missing)" : LabEwsClient.Text(copy, "JobTitle"))}'");
        }
        foreach (var (who, folder) in new[] { ("alice@lab.test", publicCalendar), ("alice@lab.test", aliceCalendar) })
        {
            var events = await ews.ItemsAsync(who, folder, ["item:Subject", "calendar:Location"], ct);
            var copy = events.FirstOrDefault(e => LabEwsClient.Text(e, "Subject") == movedSubject && LabEwsClient.Text(e, "Location") == NewRoom);
            Check(copy is not null, $"{(folder == publicCalendar ? "public/Company Calendar" : "alice's Calendar/Company")}: '{movedSubject}' is in {NewRoom}");
        }
        foreach (var (who, folder, name) in new[] { ("alice@lab.test", publicCalendar, "public/Company Calendar"), ("bob@lab.test", bobCalendar, "bob's Calendar/Company") })
        {
            var events = await ews.ItemsAsync(who, folder, ["item:Subject"], ct);
            Check(events.All(e => LabEwsClient.Text(e, "Subject") != cancelledSubject), $"{name}: '{cancelledSubject}' is gone ({events.Count} events left)");
        }

        Step("6. A third sync finds nothing to do");
        Check(await SyncAllAsync(engine, ct) == 0, "no writes: nothing bounces back and forth");

        PrintNextSteps();
        return _checks.Finish(_context.Error, "lab demo");
    }

    private Task<int> SyncAllAsync(SyncEngine engine, CancellationToken ct) => _checks.SyncAllAsync(engine, [ContactsGroup, CalendarGroup], ct);

    private static async Task<string> FolderAsync(LabEwsClient ews, string user, string path, bool isPublic, CancellationToken ct) =>
        await ews.FolderIdAsync(user, path, isPublic, ct) ?? throw new InvalidOperationException($"lab demo: folder {(isPublic ? "public" : user)}/{path} not found");

    private void Check(bool ok, string what) => _checks.Check(ok, what);

    private void Step(string title) => _checks.Step(title);

    private void PrintNextSteps()
    {
        _out.WriteLine();
        _out.WriteLine("What to try next (the demo's lab stopped; its state is kept in " + _directory + "):");
        _out.WriteLine($"   tandem lab --data \"{Path.Combine(_directory, "lab")}\"        (serves the demo's mailboxes again, on {LabCommand.DefaultUrls})");
        _out.WriteLine($"   echo {LabUsers.Password} | tandem --state my.db connection add lab --type ews --autodiscover {LabUsers.ServiceAccount} --autodiscover-url {LabCommand.DefaultUrls} --user {LabUsers.ServiceAccount} --password-stdin --impersonation   (after tandem --state my.db init)");
        _out.WriteLine("   tandem --state my.db folders lab            tandem --state my.db folders lab:bob@lab.test");
        _out.WriteLine($"   tandem --state \"{StatePath}\" status      (the demo's groups; its connection pointed at the demo's own port)");
    }

    private static FolderRef Ref(string mailbox, string path) => new(Connection, mailbox, path);

    private static FolderRef Public(string path) => new(Connection, FolderRef.PublicMailbox, path);
}
