using System.Collections.Concurrent;
using System.Diagnostics;
using Tandem.Testing.Processes;

namespace Tandem.Testing.Python;

/// <summary>
/// Runs the python oracle scripts (independent readers and clients: python3-icalendar, -dateutil, -vobject,
/// -exchangelib). <see cref="Require"/> picks an interpreter that has the modules a test needs; when none has them the
/// test is reported Skipped with the reason — never passed silently, and never failed for a missing tool.
/// Tests that use it are [SkippableFact]/[SkippableTheory].
/// </summary>
public sealed class PythonOracle
{
    // Debian's interpreter first: the distribution's python3-* packages are installed for it, a pyenv python3 on PATH may lack them.
    private static readonly string[] Interpreters = ["/usr/bin/python3", "python3"];
    private static readonly ConcurrentDictionary<string, string?> Found = new(StringComparer.Ordinal);

    // Generous: python start-up on a loaded 2-core machine; this is a hang guard, not a timing check.
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    private PythonOracle(string interpreter) => Interpreter = interpreter;

    public string Interpreter { get; }

    /// <summary>An interpreter that can import every one of <paramref name="modules"/>; skips the test when there is none.</summary>
    public static PythonOracle Require(params string[] modules)
    {
        var key = string.Join(",", modules.Order(StringComparer.Ordinal));
        var interpreter = Found.GetOrAdd(key, _ => Interpreters.FirstOrDefault(p => CanImport(p, modules)));
        Skip.If(interpreter is null, $"no python3 with the modules {key} (tried {string.Join(", ", Interpreters)}); install them (Debian: python3-<module>) to run this oracle test");
        return new PythonOracle(interpreter!);
    }

    /// <summary>Runs <paramref name="script"/> (a full path) with <paramref name="args"/>, feeding <paramref name="stdin"/>.</summary>
    public async Task<PythonResult> RunAsync(string script, string? stdin, IEnumerable<string> args, CancellationToken cancellationToken = default)
    {
        var result = await ExternalCommand.RunAsync(
            Interpreter, [script, .. args], Timeout, stdin, new Dictionary<string, string> { ["PYTHONIOENCODING"] = "utf-8" }, cancellationToken);
        return new PythonResult(Path.GetFileName(script), result.ExitCode, result.Stdout, result.Stderr);
    }

    /// <summary>The blocking form of <see cref="RunAsync"/>, for the synchronous differential tests.</summary>
    public PythonResult Run(string script, string? stdin, params string[] args) =>
        RunAsync(script, stdin, args).GetAwaiter().GetResult();

    private static bool CanImport(string interpreter, string[] modules)
    {
        try
        {
            var info = new ProcessStartInfo(interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add(modules.Length == 0 ? "pass" : "import " + string.Join(", ", modules));
            using var process = Process.Start(info);
            if (process is null) return false;
            if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no such interpreter
        }
    }
}
