using System.Globalization;
using Tandem.Cli;
using Tandem.Cli.Demo;
using Tandem.Integration.Tests.Local;

namespace Tandem.Integration.Tests.Ews;

/// <summary>`connection add --type ews` refusals and secret handling, `tandem folders`, and the lab demo.</summary>
public sealed class EwsCliTests
{
    [Fact]
    public async Task ConnectionAdd_NeitherAutodiscoverNorUrl_OneLineNamingTheFlags()
    {
        var dir = Directory.CreateTempSubdirectory("tandem-ews-cli-").FullName;
        var state = Path.Combine(dir, "tandem.db");
        await EwsCli.RunOkAsync(state, "init");
        var (exit, output, error) = await EwsCli.RunWithStdinAsync(state, "pw", "connection", "add", "x", "--type", "ews", "--user", "u@contoso.com", "--password-stdin");
        Assert.Equal(CliApp.UsageError, exit);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--autodiscover", error, StringComparison.Ordinal);
        Assert.Contains("--url", error, StringComparison.Ordinal);
        Assert.DoesNotContain("added", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionAdd_PasswordFromStdin_NeverPrintedNorStoredInClear()
    {
        var dir = Directory.CreateTempSubdirectory("tandem-ews-cli-").FullName;
        var state = Path.Combine(dir, "tandem.db");
        var secret = "S3cret-" + Guid.NewGuid().ToString("N");
        await EwsCli.RunOkAsync(state, "init");
        var add = await EwsCli.RunWithStdinAsync(state, secret, "connection", "add", "hq", "--type", "ews", "--url", "https://mail.contoso.com/EWS/Exchange.asmx", "--user", "svc@contoso.com", "--password-stdin", "--impersonation", "--no-test");
        Assert.True(add.Exit == 0, add.Out + add.Err);
        var list = await EwsCli.RunOkAsync(state, "connection", "list");
        Assert.Contains("svc@contoso.com", list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, add.Out + add.Err + list, StringComparison.Ordinal);
        foreach (var file in Directory.GetFiles(dir))
        {
            Assert.DoesNotContain(secret, File.ReadAllText(file, System.Text.Encoding.Latin1), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Folders_LabConnectionByAutodiscover_ListsMailboxAndPublicFoldersWithCounts()
    {
        await using var f = await LabFixture.StartAsync();
        await EwsCli.AddLabConnectionAsync(f.State, f.Lab.BaseUrl);
        var all = await EwsCli.RunOkAsync(f.State, "folders", "lab");
        Assert.Matches(@"public/Company Contacts\s+contacts\s+300 items", all);
        Assert.Matches(@"public/Projects/Tasks\s+tasks\s+\d+ items", all);
        Assert.Matches(@"tandem@lab\.test/Contacts\s+contacts", all);
        var alice = await EwsCli.RunOkAsync(f.State, "folders", "lab:alice@lab.test");
        Assert.Matches(@"alice@lab\.test/Calendar\s+calendar\s+\d+ item", alice);
        Assert.DoesNotContain("public/", alice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabDemo_DemoSeed_EveryCheckPassesAndTheLastSyncWritesNothing()
    {
        var output = new StringWriter(CultureInfo.InvariantCulture);
        var error = new StringWriter(CultureInfo.InvariantCulture);
        var context = new CliContext(output, error, TimeProvider.System, _ => null);
        var dir = Path.Combine(Path.GetTempPath(), "tandem-lab-demo-test-" + Guid.NewGuid().ToString("N"));
        var exit = await LabDemo.RunAsync(context, dir, CancellationToken.None);
        Assert.True(exit == 0, output + "\n" + error);
        var text = output.ToString();
        Assert.DoesNotContain("FAIL", text, StringComparison.Ordinal);
        Assert.Contains("ok   carol@lab.test", text, StringComparison.Ordinal);
        Assert.Contains("nothing bounces", text, StringComparison.Ordinal);
    }
}
