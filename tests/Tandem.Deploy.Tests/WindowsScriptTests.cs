namespace Tandem.Deploy.Tests;

/// <summary>
/// deploy/windows/install.ps1 and uninstall.ps1 cannot run on Linux (sc.exe, icacls, the SCM); what can be checked
/// here: PowerShell parses them, and they issue the service settings the issue asks for.
/// </summary>
public sealed class WindowsScriptTests
{
    private readonly PowerShellScript _install = PowerShellScript.Parse(DeployFiles.WindowsInstall);
    private readonly PowerShellScript _uninstall = PowerShellScript.Parse(DeployFiles.WindowsUninstall);

    [Fact]
    public void Scripts_Parse_WithoutErrors()
    {
        Assert.True(_install.Errors.Count == 0, string.Join("\n", _install.Errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
        Assert.True(_uninstall.Errors.Count == 0, string.Join("\n", _uninstall.Errors.Select(e => $"{e.Extent.StartLineNumber}: {e.Message}")));
    }

    [Fact]
    public void Install_SetsRecoveryActions_AndTheFailureFlag()
    {
        var sc = ScCalls(_install);
        var failure = Assert.Single(sc, c => c[1] == "failure");
        Assert.Equal("86400", After(failure, "reset="));
        Assert.Equal("restart/5000/restart/30000/restart/60000", After(failure, "actions="));
        // Without it a service that stops itself with a non-zero exit code (a fatal error) is not restarted.
        var flag = Assert.Single(sc, c => c[1] == "failureflag");
        Assert.Equal("1", flag[^1]);
    }

    [Fact]
    public void Install_RunsServeUnderItsOwnVirtualAccount()
    {
        var text = File.ReadAllText(_install.Path);
        Assert.Contains("serve --state `\"$stateDb`\" --logs `\"$logsDir`\"", text, StringComparison.Ordinal);
        Assert.Contains("$stateDb = Join-Path $DataDir 'tandem.db'", text, StringComparison.Ordinal);
        Assert.Contains("(Join-Path $env:ProgramData 'Tandem')", text, StringComparison.Ordinal);
        var config = Assert.Single(ScCalls(_install), c => c[1] == "config");
        Assert.Equal("$account", After(config, "obj="));
        Assert.Contains("$account = \"NT SERVICE\\$ServiceName\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Install_RestrictsTheDataFolder_ToTheServiceSystemAndAdministrators()
    {
        var icacls = _install.Commands().Where(c => c.Contains("icacls.exe")).ToList();
        var grant = Assert.Single(icacls, c => c.Contains("/grant:r"));
        Assert.Contains("/inheritance:r", grant);
        var grants = grant.SkipWhile(w => w != "/grant:r").Skip(1).ToList();
        Assert.Equal(["${account}:(OI)(CI)F", "*S-1-5-18:(OI)(CI)F", "*S-1-5-32-544:(OI)(CI)F"], grants);
    }

    [Fact]
    public void Uninstall_KeepsTheDataUnlessPurged()
    {
        Assert.Contains("Purge", _uninstall.Parameters());
        var removals = _uninstall.Commands().Where(c => c[0] == "Remove-Item").ToList();
        Assert.Single(removals, c => c.Contains("$DataDir"));
        var guarded = _uninstall.Ast.FindAll(a => a is System.Management.Automation.Language.IfStatementAst i
            && i.Clauses[0].Item1.Extent.Text == "$Purge"
            && i.Clauses[0].Item2.Extent.Text.Contains("Remove-Item -LiteralPath $DataDir", StringComparison.Ordinal), true);
        Assert.Single(guarded);
    }

    // The script calls native tools through Invoke-Native (which checks their exit code): "Invoke-Native sc.exe …".
    private static List<string[]> ScCalls(PowerShellScript script) =>
        script.Commands().Where(c => c.Length > 2 && c[0] == "Invoke-Native" && c[1] == "sc.exe").Select(c => c[1..]).ToList();

    private static string After(string[] words, string key) => words[Array.IndexOf(words, key) + 1];
}
