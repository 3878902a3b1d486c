using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tandem.Panel.Tests;

/// <summary>
/// In the browser: a malformed vCard in a local source folder is quarantined with its reason and listed on the failures
/// page (and retried from there); the nodes page on an SQLite state says single node and lists its groups; the group
/// edit page. Screenshots of each.
/// </summary>
[Collection(PanelCollection.Name)]
public sealed class FailuresAndNodesBrowserTests(PanelServer server)
{
    [SkippableFact]
    public async Task FailuresPage_ShowsARealQuarantinedItem_NodesPage_SaysSingleNode_EditPage_ShowsTheGroup()
    {
        await using var browser = await BrowserSession.StartAsync(server.BaseUri);
        SetDefaultExpectTimeout(60_000);
        await LocalGroups.CreateAsync(server, "broken", ["dan"],
            ("good.vcf", LocalGroups.Card("Good Card", "Good", "Card")),
            ("broken.vcf", "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half a card\r\nthis line has no colon\r\nEND:VCARD\r\n"));
        await LocalGroups.WaitForAsync(() => Task.FromResult(LocalGroups.Cards(LocalGroups.Folder(server, "dan", "broken")).Count == 1), "the good card's copy");
        var page = browser.Page;
        await browser.SignInAsync("operator", PanelServer.Password);

        await page.GotoAsync("/Failures");
        var row = page.Locator("tr", new PageLocatorOptions { HasText = "broken.vcf" });
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("files:hq/broken");
        await Expect(row).ToContainTextAsync(":4");
        await browser.ScreenshotAsync("10-failures");
        await row.Locator("button").ClickAsync();
        await Expect(page.Locator(".msg")).ToContainTextAsync("1 quarantined item(s) of group 'broken' tried again");
        // still malformed: read again, and quarantined again with its reason
        await LocalGroups.WaitForAsync(async () =>
        {
            await page.GotoAsync("/Failures");
            return await page.Locator("tr", new PageLocatorOptions { HasText = "broken.vcf" }).CountAsync() == 1;
        }, "the card quarantined again", 30);
        Assert.Contains(await server.AuditAsync("operator", "group.retry"), e => e.Target == "broken" && e.Outcome == "ok");

        await page.GotoAsync("/Nodes");
        await Expect(page.Locator("#single-node")).ToContainTextAsync("Single node");
        var node = page.Locator("#nodes tbody tr");
        await Expect(node).ToHaveCountAsync(1);
        await Expect(node).ToContainTextAsync("alive");
        await Expect(node.Locator("[data-group=broken]")).ToHaveCountAsync(1);
        await browser.ScreenshotAsync("11-nodes");

        await page.GotoAsync("/GroupEdit?name=broken");
        await Expect(page.Locator("#kind")).ToHaveTextAsync("contacts");
        await Expect(page.Locator("#members tr[data-member='files:dan/broken']")).ToContainTextAsync("target");
        // an operator reads the settings but cannot change them
        await Expect(page.Locator("#save")).ToHaveCountAsync(0);
        await Expect(page.Locator("#add-member")).ToHaveCountAsync(0);
        await browser.ScreenshotAsync("12-group-edit");
    }
}
