using System.Text;
using Tandem.Integration.Tests.Ews;
using Tandem.Testing.Http;
using Xunit.Abstractions;

namespace Tandem.Integration.Tests.Local;

/// <summary>
/// Issue 14's whole process: a company list kept as one 2,000-contact .vcf file and a published holiday feed
/// (served by the test) as the sources of one-way groups into lab mailboxes. An edit in the file arrives; an
/// unchanged feed answers 304 and the sync does no work for it.
/// </summary>
public sealed class FilesAndFeedProcessTests(ITestOutputHelper log)
{
    private const int Contacts = 2000;
    private static readonly string[] Targets = ["alice@lab.test", "bob@lab.test"];

    private static string Card(int i, string? name = null) =>
        $"BEGIN:VCARD\r\nVERSION:3.0\r\nUID:company-{i:D4}\r\nN:Surname{i:D4};Given{i:D4};;;\r\nFN:{name ?? $"Given{i:D4} Surname{i:D4}"}\r\n" +
        $"ORG:Contoso;Operations;Team {i % 7}\r\nEMAIL;TYPE=INTERNET:person{i:D4}@contoso.example\r\nEND:VCARD\r\n";

    private static string Holidays() =>
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Tandem tests//holidays//EN\r\n" +
        string.Concat(new[] { ("20270101", "New Year's Day"), ("20270501", "Labour Day"), ("20271003", "Unity Day"), ("20271225", "Christmas Day"), ("20271226", "Boxing Day") }
            .Select(h => $"BEGIN:VEVENT\r\nUID:holiday-{h.Item1}@example.org\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:{h.Item1}\r\nSUMMARY:{h.Item2}\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\n")) +
        "END:VCALENDAR\r\n";

    [Fact]
    public async Task Sync_VcfFileAndHolidayFeedAsSources_FillMailboxesAndAFileEditArrivesWhileTheFeedCostsNothing()
    {
        await using var f = await LabFixture.StartAsync();
        await using var feed = new FeedServer { Body = Holidays() };
        var root = Path.Combine(f.Directory, "files");
        var vcf = Path.Combine(root, "shared", "company.vcf");
        Directory.CreateDirectory(Path.GetDirectoryName(vcf)!);
        File.WriteAllText(vcf, string.Concat(Enumerable.Range(0, Contacts).Select(i => Card(i))), Encoding.UTF8);

        await EwsCli.AddLabConnectionAsync(f.State, f.Lab.BaseUrl);
        await EwsCli.RunOkAsync(f.State, "connection", "add", "files", "--type", "local", "--root", root);
        await EwsCli.RunOkAsync(f.State, "connection", "add", "holidays", "--type", "feed", "--url", feed.Url.ToString(), "--poll", "6h");
        await EwsCli.RunOkAsync(f.State, "group", "add", "company", "--type", "contacts");
        await EwsCli.RunOkAsync(f.State, "member", "add", "company", "files:shared/company.vcf", "--role", "source");
        await EwsCli.RunOkAsync(f.State, "group", "add", "holidays", "--type", "calendar");
        await EwsCli.RunOkAsync(f.State, "member", "add", "holidays", "holidays:feed/Holidays", "--role", "source");
        foreach (var user in Targets)
        {
            await EwsCli.RunOkAsync(f.State, "member", "add", "company", $"lab:{user}/Contacts/Company", "--role", "target");
            await EwsCli.RunOkAsync(f.State, "member", "add", "holidays", $"lab:{user}/Calendar/Holidays", "--role", "target");
        }

        log.WriteLine(await EwsCli.RunOkAsync(f.State, "sync"));
        foreach (var user in Targets)
        {
            var contacts = await f.ContactsAsync(user, "Contacts/Company");
            Assert.Equal(Contacts, contacts.Count);
            Assert.Equal(Contacts, contacts.Select(c => c.Name).Distinct().Count());
            var holidays = await f.Ews.ItemsAsync(user, await f.FolderAsync(user, "Calendar/Holidays"), ["item:Subject"], CancellationToken.None);
            Assert.Equal(5, holidays.Count);
        }
        Assert.Equal(1, feed.FullResponses);

        File.WriteAllText(vcf, File.ReadAllText(vcf).Replace(Card(42), Card(42, "Given0042 Surname0042-Renamed"), StringComparison.Ordinal), Encoding.UTF8);
        var second = await EwsCli.RunOkAsync(f.State, "sync");
        log.WriteLine(second);
        foreach (var user in Targets)
        {
            var contacts = await f.ContactsAsync(user, "Contacts/Company");
            Assert.Contains(contacts, c => c.Name == "Given0042 Surname0042-Renamed");
            Assert.Equal(Contacts, contacts.Count);
        }
        // One contact updated in each mailbox, nothing else; the feed was asked and answered 304.
        Assert.Equal(Targets.Length, EwsCli.Writes(second));
        Assert.Equal(1, feed.FullResponses);
        Assert.True(feed.NotModifiedResponses >= 1);
    }
}
