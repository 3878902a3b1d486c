namespace Tandem.Cli.Tests;

public sealed class HistoryCommandTests
{
    private const string Card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lee;Ann;;;\r\nFN:Ann Lee\r\nEMAIL;TYPE=INTERNET:ann@contoso.com\r\nEND:VCARD\r\n";

    [Fact]
    public async Task History_SourceEdit_ShowsOriginFieldsAndReceiver()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();
        Directory.CreateDirectory(cli.Folder("hq", "Company"));
        File.WriteAllText(cli.Folder("hq", "Company", "ann.vcf"), Card);
        await cli.RunAsync("group", "add", "company", "--type", "contacts");
        await cli.RunAsync("member", "add", "company", "files:hq/Company", "--role", "source");
        await cli.RunAsync("member", "add", "company", "files:alice/Company", "--role", "target");
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);
        File.WriteAllText(cli.Folder("hq", "Company", "ann.vcf"), Card.Replace("END:VCARD", "TITLE:Manager\r\nEND:VCARD", StringComparison.Ordinal));
        Assert.Equal(0, (await cli.RunAsync("sync")).Exit);

        var (exit, output, _) = await cli.RunAsync("history", "ANN@contoso.com", "--group", "company");
        var missing = await cli.RunAsync("history", "nobody");

        Assert.Equal(0, exit);
        Assert.Contains("Ann Lee <ann@contoso.com>  [group company, item 1]", output);
        Assert.Contains("created in files:hq/Company (revision 1)", output);
        Assert.Contains("changed in files:hq/Company (revision 2)", output);
        Assert.Contains("JobTitle: (none) -> Manager", output);
        Assert.Contains("-> files:alice/Company: updated", output);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("no item matches", missing.Out);
    }
}
