using Tandem.Cli;

namespace Tandem.Integration.Tests.Ews;

/// <summary>`tandem connection test` and the test `connection add` runs first, against the lab.</summary>
public sealed class ConnectionTestLabTests
{
    [Fact]
    public async Task ConnectionTest_LabByAutodiscover_EveryStepOkWithTheServerVersion()
    {
        await using var f = await LabFixture.StartAsync();
        await EwsCli.AddLabConnectionAsync(f.State, f.Lab.BaseUrl);

        var output = await EwsCli.RunOkAsync(f.State, "connection", "test", "lab");

        Assert.Matches(@"ok\s+Autodiscover\s+tandem@lab\.test -> http://127\.0\.0\.1:\d+/EWS/Exchange\.asmx", output);
        Assert.Matches(@"ok\s+DNS\s+127\.0\.0\.1", output);
        Assert.Matches(@"ok\s+TCP\s+connected", output);
        Assert.Matches(@"ok\s+TLS\s+not used \(http\)", output);
        Assert.Matches(@"ok\s+authentication\s+signed in as tandem@lab\.test", output);
        Assert.Matches(@"ok\s+impersonation\s+ExchangeImpersonation of tandem@lab\.test allowed", output);
        Assert.Matches(@"ok\s+server version\s+15\.\d+ \(Exchange", output);
    }

    [Fact]
    public async Task ConnectionAdd_WrongPassword_RefusedAtAuthenticationAndNotStored()
    {
        await using var f = await LabFixture.StartAsync();
        await EwsCli.RunOkAsync(f.State, "init");

        var (exit, output, error) = await EwsCli.RunWithStdinAsync(f.State, "wrong", "connection", "add", "lab", "--type", "ews", "--url", f.Lab.EwsUrl.ToString(),
            "--user", "tandem@lab.test", "--password-stdin", "--impersonation");

        Assert.Equal(CliApp.Failure, exit);
        Assert.Matches(@"FAILED\s+authentication", output);
        Assert.Contains("not added: authentication failed", error, StringComparison.Ordinal);
        Assert.DoesNotContain("lab", await EwsCli.RunOkAsync(f.State, "connection", "list"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionAdd_AccountWithoutImpersonationRight_RefusedAtImpersonation()
    {
        await using var f = await LabFixture.StartAsync();
        await EwsCli.RunOkAsync(f.State, "init");

        var (exit, output, error) = await EwsCli.RunWithStdinAsync(f.State, "lab", "connection", "add", "lab", "--type", "ews", "--url", f.Lab.EwsUrl.ToString(),
            "--user", "alice@lab.test", "--password-stdin", "--impersonation");

        Assert.Equal(CliApp.Failure, exit);
        Assert.Matches(@"ok\s+authentication", output);
        Assert.Matches(@"FAILED\s+impersonation\s+ExchangeImpersonation of alice@lab\.test", output);
        Assert.Contains("ApplicationImpersonation", output, StringComparison.Ordinal);
        Assert.Contains("not added: impersonation failed", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectionAdd_NothingListening_RefusedAtTcpUnlessNoTest()
    {
        var dir = Directory.CreateTempSubdirectory("tandem-conn-test-").FullName;
        var state = Path.Combine(dir, "tandem.db");
        await EwsCli.RunOkAsync(state, "init");
        var url = $"http://127.0.0.1:{Tandem.Testing.Net.LoopbackPort.Free()}/EWS/Exchange.asmx";

        var refused = await EwsCli.RunWithStdinAsync(state, "pw", "connection", "add", "hq", "--type", "ews", "--url", url, "--user", "svc@contoso.com", "--password-stdin");
        var untested = await EwsCli.RunWithStdinAsync(state, "pw", "connection", "add", "hq", "--type", "ews", "--url", url, "--user", "svc@contoso.com", "--password-stdin", "--no-test");
        var test = await Tandem.Integration.Tests.Local.TandemProcess.RunAsync(state, EwsCli.Generous, "connection", "test", "hq");

        Assert.Equal(CliApp.Failure, refused.Exit);
        Assert.Matches(@"ok\s+DNS", refused.Out);
        Assert.Matches(@"FAILED\s+TCP\s+127\.0\.0\.1:\d+", refused.Out);
        Assert.True(untested.Exit == 0, untested.Out + untested.Err);
        Assert.Equal(CliApp.Failure, test.Exit);
        Assert.Contains("failed at TCP", test.Err, StringComparison.Ordinal);
    }
}
