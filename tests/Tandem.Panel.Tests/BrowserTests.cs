using System.IO.Compression;
using Microsoft.Playwright;
using Tandem.Testing.Python;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Tandem.Panel.Tests;

/// <summary>
/// The panel in a real browser against the lab: sign in, add the lab by Autodiscover and test it, create a one-way group
/// with the folder browser and see its dry-run preview, resume it and watch it sync live, trip the mass-deletion guard and approve it, read an item's history after an
/// exchangelib edit, download a diagnostic bundle with no secret in it, and remove the group with purge. One journey: each step needs the one before.
/// </summary>
[Collection(PanelCollection.Name)]
public sealed class BrowserTests(PanelServer server, ITestOutputHelper log)
{
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(2);

    private static LocatorAssertionsToHaveTextOptions Within(TimeSpan t) => new() { Timeout = (float)t.TotalMilliseconds };

    [SkippableFact]
    public async Task Journey_SignIn_AddLab_CreateGroup_LiveSync_Approve_History_Bundle_Purge()
    {
        var python = PythonOracle.Require("exchangelib");
        await using var browser = await BrowserSession.StartAsync(server.BaseUri);
        SetDefaultExpectTimeout(30_000);
        var page = browser.Page;

        // sign in
        await page.GotoAsync("/signin");
        await browser.ScreenshotAsync("01-sign-in");
        await browser.SignInAsync("administrator", PanelServer.Password);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Dashboard");
        log.WriteLine("signed in");

        // add the lab by Autodiscover (its server given, as the lab is not in DNS)
        await page.GotoAsync("/Connections");
        await page.FillAsync("#add-ews input[name=Name]", "lab");
        await page.FillAsync("#add-ews input[name=Email]", "tandem@lab.test");
        await page.FillAsync("#add-ews input[name=AutodiscoverBase]", server.Lab.BaseUrl.ToString().TrimEnd('/'));
        await page.FillAsync("#add-ews input[name=Account]", "tandem@lab.test");
        await page.FillAsync("#add-ews input[name=Password]", "lab");
        await page.CheckAsync("#add-ews input[name=Impersonation]");
        await page.ClickAsync("#add-ews button[type=submit]");
        await Expect(page.Locator(".msg")).ToContainTextAsync("connection 'lab' added");
        await Expect(page.Locator("#connections")).Not.ToContainTextAsync("password");
        await page.ClickAsync("tr[data-connection=lab] button.test");
        await Expect(page.Locator("#test h2")).ToContainTextAsync("passed", new() { Timeout = (float)Slow.TotalMilliseconds });
        await browser.ScreenshotAsync("02-connections-test");
        log.WriteLine("lab connection added");

        // the folder browser: the public folders, Company Contacts as the source; bob's Contacts/Company as the target
        await page.GotoAsync("/Groups?browse=lab&mailbox=public#new");
        var companyRow = page.Locator("#folders tr", new PageLocatorOptions { HasText = "Company Contacts" });
        await Expect(companyRow).ToHaveCountAsync(1);
        await page.SelectOptionAsync("#member-role", "source");
        await companyRow.Locator("button.add-member").ClickAsync();
        await Expect(page.Locator("#members")).ToHaveValueAsync("lab:public/Company Contacts source");
        await page.FillAsync("#members", await page.InputValueAsync("#members") + "\nlab:bob@lab.test/Contacts/Company target");
        await page.FillAsync("#create-group input[name=name]", "company");
        await browser.ScreenshotAsync("03-group-wizard");
        await page.ClickAsync("#create-group button[type=submit]");
        await Expect(page.Locator(".msg")).ToContainTextAsync("group 'company' created with 2 member(s), paused");

        // the dry-run preview before it is enabled: 300 creates in bob's folder, nothing written
        await page.ClickAsync("tr[data-group=company] a.preview");
        var bobPreview = page.Locator("#preview-members tr", new PageLocatorOptions { HasText = "bob@lab.test" });
        await Expect(page.Locator("#preview-members")).ToBeVisibleAsync(new() { Timeout = (float)Slow.TotalMilliseconds });
        // a member the loaded machine could not read in time is shown as not read (its zeros are unknown), and previewed again
        for (var attempt = 1; attempt < 4 && await page.Locator("#preview-unread").CountAsync() > 0; attempt++)
        {
            log.WriteLine("preview: " + string.Join("; ", await page.Locator("#preview-members [data-f=read]").AllInnerTextsAsync()) + "; previewed again");
            await page.ReloadAsync();
        }
        await Expect(page.Locator("#preview-members [data-f=read]")).ToHaveTextAsync(["ok", "ok"]);
        await Expect(bobPreview.Locator("[data-f=creates]")).ToHaveTextAsync("300", Within(Slow));
        await Expect(bobPreview.Locator("[data-f=deletes]")).ToHaveTextAsync("0");
        await browser.ScreenshotAsync("03b-group-preview");
        // slowed down, the first cycle takes a while: its edit page warns that it is syncing right now
        server.Lab.Faults.Delay = TimeSpan.FromMilliseconds(250);
        await page.ClickAsync("tr[data-group=company] button.resume");
        await Expect(page.Locator(".msg")).ToContainTextAsync("group 'company' resumed");
        log.WriteLine("group created paused, previewed (300 creates), resumed");
        try
        {
            await LocalGroups.WaitForAsync(async () =>
            {
                await page.GotoAsync("/GroupEdit?name=company");
                return await page.Locator("#syncing-warning").CountAsync() == 1;
            }, "the edit page's syncing warning", 60);
            await Expect(page.Locator("#kind")).ToHaveTextAsync("contacts");
            await browser.ScreenshotAsync("03c-group-edit-syncing");
        }
        finally
        {
            server.Lab.Faults.Delay = TimeSpan.Zero;
        }
        log.WriteLine("the edit page warned while the group synced");

        // live: the dashboard is not reloaded; the item count arrives over server-sent events
        await page.GotoAsync("/");
        var row = page.Locator("tr[data-group=company]");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row.Locator("[data-f=items]")).ToHaveTextAsync("300", Within(Slow));
        await Expect(row.Locator("[data-f=state]")).ToHaveTextAsync("idle", Within(Slow));
        // the 24-hour card counts the 300 contacts the source brought in (and whatever other tests changed)
        await LocalGroups.WaitForAsync(async () => int.Parse(await page.Locator("#card-changed").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 300,
            "300 changed items on the 24-hour card", 60);
        await browser.ScreenshotAsync("04-dashboard-synced");
        log.WriteLine("synced 300 contacts, seen live");

        // an edit through exchangelib, then its history
        var script = Path.Combine(AppContext.BaseDirectory, "python", "exchangelib_edit.py");
        var ews = server.Lab.EwsUrl.ToString();
        var target = await FirstContactNameAsync(server);
        var edit = await python.RunAsync(script, null, [ews, "retitle", "public:Company Contacts", target, "Head of Panels"]);
        Assert.Equal(1, edit.LastLineJson().GetProperty("count").GetInt32());
        await page.GotoAsync("/History?q=" + Uri.EscapeDataString(target));
        await page.Locator("#matches a").First.ClickAsync();
        await Expect(page.Locator("#history")).ToContainTextAsync("Head of Panels", Within(Slow).ToContain());
        await Expect(page.Locator("#history")).ToContainTextAsync("updated");
        await browser.ScreenshotAsync("05-item-history");
        log.WriteLine($"history of {target} shows the exchangelib edit");
        // the edit's propagation (seen by the poll of the public folder, written to bob) is the group's latency
        await page.GotoAsync("/");
        await Expect(row.Locator("[data-f=latency]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+(\.\d+)? s / \d+(\.\d+)? s$"), new() { Timeout = (float)Slow.TotalMilliseconds });
        using (var api = server.Api(Tandem.State.Admin.AdminRole.Viewer))
        using (var group = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync(new Uri("api/groups/company", UriKind.Relative))))
            Assert.True(group.RootElement.GetProperty("latencySeconds").GetDouble() > 0);
        log.WriteLine("latency shown: " + await row.Locator("[data-f=latency]").InnerTextAsync());

