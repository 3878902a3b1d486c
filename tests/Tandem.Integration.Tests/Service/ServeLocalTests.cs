using System.Net.Sockets;
using System.Text;
using Tandem.Integration.Tests.Local;

namespace Tandem.Integration.Tests.Service;

/// <summary>
/// `tandem serve` and `tandem attendant` as whole processes on local folders: changes arrive without any `tandem sync`,
/// configuration changed through the CLI is picked up without a restart, the sd_notify protocol, a fatal start exits
/// non-zero, and the attendant restarts a killed and a hung (SIGSTOPped) service.
/// </summary>
public sealed class ServeLocalTests : IDisposable
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(90);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tandem-serve-" + Guid.NewGuid().ToString("N"));
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };

    public ServeLocalTests() => Directory.CreateDirectory(_dir);

    private string State => Path.Combine(_dir, "tandem.db");

    private string Files => Path.Combine(_dir, "files");

    public void Dispose()
    {
        _http.Dispose();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a process killed by the test may hold a file for a moment
        }
    }

    private async Task SetUpGroupAsync()
    {
        foreach (var args in new[]
        {
            new[] { "init" },
            ["connection", "add", "files", "--type", "local", "--root", Files],
            ["group", "add", "company", "--type", "contacts"],
            ["member", "add", "company", "files:public/Company", "--role", "source"],
            ["member", "add", "company", "files:alice/Contacts", "--role", "target"],
        })
        {
            var (exit, output, error) = await TandemProcess.RunAsync(State, Slow, args);
            Assert.True(exit == 0, $"{string.Join(' ', args)}: {output} {error}");
        }
        Directory.CreateDirectory(Path.Combine(Files, "public", "Company"));
    }

    private void WriteContact(string name) =>
        File.WriteAllText(Path.Combine(Files, "public", "Company", name + ".vcf"), $"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name} Test\r\nN:Test;{name};;;\r\nEND:VCARD\r\n");

    private int Count(string mailbox)
    {
        var folder = Path.Combine(Files, mailbox, "Contacts");
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*.vcf").Length : 0;
    }

    private Task UntilCountAsync(string mailbox, int expected, TandemProcess process) =>
        ServiceHarness.UntilAsync(() => Task.FromResult(Count(mailbox) == expected), Slow,
            () => $"{mailbox} has {Count(mailbox)} contacts, expected {expected}; service output: {process.Output} {process.Error}");

    [SkippableFact]
    public async Task Serve_ChangesArriveWithoutSync_AndAMemberAddedThroughTheCliIsPickedUpWithoutRestart()
    {
        Skip.If(OperatingSystem.IsWindows(), "signals");
        await SetUpGroupAsync();
        WriteContact("Ann");
        var port = ServiceHarness.FreePort();
        using var service = ServiceHarness.Serve(State, port, "--logs", Path.Combine(_dir, "logs"));
        await UntilCountAsync("alice", 1, service);

        WriteContact("Bob");
        await UntilCountAsync("alice", 2, service);

        var (exit, output, error) = await TandemProcess.RunAsync(State, Slow, "member", "add", "company", "files:bob/Contacts", "--role", "target");
        Assert.True(exit == 0, output + error);
        await UntilCountAsync("bob", 2, service);
        Assert.False(service.HasExited);
        string status = "";
        await ServiceHarness.UntilAsync(async () =>
        {
            status = (await TandemProcess.RunAsync(State, Slow, "status")).Out;
            return status.Contains("bob/Contacts", StringComparison.Ordinal) && status.Contains("company: idle", StringComparison.Ordinal);
        }, Slow, () => "status never showed the running service's group: " + status);
        Assert.Contains("(pid " + service.Id + "): running", status, StringComparison.Ordinal);

        service.Signal("TERM");
        Assert.True(await service.WaitAsync(TimeSpan.FromSeconds(60)), "the service did not stop on SIGTERM");
        Assert.Equal(0, service.ExitCode);
        var log = string.Join("\n", Directory.GetFiles(Path.Combine(_dir, "logs")).Select(File.ReadAllText));
        Assert.Contains(" 3011 ", log, StringComparison.Ordinal); // the group restarted for its new member
        Assert.Contains(" 3002 ", log, StringComparison.Ordinal); // stopping
    }

    [SkippableFact]
    public async Task Serve_SpeaksSdNotify_ReadyThenWatchdogThenStopping()
    {
        Skip.If(OperatingSystem.IsWindows(), "sd_notify is a Linux protocol");
        await SetUpGroupAsync();
        var socketPath = Path.Combine(_dir, "notify.sock");
        using var manager = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        manager.Bind(new UnixDomainSocketEndPoint(socketPath));
        manager.ReceiveTimeout = 60_000;
        var port = ServiceHarness.FreePort();
        using var service = TandemProcess.Start(State, new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath, ["WATCHDOG_USEC"] = "1000000" },
            "serve", "--listen", $"http://127.0.0.1:{port}");

        var received = new List<string>();
        var buffer = new byte[1024];
        string Next()
        {
            var text = Encoding.UTF8.GetString(buffer, 0, manager.Receive(buffer));
            received.Add(text);
            return text;
        }
        while (!Next().Contains("READY=1", StringComparison.Ordinal))
        {
        }
        var watchdogs = 0;
        while (watchdogs < 2) if (Next() == "WATCHDOG=1") watchdogs++;
        service.Signal("TERM");
        while (!Next().Contains("STOPPING=1", StringComparison.Ordinal))
        {
        }
        Assert.True(await service.WaitAsync(TimeSpan.FromSeconds(60)));
        Assert.Equal(0, service.ExitCode);
        Assert.True(received.FindIndex(r => r.Contains("READY=1", StringComparison.Ordinal)) < received.FindIndex(r => r.Contains("STOPPING=1", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task Serve_CannotListen_ExitsNonZeroSoThatItsSupervisorRestartsIt()
    {
        Skip.If(OperatingSystem.IsWindows(), "signals");
        await SetUpGroupAsync();
        using var occupied = new TcpListener(System.Net.IPAddress.Loopback, 0);
        occupied.Start();
        var port = ((System.Net.IPEndPoint)occupied.LocalEndpoint).Port;
        using var service = ServiceHarness.Serve(State, port);
        Assert.True(await service.WaitAsync(Slow), "serve kept running on a port it cannot use");
        Assert.Equal(1, service.ExitCode);
    }

    [SkippableFact]
    public async Task Attendant_RestartsTheServiceAfterSigkillAndAfterSigstop()
    {
        Skip.If(OperatingSystem.IsWindows(), "signals");
        await SetUpGroupAsync();
        WriteContact("Ann");
        var port = ServiceHarness.FreePort();
        using var attendant = TandemProcess.Start(State, "attendant", "--listen", $"http://127.0.0.1:{port}", "--check-seconds", "0.5",
            "--hang-seconds", "3", "--start-grace-seconds", "120", "--logs", Path.Combine(_dir, "logs"));
        try
        {
            var first = await RunningServiceAsync(port, null, attendant);
            await UntilCountAsync("alice", 1, attendant);

            TandemProcess.Send(first, "KILL");
            var second = await RunningServiceAsync(port, first, attendant);
            WriteContact("Bob");
            await UntilCountAsync("alice", 2, attendant);

            TandemProcess.Send(second, "STOP");
            var third = await RunningServiceAsync(port, second, attendant);
            Assert.False(ServiceHarness.Alive(second), "the hung service was left behind");
            WriteContact("Cid");
            await UntilCountAsync("alice", 3, attendant);

            attendant.Signal("TERM");
            Assert.True(await attendant.WaitAsync(TimeSpan.FromSeconds(150)), "the attendant did not stop");
            Assert.False(ServiceHarness.Alive(third), "the attendant left its service running");
            var log = string.Join("\n", Directory.GetFiles(Path.Combine(_dir, "logs"), "attendant-*").Select(File.ReadAllText));
            Assert.Contains(" 3102 ", log, StringComparison.Ordinal); // exited (killed)
            Assert.Contains(" 3103 ", log, StringComparison.Ordinal); // hung
        }
        finally
        {
            if (await ServiceHarness.ServicePidAsync(State) is { } pid && ServiceHarness.Alive(pid)) TandemProcess.Send(pid, "KILL");
        }
    }

    /// <summary>Waits for a healthy service other than <paramref name="previous"/> and returns its pid.</summary>
    private async Task<int> RunningServiceAsync(int port, int? previous, TandemProcess attendant)
    {
        var pid = 0;
        await ServiceHarness.UntilAsync(async () =>
        {
            pid = await ServiceHarness.ServicePidAsync(State) ?? 0;
            return pid != 0 && pid != previous && ServiceHarness.Alive(pid) && await ServiceHarness.HealthyAsync(_http, port);
        }, Slow, () => $"no new healthy service (last pid {pid}, previous {previous}): {attendant.Output} {attendant.Error}");
        return pid;
    }
}
