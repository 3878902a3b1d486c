using System.Diagnostics;
using Tandem.Integration.Tests.Local;

namespace Tandem.Integration.Tests.Ews;

/// <summary>Runs the built `tandem` with a line piped to stdin (secrets), which <see cref="TandemProcess"/> does not do.</summary>
internal static class EwsCli
{
    public static readonly TimeSpan Generous = TimeSpan.FromMinutes(4);

    public static async Task<(int Exit, string Out, string Err)> RunWithStdinAsync(string statePath, string stdin, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(TandemProcess.TandemDll);
        info.ArgumentList.Add("--state");
        info.ArgumentList.Add(statePath);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteLineAsync(stdin);
        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(Generous);
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Init plus an ews connection named "lab" found by Autodiscover, as the service account with impersonation.</summary>
    public static async Task AddLabConnectionAsync(string statePath, Uri labBase)
    {
        await RunOkAsync(statePath, "init");
        var add = await RunWithStdinAsync(statePath, "lab", "connection", "add", "lab", "--type", "ews", "--autodiscover", "tandem@lab.test",
            "--autodiscover-url", labBase.ToString(), "--user", "tandem@lab.test", "--password-stdin", "--impersonation");
        Assert.True(add.Exit == 0, add.Out + add.Err);
    }

    public static async Task<string> RunOkAsync(string statePath, params string[] args)
    {
        var (exit, output, error) = await TandemProcess.RunAsync(statePath, Generous, args);
        Assert.True(exit == 0, $"tandem {string.Join(' ', args)} exited {exit}: {output} {error}");
        return output;
    }

    /// <summary>The sum of created/updated/deleted columns of `tandem sync` output.</summary>
    public static int Writes(string syncOutput) =>
        System.Text.RegularExpressions.Regex.Matches(syncOutput, @"(?:created|updated|deleted)\s+(\d+)")
            .Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
}