        // the mass-deletion guard: 80 of 300 deleted at once in the source pauses the group; approve it in the panel
        var deleted = await python.RunAsync(script, null, [ews, "delete-first", "public:Company Contacts", "-", "80"]);
        Assert.Equal(80, deleted.LastLineJson().GetProperty("count").GetInt32());
        await page.GotoAsync("/");
        await Expect(row.Locator("[data-f=state]")).ToHaveTextAsync("paused", Within(Slow));
        await Expect(page.Locator("#card-approvals")).ToHaveTextAsync("1");
        await page.GotoAsync("/Approvals");
        var approval = page.Locator("section[data-approval=company]");
        await Expect(approval).ToContainTextAsync("80 deletion(s) waiting");
        await browser.ScreenshotAsync("06-approvals");
        await approval.Locator("button", new LocatorLocatorOptions { HasText = "Approve" }).ClickAsync();
        await Expect(page.Locator(".msg")).ToContainTextAsync("approved");
        await page.GotoAsync("/");
        await Expect(row.Locator("[data-f=items]")).ToHaveTextAsync("220", Within(Slow));
        Assert.Equal(220, await BobsCountAsync(server));
        var audit = await server.AuditAsync("administrator", "group.approve");
        Assert.Contains(audit, e => e.Target == "company" && e.Outcome == "ok");
        log.WriteLine("guard paused the group; approved; 220 left in bob's copy");

