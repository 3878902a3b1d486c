using System.Diagnostics;
using System.Text.Json;

namespace Tandem.Formats.Tests.ICalendar;

/// <summary>
/// Runs a python oracle script (Debian's python3 with python3-icalendar / python3-dateutil) and parses its
/// JSON output. Uses /usr/bin/python3 when present, since a user-installed python may lack the packages.
/// </summary>
internal static class PythonOracle
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static JsonElement Run(string script, string? stdin, params string[] args)
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var info = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(TestFiles.Python(script));
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start python3");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null) process.StandardInput.Write(stdin);
        process.StandardInput.Close();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {Timeout}");
        }
        var output = stdout.GetAwaiter().GetResult();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {stderr.GetAwaiter().GetResult()}");
        using var doc = JsonDocument.Parse(output);
        return doc.RootElement.Clone();
    }
}
