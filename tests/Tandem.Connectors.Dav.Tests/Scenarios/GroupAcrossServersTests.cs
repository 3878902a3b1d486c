using Tandem.Cli.Ews;
using Tandem.Connectors.Dav.Tests.Servers;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Lab;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Dav.Tests.Scenarios;

/// <summary>A two-way calendar group of a Cyrus calendar, a Radicale calendar and a lab mailbox calendar converging.</summary>
[Collection(DavServersCollection.Name)]
public sealed class GroupAcrossServersTests(RadicaleServer radicale, CyrusServer cyrus)
{
    [SkippableFact]
    public async Task Sync_TwoWayCalendarOnCyrusRadicaleAndALabMailbox_AllThreeConvergeAndStayQuiet()
    {
        radicale.SkipIfDown();
        cyrus.SkipIfDown();
        await using var lab = await LabServer.StartAsync(new LabOptions { Urls = "http://127.0.0.1:0", Seed = "demo" }, CancellationToken.None);
        using var cli = new InProcessCli();
        await cli.RunOkAsync("init");
        var add = await cli.RunAsync(LabUsers.Password, "connection", "add", "lab", "--type", "ews", "--autodiscover", LabUsers.ServiceAccount,
            "--autodiscover-url", lab.BaseUrl.ToString(), "--user", LabUsers.ServiceAccount, "--password-stdin", "--impersonation");
        Assert.True(add.Exit == 0, add.Out + add.Err);
        await cli.AddServerAsync("rad", radicale);
        await cli.AddServerAsync("cyr", cyrus);
        var id = Guid.NewGuid().ToString("N")[..8];
        var (onRadicale, onCyrus) = (radicale.Folder("team-" + id), cyrus.Folder("team-" + id));
        var (rc, radicaleUser) = await radicale.OpenAsync(onRadicale, ItemKind.Event);
        var (cc, cyrusUser) = await cyrus.OpenAsync(onCyrus, ItemKind.Event);
        await using var _ = rc;
        await using var __ = cc;
        await radicaleUser.WriteAsync([SampleItems.Create(SampleItems.Meeting("Planning on Radicale", 10) with { Uid = "radicale-" + id }, "r1", "user")], CancellationToken.None);
        await cyrusUser.WriteAsync([SampleItems.Create(SampleItems.Meeting("Review on Cyrus", 11) with { Uid = "cyrus-" + id }, "c1", "user")], CancellationToken.None);
        await cli.RunOkAsync("group", "add", "team", "--type", "calendar");
        await cli.RunOkAsync("member", "add", "team", "lab:carol@lab.test/Calendar", "--role", "two-way");
        await cli.RunOkAsync("member", "add", "team", $"rad:{onRadicale.Mailbox}/{onRadicale.FolderPath}", "--role", "two-way");
        await cli.RunOkAsync("member", "add", "team", $"cyr:{onCyrus.Mailbox}/{onCyrus.FolderPath}", "--role", "two-way");

        var first = await cli.RunOkAsync("sync");
        Assert.DoesNotContain("ERROR", first, StringComparison.Ordinal);
        Assert.DoesNotContain("quarantined", first, StringComparison.Ordinal);
        // a user's edit on one server reaches the other two
        var planning = Assert.Single((await radicaleUser.ReadChangesAsync(null, CancellationToken.None)).Upserts, u => u.Item!.Title == "Planning on Radicale");
        await radicaleUser.WriteAsync([new WriteRequest(WriteKind.Update, planning.Stamp!, (Event)planning.Item! with { Subject = "Planning, moved", Location = "Room 7" }, planning.RemoteId, planning.ChangeKey)], CancellationToken.None);
        await cli.RunOkAsync("sync");
        var quiet = await cli.RunOkAsync("sync");

        var inRadicale = Titles(await radicale.ContentAsync(onRadicale, ItemKind.Event));
        var inCyrus = Titles(await cyrus.ContentAsync(onCyrus, ItemKind.Event));
        var status = await cli.RunOkAsync("status");
        Assert.Equal(inRadicale, inCyrus);
        Assert.Contains("Planning, moved", inRadicale);
        Assert.Contains("Review on Cyrus", inRadicale);
        Assert.DoesNotContain("Planning on Radicale", inRadicale);
        Assert.True(inRadicale.Count > 2, "carol's own calendar items arrived too: " + string.Join(", ", inRadicale));
        Assert.Equal(inRadicale.Count, inRadicale.Distinct(StringComparer.Ordinal).Count());
        Assert.DoesNotMatch(@"(created|updated|deleted)\s+[1-9]", quiet);
        Assert.DoesNotContain("ERROR", status, StringComparison.Ordinal);
    }

    private static List<string> Titles(IReadOnlyList<RemoteItem> items) => items.Select(i => i.Item!.Title).Order(StringComparer.Ordinal).ToList();
}