        // diagnostics: the bundle has the configuration and logs, and no secret
        await page.GotoAsync("/Diagnostics");
        await browser.ScreenshotAsync("07-diagnostics");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#bundle"));
        var zipPath = Path.Combine(server.Directory, "bundle.zip");
        await download.SaveAsAsync(zipPath);
        using (var zip = ZipFile.OpenRead(zipPath))
        {
            Assert.Contains(zip.Entries, e => e.FullName == "configuration.json");
            Assert.Contains(zip.Entries, e => e.FullName == "logs/recent.log");
            var everything = string.Concat(zip.Entries.Select(e => new StreamReader(e.Open()).ReadToEnd()));
            Assert.Contains("Company Contacts", everything, StringComparison.Ordinal);
            Assert.DoesNotContain(PanelServer.EwsSecret, everything, StringComparison.Ordinal);
            Assert.DoesNotContain("argon2id", everything, StringComparison.Ordinal);
            Assert.DoesNotContain("tdm_", everything, StringComparison.Ordinal);
        }
        // remove the group with purge: the list first, then the copies are gone from the lab
        Assert.Equal(220, await CountAsync(python, script, ews, "bob@lab.test:Contacts/Company"));
        await page.GotoAsync("/Groups");
        await page.ClickAsync("tr[data-group=company] a.remove");
        await Expect(page.Locator("#purge-count")).ToHaveTextAsync("220");
        await Expect(page.Locator("#purge-list tbody tr")).ToHaveCountAsync(220);
        await browser.ScreenshotAsync("08-remove-with-purge");
        await page.ClickAsync("#remove-purge");
        await Expect(page.Locator(".msg")).ToContainTextAsync("deleted 220 copies and removed group 'company'", new() { Timeout = (float)Slow.TotalMilliseconds });
        Assert.Equal(0, await CountAsync(python, script, ews, "bob@lab.test:Contacts/Company"));
        Assert.Equal(220, await CountAsync(python, script, ews, "public:Company Contacts"));
        Assert.Contains(await server.AuditAsync("administrator", "group.purge"), e => e.Target == "company" && e.Outcome == "ok");
        log.WriteLine("group removed with purge: 220 copies gone from bob's mailbox in the lab");

        await page.GotoAsync("/Audit");
        await browser.ScreenshotAsync("09-audit");
        log.WriteLine("bundle has no secret; screenshots in " + BrowserSession.ScreenshotDirectory);
    }

    /// <summary>Contacts in a lab folder as exchangelib counts them (not through Tandem).</summary>
    private static async Task<int> CountAsync(PythonOracle python, string script, string ews, string folder) =>
        (await python.RunAsync(script, null, [ews, "count", folder, "-"])).LastLineJson().GetProperty("count").GetInt32();

    private static async Task<string> FirstContactNameAsync(PanelServer server)
    {
        await using var store = await server.OpenStoreAsync();
        var state = await store.LoadGroupStateAsync("company", default);
        var id = state.LogicalItems.Where(l => !l.Tombstone).Select(l => l.Id).Max();
        var snapshots = await store.LoadSnapshotsAsync("company", [id], default);
        return ((Tandem.Core.Items.Contact)snapshots[id]).DisplayName!;
    }

    private static async Task<int> BobsCountAsync(PanelServer server)
    {
        await using var store = await server.OpenStoreAsync();
        var summary = await store.SummarizeAsync("company", default);
        return summary.Members.Single(m => m.Member.Folder.Mailbox == "bob@lab.test").Items;
    }
}

internal static class AssertionOptions
{
    public static LocatorAssertionsToContainTextOptions ToContain(this LocatorAssertionsToHaveTextOptions o) => new() { Timeout = o.Timeout };
}
