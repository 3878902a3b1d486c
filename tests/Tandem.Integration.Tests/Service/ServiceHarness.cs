using Tandem.Integration.Tests.Local;
using Tandem.State;
using Tandem.State.Sqlite;

namespace Tandem.Integration.Tests.Service;

/// <summary>What the whole-process service tests share: free ports, waiting for a condition, reading heartbeats.</summary>
internal static class ServiceHarness
{
    public static int FreePort() => Tandem.Testing.Net.LoopbackPort.Free();

    /// <summary>Polls <paramref name="condition"/> until true or the timeout; the message says what never happened.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await condition()) return;
            if (clock.Elapsed > timeout) throw new TimeoutException(describe());
            await Task.Delay(100);
        }
    }

    public static async Task<IReadOnlyList<ServiceHeartbeat>> HeartbeatsAsync(string statePath)
    {
        await using var store = await SqliteStateStore.OpenAsync(statePath, TimeProvider.System, CancellationToken.None);
        return await store.ReadHeartbeatsAsync(CancellationToken.None);
    }

    /// <summary>The service's process id as its latest heartbeat states it (the attendant's child).</summary>
    public static async Task<int?> ServicePidAsync(string statePath) =>
        (await HeartbeatsAsync(statePath)).OrderByDescending(b => b.At).FirstOrDefault()?.ProcessId;

    public static async Task<bool> HealthyAsync(HttpClient http, int port)
    {
        try
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"));
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    public static bool Alive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public static TandemProcess Serve(string state, int port, params string[] extra) =>
        TandemProcess.Start(state, ["serve", "--listen", $"http://127.0.0.1:{port}", .. extra]);
}
