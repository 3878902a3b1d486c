namespace Tandem.Cli.Tests;

public sealed class CliErrorTests
{
    [Theory]
    [InlineData("frobnicate")]
    [InlineData("member", "add", "g", "files:alice/Contacts", "--role", "owner")]
    [InlineData("group", "add", "g", "--type", "faxes")]
    [InlineData("group", "add", "g", "--type", "contacts", "--conflict", "loudest")]
    [InlineData("member", "add", "g", "files:alice/Contacts")]
    [InlineData("connection", "add", "x")]
    public async Task Parse_BadCommandLine_OneLineOnStderrAndExit2(params string[] args)
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();

        var (exit, output, error) = await cli.RunAsync(args);

        Assert.Equal(2, exit);
        AssertOneErrorLine(error);
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("no-colon-here", "no connection name")]
    [InlineData("files:alice", "no mailbox or folder")]
    public async Task MemberAdd_BadReference_SaysWhatARefLooksLike(string reference, string expected)
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();
        await cli.RunAsync("group", "add", "g", "--type", "contacts");

        var (exit, _, error) = await cli.RunAsync("member", "add", "g", reference, "--role", "source");

        Assert.Equal(2, exit);
        AssertOneErrorLine(error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task MemberAdd_UnknownConnection_RefusedInOneLine()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();
        await cli.RunAsync("group", "add", "g", "--type", "contacts");

        var (exit, _, error) = await cli.RunAsync("member", "add", "g", "nosuch:alice/Contacts", "--role", "target");

        Assert.Equal(1, exit);
        AssertOneErrorLine(error);
        Assert.Contains("nosuch", error);
    }

    [Fact]
    public async Task ConnectionAdd_UnknownType_ListsTheKnownTypes()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();

        var (exit, _, error) = await cli.RunAsync("connection", "add", "x", "--type", "gopher", "--root", cli.Dir);

        Assert.Equal(2, exit);
        AssertOneErrorLine(error);
        Assert.Contains("local", error);
    }

    [Fact]
    public async Task ConnectionAdd_LocalWithoutRoot_AsksForRoot()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();

        var (exit, _, error) = await cli.RunAsync("connection", "add", "x", "--type", "local");

        Assert.Equal(2, exit);
        Assert.Contains("--root", error);
    }

    [Fact]
    public async Task ConnectionAdd_Duplicate_RefusedAndTheFirstKept()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();

        var (exit, _, error) = await cli.RunAsync("connection", "add", "files", "--type", "local", "--root", "/elsewhere");
        var list = await cli.RunAsync("connection", "list");

        Assert.Equal(1, exit);
        AssertOneErrorLine(error);
        Assert.Contains("already exists", error);
        Assert.DoesNotContain("/elsewhere", list.Out);
    }

    [Fact]
    public async Task AnyCommand_BeforeInit_TellsToRunInitAndCreatesNothing()
    {
        using var cli = new CliRun();

        var (exit, _, error) = await cli.RunAsync("group", "list");

        Assert.Equal(2, exit);
        AssertOneErrorLine(error);
        Assert.Contains("tandem init", error);
        Assert.False(File.Exists(cli.StatePath));
    }

    [Fact]
    public async Task ConnectionRemove_UsedByAGroup_Refused()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();
        await cli.RunAsync("group", "add", "g", "--type", "contacts");
        await cli.RunAsync("member", "add", "g", "files:alice/Contacts", "--role", "source");

        var (exit, _, error) = await cli.RunAsync("connection", "remove", "files");

        Assert.Equal(1, exit);
        AssertOneErrorLine(error);
        Assert.StartsWith("files\tlocal", (await cli.RunAsync("connection", "list")).Out);
    }

    [Fact]
    public async Task GroupRules_InvalidJson_RefusedWithTheReason()
    {
        using var cli = new CliRun();
        await cli.InitWithLocalAsync();
        await cli.RunAsync("group", "add", "g", "--type", "contacts");

        var (exit, _, error) = await cli.RunAsync("group", "rules", "g", "--json", """{"modify":[{"action":"addCategory"}]}""");

        Assert.Equal(2, exit);
        AssertOneErrorLine(error);
        Assert.Contains("needs a value", error);
    }

    private static void AssertOneErrorLine(string error)
    {
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line on stderr, got: {error}");
        Assert.StartsWith("tandem: ", lines[0]);
    }
}
