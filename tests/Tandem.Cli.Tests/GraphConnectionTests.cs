namespace Tandem.Cli.Tests;

/// <summary>`connection add --type graph`: what it accepts, and each refusal naming the flag to fix.</summary>
public sealed class GraphConnectionTests
{
    [Fact]
    public async Task ConnectionAdd_LabOnLoopbackWithoutTenantUntested_IsAdded()
    {
        using var run = new CliRun();
        Assert.Equal(0, (await run.RunAsync("init")).Exit);
        var (exit, output, error) = await run.RunAsync("connection", "add", "g", "--type", "graph", "--graph-url", "http://127.0.0.1:5080/v1.0", "--no-test");
        Assert.True(exit == 0, output + error);
        Assert.Contains("graph", (await run.RunAsync("connection", "list")).Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--tenant", "graph connections need --tenant", "--graph-url", "https://graph.microsoft.com/v1.0")]
    [InlineData("--client-id", "need --client-id", "--tenant", "contoso.onmicrosoft.com")]
    [InlineData("--client-secret-stdin", "exactly one of --client-secret-stdin or --certificate", "--tenant", "contoso.onmicrosoft.com", "--client-id", "abc")]
    [InlineData("--certificate", "no such file", "--tenant", "contoso.onmicrosoft.com", "--client-id", "abc", "--certificate", "/nonexistent/app.pfx")]
    public async Task ConnectionAdd_Incomplete_RefusedNamingTheFlag(string flag, string message, params string[] args)
    {
        using var run = new CliRun();
        Assert.Equal(0, (await run.RunAsync("init")).Exit);
        var (exit, output, error) = await run.RunAsync(["connection", "add", "g", "--type", "graph", .. args]);
        Assert.NotEqual(0, exit);
        Assert.Contains(message, output + error, StringComparison.Ordinal);
        Assert.Contains(flag, output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionAdd_GraphFlagOnAnEwsConnection_IsRefused()
    {
        using var run = new CliRun();
        Assert.Equal(0, (await run.RunAsync("init")).Exit);
        var (exit, output, error) = await run.RunAsync("connection", "add", "x", "--type", "ews", "--url", "https://mail.contoso.com/EWS/Exchange.asmx", "--graph-url", "https://graph.microsoft.com/v1.0");
        Assert.NotEqual(0, exit);
        Assert.Contains("--graph-url does not apply to ews", output + error, StringComparison.Ordinal);
    }
}
