using System.Text.Json;

namespace Tandem.Cli.Tests;

public sealed class CliCommandTests
{
    private const string Card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nEMAIL;TYPE=INTERNET:ann@contoso.com\r\nEND:VCARD\r\n";

    [Fact]
    public async Task Init_NewPath_CreatesTheDatabase()
    {
        using var cli = new CliRun();

        var (exit, output, _) = await cli.RunAsync("init");

        Assert.Equal(0, exit);
        Assert.True(File.Exists(cli.StatePath));
        Assert.Contains(cli.StatePath, output);
    }

    [Fact]
    public async Task StatePath_NoOption_ComesFromTheEnvironment()
    {
        using var cli = new CliRun();
        var fromEnv = Path.Combine(cli.Dir, "env.db");
        cli.Environment["TANDEM_STATE"] = fromEnv;

        var (exit, _, _) = await cli.RunRawAsync("init");

        Assert.Equal(0, exit);
        Assert.True(File.Exists(fromEnv));
    }

    [Fact]
    public async Task GroupAndMembers_AddedAndRemoved_ShowInGroupList()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();

        await cli.RunAsync("group", "add", "company", "--type", "contacts", "--conflict", "priority", "--priority", "files:public/Company Contacts", "--delete-threshold", "35");
        await cli.RunAsync("member", "add", "company", "files:public/Company Contacts", "--role", "source");
        await cli.RunAsync("member", "add", "company", "files:alice@contoso.com/Contacts/Company", "--role", "target");
        await cli.RunAsync("member", "add", "company", "files:bob@contoso.com/Contacts/Company", "--role", "two-way");
        var (_, before, _) = await cli.RunAsync("group", "list");
        var removed = await cli.RunAsync("member", "remove", "company", "files:bob@contoso.com/Contacts/Company");
        var (_, after, _) = await cli.RunAsync("group", "list");

