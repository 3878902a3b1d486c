namespace Tandem.Cli.Tests;

/// <summary><c>group remove --purge</c> and <c>member remove --purge</c> on local folders.</summary>
public sealed class PurgeCommandTests
{
    private static string Card(string given, string surname) =>
        $"BEGIN:VCARD\r\nVERSION:3.0\r\nN:{surname};{given};;;\r\nFN:{given} {surname}\r\nEMAIL;TYPE=INTERNET:{given.ToLowerInvariant()}@contoso.com\r\nEND:VCARD\r\n";

    /// <summary>
    /// hq (source) holds Ann and Bo; alice (target) already held her own copy of Ann before joining (matched) and her own
    /// Cy; bob (two-way) holds Dee. After a sync alice has copies of Bo and Dee, bob copies of Ann and Bo, and hq (a
    /// source receives nothing) none.
    /// </summary>
    private static async Task<CliRun> SyncedAsync()
    {
        var cli = new CliRun();
        await cli.InitWithLocalAsync();
        Directory.CreateDirectory(cli.Folder("hq", "C"));
        Directory.CreateDirectory(cli.Folder("alice", "C"));
        Directory.CreateDirectory(cli.Folder("bob", "C"));
        File.WriteAllText(cli.Folder("hq", "C", "ann.vcf"), Card("Ann", "Lee"));
        File.WriteAllText(cli.Folder("hq", "C", "bo.vcf"), Card("Bo", "Ek"));
        File.WriteAllText(cli.Folder("alice", "C", "my-ann.vcf"), Card("Ann", "Lee"));
        File.WriteAllText(cli.Folder("alice", "C", "cy.vcf"), Card("Cy", "Own"));
        File.WriteAllText(cli.Folder("bob", "C", "dee.vcf"), Card("Dee", "Bob"));
        await cli.RunAsync("group", "add", "company", "--type", "contacts");
        await cli.RunAsync("member", "add", "company", "files:hq/C", "--role", "source");
        await cli.RunAsync("member", "add", "company", "files:alice/C", "--role", "target");
        await cli.RunAsync("member", "add", "company", "files:bob/C", "--role", "two-way");
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        return cli;
    }

    private static string[] Names(CliRun cli, params string[] folder) =>
        Directory.GetFiles(cli.Folder(folder)).Select(f => File.ReadAllLines(f).Single(l => l.StartsWith("FN:", StringComparison.Ordinal))[3..]).Order().ToArray();

    [Fact]
    public async Task GroupRemovePurge_DryRun_ListsOnlyCopiesAndChangesNothing()
    {
        using var cli = await SyncedAsync();
        var alice = Names(cli, "alice", "C");

        var (exit, output, _) = await cli.RunAsync("group", "remove", "company", "--purge", "--dry-run");

        Assert.Equal(0, exit);
        Assert.Equal(["Ann Lee", "Bo Ek", "Cy Own", "Dee Bob"], alice);
        Assert.Contains("4 copies made by Tandem", output);
        Assert.Contains("files:alice/C  Bo Ek", output);
        Assert.Contains("files:alice/C  Dee Bob", output);
        Assert.Contains("files:bob/C  Ann Lee", output);
        Assert.Contains("files:bob/C  Bo Ek", output);
        Assert.DoesNotContain("Cy Own", output);
        Assert.DoesNotContain("files:hq/C ", output);
        Assert.DoesNotContain("files:alice/C  Ann Lee", output);
        Assert.Equal(alice, Names(cli, "alice", "C"));
        Assert.Contains("company", (await cli.RunAsync("group", "list")).Out);
    }

    [Fact]
    public async Task GroupRemovePurge_NotConfirmed_DeletesNothing()
    {
        using var cli = await SyncedAsync();
        cli.Input = "n\n";

        var (exit, output, _) = await cli.RunAsync("group", "remove", "company", "--purge");

        Assert.Equal(CliApp.Failure, exit);
        Assert.Contains("not confirmed", output);
        Assert.Equal(4, Names(cli, "alice", "C").Length);
        Assert.Contains("company", (await cli.RunAsync("group", "list")).Out);
    }

    [Fact]
    public async Task GroupRemovePurge_Confirmed_DeletesCopiesKeepsOriginalsAndRemovesTheGroup()
    {
        using var cli = await SyncedAsync();
        cli.Input = "y\n";

        var (exit, output, error) = await cli.RunAsync("group", "remove", "company", "--purge");

        Assert.True(exit == 0, output + error);
        Assert.Contains("deleted 4 copies and removed group 'company'", output);
        Assert.Equal(["Ann Lee", "Bo Ek"], Names(cli, "hq", "C"));
        Assert.Equal(["Ann Lee", "Cy Own"], Names(cli, "alice", "C"));
        Assert.Equal(["Dee Bob"], Names(cli, "bob", "C"));
        Assert.DoesNotContain("company", (await cli.RunAsync("group", "list")).Out);
    }

    [Fact]
    public async Task MemberRemovePurge_Yes_DeletesThatMembersCopiesOnlyAndTheGroupSyncsOn()
    {
        using var cli = await SyncedAsync();

        var (exit, output, error) = await cli.RunAsync("member", "remove", "company", "files:bob/C", "--purge", "--yes");
        var sync = await cli.RunAsync("sync");

        Assert.True(exit == 0, output + error);
        Assert.Contains("deleted 2 copies and removed files:bob/C", output);
        Assert.Equal(["Dee Bob"], Names(cli, "bob", "C"));
        // what bob brought stays in the group: alice keeps her copy of Dee, and the group is not left paused
        Assert.Equal(["Ann Lee", "Bo Ek", "Cy Own", "Dee Bob"], Names(cli, "alice", "C"));
        Assert.Equal(0, sync.Exit);
        Assert.DoesNotContain("paused", (await cli.RunAsync("status")).Out);
    }
}
