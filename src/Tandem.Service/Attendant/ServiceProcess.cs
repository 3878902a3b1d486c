using System.Diagnostics;

namespace Tandem.Service.Attendant;

/// <summary>The service as a child process of the attendant: started, asked to stop (SIGTERM), or killed when it hangs.</summary>
internal sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;

    private ServiceProcess(Process process) => _process = process;

    public static ServiceProcess Start(string program, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        return new ServiceProcess(process);
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>Kills it (a SIGSTOPped process too: SIGKILL needs no cooperation).</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Asks it to stop as a service manager would (SIGTERM), waits, then kills it.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited) return;
        if (!OperatingSystem.IsWindows()) Terminate(_process.Id);
        else Kill();
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>SIGTERM through kill(1): .NET can receive POSIX signals but not send them without unsafe interop.</summary>
    private static void Terminate(int pid)
    {
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            kill?.WaitForExit(5000);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // no kill(1): the caller kills after the grace period
        }
    }

    public void Dispose() => _process.Dispose();
}
