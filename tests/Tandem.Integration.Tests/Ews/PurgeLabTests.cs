using System.Xml.Linq;
using Tandem.Cli.Ews;

namespace Tandem.Integration.Tests.Ews;

/// <summary>`tandem group remove --purge` against the lab: the copies Tandem made are gone, every original stays.</summary>
public sealed class PurgeLabTests
{
    [Fact]
    public async Task GroupRemovePurge_Lab_DeletesOnlyTheCopiesTandemMade()
    {
        await using var f = await LabFixture.StartAsync();
        await EwsCli.AddLabConnectionAsync(f.State, f.Lab.BaseUrl);
        var source = await f.ContactsAsync("tandem@lab.test", "Company Contacts", isPublic: true);
        var first = (await f.Ews.ItemsAsync("tandem@lab.test", await f.FolderAsync("tandem@lab.test", "Company Contacts", isPublic: true),
            ["contacts:DisplayName", "contacts:GivenName", "contacts:Surname", "contacts:CompanyName"], CancellationToken.None))[0];
        // bob held this contact before he joined: it is matched, not copied, and must survive the purge
        var esc = LabEwsClient.Escape;
        await f.Ews.CreateAsync("bob@lab.test", await f.FolderAsync("bob@lab.test", "Contacts"),
            $"<t:Contact><t:DisplayName>{esc(Text(first, "DisplayName"))}</t:DisplayName><t:GivenName>{esc(Text(first, "GivenName"))}</t:GivenName>" +
            $"<t:CompanyName>{esc(Text(first, "CompanyName"))}</t:CompanyName><t:Surname>{esc(Text(first, "Surname"))}</t:Surname></t:Contact>", CancellationToken.None);
        var bobBefore = Names(await f.ContactsAsync("bob@lab.test", "Contacts"));

        await EwsCli.RunOkAsync(f.State, "group", "add", "company", "--type", "contacts");
        await EwsCli.RunOkAsync(f.State, "member", "add", "company", "lab:public/Company Contacts", "--role", "source");
        await EwsCli.RunOkAsync(f.State, "member", "add", "company", "lab:alice@lab.test/Contacts/Company", "--role", "target");
        await EwsCli.RunOkAsync(f.State, "member", "add", "company", "lab:bob@lab.test/Contacts", "--role", "target");
        await EwsCli.RunOkAsync(f.State, "sync");
        Assert.Equal(source.Count, (await f.ContactsAsync("alice@lab.test", "Contacts/Company")).Count);
        Assert.Equal(bobBefore.Count + source.Count - 1, (await f.ContactsAsync("bob@lab.test", "Contacts")).Count);
        // an item alice added herself to the target folder is hers
        await f.Ews.CreateAsync("alice@lab.test", await f.FolderAsync("alice@lab.test", "Contacts/Company"),
            "<t:Contact><t:DisplayName>Own Original</t:DisplayName><t:GivenName>Own</t:GivenName><t:Surname>Original</t:Surname></t:Contact>", CancellationToken.None);

        var dryRun = await EwsCli.RunOkAsync(f.State, "group", "remove", "company", "--purge", "--dry-run");
        var purge = await EwsCli.RunOkAsync(f.State, "group", "remove", "company", "--purge", "--yes");

        var copies = 2 * source.Count - 1;
        Assert.Contains($"{copies} copies made by Tandem", dryRun, StringComparison.Ordinal);
        Assert.Contains($"deleted {copies} copies and removed group 'company'", purge, StringComparison.Ordinal);
        Assert.Equal(["Own Original"], Names(await f.ContactsAsync("alice@lab.test", "Contacts/Company")));
        Assert.Equal(bobBefore, Names(await f.ContactsAsync("bob@lab.test", "Contacts")));
        Assert.Equal(Names(source), Names(await f.ContactsAsync("tandem@lab.test", "Company Contacts", isPublic: true)));
        Assert.DoesNotContain("company", await EwsCli.RunOkAsync(f.State, "group", "list"), StringComparison.Ordinal);
    }

    private static string Text(XElement item, string name) => LabEwsClient.Text(item, name);

    private static List<string> Names(IEnumerable<(string Name, string Title, string Company)> contacts) =>
        contacts.Select(c => c.Name).Order(StringComparer.Ordinal).ToList();
}