        Assert.Contains("company (contacts, conflicts: priority, priority files:public/Company Contacts, pause above 35% deletions)", before);
        Assert.Contains("source   files:public/Company Contacts", before);
        Assert.Contains("target   files:alice@contoso.com/Contacts/Company", before);
        Assert.Contains("two-way  files:bob@contoso.com/Contacts/Company", before);
        Assert.Equal(0, removed.Exit);
        Assert.DoesNotContain("bob@contoso.com", after);
    }

    [Fact]
    public async Task GroupRemove_ExistingGroup_DisappearsFromTheList()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();
        await cli.RunAsync("group", "add", "g1", "--type", "calendar");
        await cli.RunAsync("group", "add", "g2", "--type", "tasks");

        var (exit, _, _) = await cli.RunAsync("group", "remove", "g1");
        var (_, list, _) = await cli.RunAsync("group", "list");

        Assert.Equal(0, exit);
        Assert.DoesNotContain("g1", list);
        Assert.Contains("g2 (tasks", list);
    }

    [Fact]
    public async Task GroupRules_SetThenShown_RoundTrips()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();
        await cli.RunAsync("group", "add", "g", "--type", "contacts");

        var set = await cli.RunAsync("group", "rules", "g", "--json", """{"filter":{"excludePrivate":true},"modify":[{"action":"addCategory","value":"From HQ"}]}""");
        var (_, shown, _) = await cli.RunAsync("group", "rules", "g");
        await cli.RunAsync("group", "rules", "g", "--clear");
        var (_, cleared, _) = await cli.RunAsync("group", "rules", "g");

        Assert.Equal(0, set.Exit);
        Assert.Contains("From HQ", shown);
        Assert.Contains("\"excludePrivate\":true", shown);
        Assert.Contains("no rules", cleared);
    }

    [Fact]
    public async Task Sync_OneWayGroup_CopiesToTargetsAndDryRunWritesNothing()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();
        Directory.CreateDirectory(cli.Folder("public", "Company"));
        File.WriteAllText(cli.Folder("public", "Company", "ann.vcf"), Card);
        await cli.RunAsync("group", "add", "company", "--type", "contacts");
        await cli.RunAsync("member", "add", "company", "files:public/Company", "--role", "source");
        await cli.RunAsync("member", "add", "company", "files:alice/Contacts/Company", "--role", "target");
        await cli.RunAsync("member", "add", "company", "files:bob/Contacts/Company", "--role", "target");

        var dry = await cli.RunAsync("sync", "--dry-run");
        var aliceAfterDry = Directory.Exists(cli.Folder("alice", "Contacts", "Company")) ? Directory.GetFiles(cli.Folder("alice", "Contacts", "Company"), "*.vcf").Length : 0;
        var real = await cli.RunAsync("sync", "company");

        Assert.Equal(0, dry.Exit);
        Assert.Contains("dry run", dry.Out);
        Assert.Equal(0, aliceAfterDry);
        Assert.Equal(0, real.Exit);
        Assert.Matches(@"target\s+files:alice/Contacts/Company\s+received\s+0\s+created\s+1", real.Out);
        foreach (var user in new[] { "alice", "bob" })
        {
            var copy = Assert.Single(Directory.GetFiles(cli.Folder(user, "Contacts", "Company"), "*.vcf"));
            Assert.Contains("Ann Lee", File.ReadAllText(copy));
        }
    }

    [Fact]
    public async Task Status_Json_ReportsGroupsMembersAndCounts()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();
        Directory.CreateDirectory(cli.Folder("public", "Company"));
        File.WriteAllText(cli.Folder("public", "Company", "ann.vcf"), Card);
        await cli.RunAsync("group", "add", "company", "--type", "contacts");
        await cli.RunAsync("member", "add", "company", "files:public/Company", "--role", "source");
        await cli.RunAsync("member", "add", "company", "files:alice/Contacts", "--role", "target");
        await cli.RunAsync("sync");

        var (exit, output, _) = await cli.RunAsync("status", "--json");

        Assert.Equal(0, exit);
        var group = JsonDocument.Parse(output).RootElement.EnumerateArray().Single();
        Assert.Equal("company", group.GetProperty("group").GetString());
        Assert.Equal(1, group.GetProperty("items").GetInt32());
        Assert.False(group.GetProperty("paused").GetBoolean());
        Assert.Equal(2, group.GetProperty("members").GetArrayLength());
        Assert.All(group.GetProperty("members").EnumerateArray(), m => Assert.Equal(1, m.GetProperty("items").GetInt32()));
    }

    [Fact]
    public async Task Sync_SourceEmptied_PausesWithExit3AndRejectRestores()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();
        var source = cli.Folder("public", "Company");
        Directory.CreateDirectory(source);
        for (var i = 0; i < 10; i++) File.WriteAllText(Path.Combine(source, $"p{i}.vcf"), Card.Replace("Ann", $"Ann{i}", StringComparison.Ordinal));
        await cli.RunAsync("group", "add", "company", "--type", "contacts");
        await cli.RunAsync("member", "add", "company", "files:public/Company", "--role", "source");
        await cli.RunAsync("member", "add", "company", "files:alice/Contacts", "--role", "target");
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        foreach (var file in Directory.GetFiles(source).Take(8)) File.Delete(file);

        var paused = await cli.RunAsync("sync");
        var status = await cli.RunAsync("status");
        var reject = await cli.RunAsync("reject", "company");
        var after = await cli.RunAsync("sync");

        Assert.Equal(3, paused.Exit);
        Assert.Contains("PAUSED", paused.Out);
        Assert.Contains("PAUSED", status.Out);
        Assert.Equal(10, Directory.GetFiles(cli.Folder("alice", "Contacts"), "*.vcf").Length);
        Assert.Equal(0, reject.Exit);
        Assert.Equal(0, after.Exit);
        Assert.Equal(10, Directory.GetFiles(source, "*.vcf").Length);
    }

    [Fact]
    public async Task Sync_BrokenFileInSource_OthersSyncAndStatusNamesTheFile()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();
        Directory.CreateDirectory(cli.Folder("public", "Company"));
        File.WriteAllText(cli.Folder("public", "Company", "ann.vcf"), Card);
        File.WriteAllText(cli.Folder("public", "Company", "broken.vcf"), "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Half\r\n");
        await cli.RunAsync("group", "add", "company", "--type", "contacts");
        await cli.RunAsync("member", "add", "company", "files:public/Company", "--role", "source");
        await cli.RunAsync("member", "add", "company", "files:alice/Contacts", "--role", "target");

        var sync = await cli.RunAsync("sync");
        var status = await cli.RunAsync("status");

        Assert.Equal(0, sync.Exit);
        Assert.Single(Directory.GetFiles(cli.Folder("alice", "Contacts"), "*.vcf"));
        Assert.Contains("quarantined in files:public/Company: broken.vcf", status.Out);
        Assert.True(File.Exists(cli.Folder("public", "Company", "broken.vcf")));
    }

    [Fact]
    public async Task Sync_UnknownGroup_OneLineAndExit1()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();

        var (exit, _, error) = await cli.RunAsync("sync", "nosuch");

        Assert.Equal(1, exit);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("nosuch", error);
    }

    [Fact]
    public async Task DemoLocal_FreshDirectory_AllItsChecksPass()
    {
        using var cli = new CliRun();
        var dir = Path.Combine(cli.Dir, "demo");

        var (exit, output, error) = await cli.RunRawAsync("demo", "--local", "--dir", dir);

        Assert.True(exit == 0, output + error);
        Assert.DoesNotContain("FAIL", output);
        Assert.Contains("What to try next", output);
        Assert.True(File.Exists(Path.Combine(dir, "tandem.db")));
    }

    [Fact]
    public async Task Demo_Default_RunsAgainstTheExchangeLabAndAllItsChecksPass()
    {
        using var cli = new CliRun();
        var dir = Path.Combine(cli.Dir, "lab-demo");

        var (exit, output, error) = await cli.RunRawAsync("demo", "--dir", dir);

        Assert.True(exit == 0, output + error);
        Assert.Contains("Exchange lab", output);
        Assert.DoesNotContain("FAIL", output);
        Assert.Contains("What to try next", output);
        Assert.True(File.Exists(Path.Combine(dir, "tandem.db")));
    }
}
