namespace Tandem.Cli.Tests;

/// <summary><c>group preview</c>, <c>group pause/resume</c>, <c>group add --paused</c> and <c>retry</c> on local folders.</summary>
public sealed class GroupOperationsTests
{
    private static string Card(string given, string surname) =>
        $"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{surname};{given};;;\r\nFN:{given} {surname}\r\nEND:VCARD\r\n";

    private static async Task<CliRun> OneWayAsync(bool paused, params string[] people)
    {
        var cli = new CliRun();
        await cli.InitWithLocalAsync();
        Directory.CreateDirectory(cli.Folder("hq", "C"));
        foreach (var person in people) File.WriteAllText(cli.Folder("hq", "C", person.Replace(' ', '-') + ".vcf"), Card(person.Split(' ')[0], person.Split(' ')[1]));
        Assert.Equal(0, (await cli.RunAsync(paused ? ["group", "add", "company", "--type", "contacts", "--paused"] : ["group", "add", "company", "--type", "contacts"])).Exit);
        await cli.RunAsync("member", "add", "company", "files:hq/C", "--role", "source");
        await cli.RunAsync("member", "add", "company", "files:alice/C", "--role", "target");
        return cli;
    }

    [Fact]
    public async Task GroupAddPaused_PreviewThenResume_PreviewListsTheCopiesAndNothingIsWrittenBeforeResume()
    {
        using var cli = await OneWayAsync(paused: true, "Ann Lee", "Bo Ek");

        var (exit, preview, _) = await cli.RunAsync("group", "preview", "company");
        var whilePaused = await cli.RunAsync("sync");
        var aliceBefore = Directory.Exists(cli.Folder("alice", "C")) ? Directory.GetFiles(cli.Folder("alice", "C")).Length : 0;
        var resumed = await cli.RunAsync("group", "resume", "company");
        var synced = await cli.RunAsync("sync");

        Assert.Equal(0, exit);
        Assert.Contains("paused now: not enabled yet", preview);
        Assert.Contains("files:alice/C (target): 2 to create, 0 to update, 0 to delete", preview);
        Assert.Contains("create  Ann Lee", preview);
        Assert.Contains("create  Bo Ek", preview);
        Assert.Contains("files:hq/C (source): 0 to create", preview);
        Assert.Contains("mass-deletion guard: within its limit: 0 item(s) deleted", preview);
        Assert.Equal(SyncCommandPausedExit, whilePaused.Exit);
        Assert.Equal(0, aliceBefore);
        Assert.Equal(0, resumed.Exit);
        Assert.Equal(0, synced.Exit);
        Assert.Equal(2, Directory.GetFiles(cli.Folder("alice", "C")).Length);
    }

    private const int SyncCommandPausedExit = 3;

    [Fact]
    public async Task GroupPreview_MassDeletion_SaysTheGuardWouldPauseAndNamesTheDeletions()
    {
        using var cli = await OneWayAsync(paused: false, "Ann Lee", "Bo Ek", "Cy Dee", "Di Fox", "Ed Gil");
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        foreach (var file in Directory.GetFiles(cli.Folder("hq", "C")).Take(3)) File.Delete(file);

        var (_, preview, _) = await cli.RunAsync("group", "preview", "company");
        var status = await cli.RunAsync("status");

        Assert.Contains("mass-deletion guard: would pause the group for approval: this cycle would delete 3 of 5 items", preview);
        Assert.DoesNotContain("paused", status.Out); // a preview changes nothing, not even the pause
        Assert.Equal(5, Directory.GetFiles(cli.Folder("alice", "C")).Length);
    }

    [Fact]
    public async Task GroupPause_ThenResume_ManualPauseStopsSyncAndIsNotApprovable()
    {
        using var cli = await OneWayAsync(paused: false, "Ann Lee");

        var pause = await cli.RunAsync("group", "pause", "company", "--reason", "mailbox migration");
        var sync = await cli.RunAsync("sync");
        var status = await cli.RunAsync("status");
        var again = await cli.RunAsync("group", "pause", "company");
        var resume = await cli.RunAsync("group", "resume", "company");
        var resumeAgain = await cli.RunAsync("group", "resume", "company");

        Assert.Equal(0, pause.Exit);
        Assert.Equal(SyncCommandPausedExit, sync.Exit);
        Assert.Contains("mailbox migration", status.Out);
        Assert.Equal(CliApp.Failure, again.Exit);
        Assert.Equal(0, resume.Exit);
        Assert.Equal(CliApp.Failure, resumeAgain.Exit);
        Assert.Contains("is not paused", resumeAgain.Err);
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        Assert.Single(Directory.GetFiles(cli.Folder("alice", "C")));
    }

    [Fact]
    public async Task Retry_QuarantinedItem_IsReadAgainAndStaysQuarantinedWhileStillBroken()
    {
        using var cli = await OneWayAsync(paused: false, "Ann Lee");
        File.WriteAllText(cli.Folder("hq", "C", "broken.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Broken\r\n");
        await cli.RunAsync("sync");
        Assert.Contains("broken.vcf", (await cli.RunAsync("status")).Out);

        var none = await cli.RunAsync("retry", "company", "nothing-like-this");
        var retry = await cli.RunAsync("retry", "company", "broken");

        Assert.Equal(1, none.Exit);
        Assert.Contains("no quarantined item matches 'nothing-like-this'", none.Out);
        Assert.Equal(1, retry.Exit);
        Assert.Contains("retried 1 item(s); 0 synced now, 1 still quarantined", retry.Out);
        Assert.Contains("still quarantined: broken.vcf", retry.Out);
        Assert.Single(Directory.GetFiles(cli.Folder("alice", "C")));
    }
}
