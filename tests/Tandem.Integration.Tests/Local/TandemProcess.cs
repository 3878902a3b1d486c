using System.Diagnostics;
using System.Text;

namespace Tandem.Integration.Tests.Local;

/// <summary>
/// Runs the built `tandem` (tandem.dll next to the test assembly, from the project reference) as a real process,
/// so tests see what an administrator's shell sees: exit codes, stdout, stderr, and what a SIGKILL leaves behind.
/// </summary>
internal sealed class TandemProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly StringBuilder _err = new();

    private TandemProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_err) _err.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static string TandemDll => Path.Combine(AppContext.BaseDirectory, "tandem.dll");

    public string Output { get { lock (_out) return _out.ToString(); } }

    public string Error { get { lock (_err) return _err.ToString(); } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static TandemProcess Start(string statePath, params string[] args) => Start(statePath, null, args);

    /// <summary>Starts with extra environment variables (e.g. NOTIFY_SOCKET for the sd_notify test).</summary>
    public static TandemProcess Start(string statePath, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(TandemDll);
        info.ArgumentList.Add("--state");
        info.ArgumentList.Add(statePath);
        foreach (var arg in args) info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment.Remove("TANDEM_STATE");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        return new TandemProcess(Process.Start(info) ?? throw new InvalidOperationException("could not start dotnet"));
    }

    /// <summary>Runs to completion (generous timeout: CI machines are slow and shared) and returns the exit code.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string statePath, TimeSpan timeout, params string[] args)
    {
        using var process = Start(statePath, args);
        if (!await process.WaitAsync(timeout))
        {
            process.Kill();
            throw new TimeoutException($"tandem {string.Join(' ', args)} did not finish in {timeout}: {process.Output} {process.Error}");
        }
        return (process.ExitCode, process.Output, process.Error);
    }

    public async Task<bool> WaitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public int Id => _process.Id;

    /// <summary>Sends a signal by name (TERM, STOP, CONT) as an administrator's kill(1) would.</summary>
    public void Signal(string name) => Send(_process.Id, name);

    public static void Send(int pid, string name)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + name, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    /// <summary>SIGKILL on Linux: no finally blocks, no flushes, exactly what a crash or an OOM kill does.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}
