using System.Diagnostics;
using System.Net.Sockets;
using Tandem.Testing.Net;

namespace Tandem.Lab.Tests;

/// <summary>
/// Debian's DavMail (a Java EWS gateway, an independent EWS client) in EWS mode pointed at a demo lab, serving CalDAV
/// and CardDAV on a loopback port; started once for the tests that use it, in a throwaway directory. When davmail is
/// missing or does not come up, <see cref="SkipReason"/> says why and the tests are reported Skipped.
/// </summary>
public sealed class DavMailGateway : IAsyncLifetime
{
    private const string Launcher = "/usr/bin/davmail";
    private readonly string _directory = Directory.CreateTempSubdirectory("tandem-davmail-").FullName;
    private Process? _process;

    internal LabHarness? Lab { get; private set; }

    public string? SkipReason { get; private set; }

    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public string LogPath => Path.Combine(_directory, "davmail.log");

    public async Task InitializeAsync()
    {
        if (!File.Exists(Launcher))
        {
            SkipReason = "davmail is not installed (scripts/test installs the Debian package)";
            return;
        }

        Lab = await LabHarness.StartAsync();
        var port = LoopbackPort.Free();
        Url = new Uri($"http://127.0.0.1:{port}/");
        var properties = Path.Combine(_directory, "davmail.properties");
        await File.WriteAllTextAsync(properties, $"""
            davmail.server=true
            davmail.mode=EWS
            davmail.url={Lab.Ews}
            davmail.caldavPort={port}
            davmail.imapPort=
            davmail.smtpPort=
            davmail.popPort=
            davmail.ldapPort=
            davmail.allowRemote=false
            davmail.bindAddress=127.0.0.1
            davmail.disableUpdateCheck=true
            davmail.enableKeepAlive=false
            davmail.caldavPastDelay=0
            davmail.logFilePath={LogPath}
            log4j.rootLogger=WARN
            log4j.logger.davmail=DEBUG
            log4j.logger.httpclient.wire=WARN
            log4j.logger.org.apache.http=WARN
            """);
        var info = new ProcessStartInfo(Launcher) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _directory };
        info.ArgumentList.Add(properties);
        info.Environment["JAVA_TOOL_OPTIONS"] = "-Djava.awt.headless=true -Xmx256m";
        _process = Process.Start(info);
        if (_process is null)
        {
            SkipReason = "davmail did not start";
            return;
        }

        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (_process.HasExited)
            {
                SkipReason = $"davmail exited with {_process.ExitCode} before listening: {Log()}";
                return;
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(250);
            }
        }

        SkipReason = "davmail did not listen within 90 s: " + Log();
    }

    public string Log() => File.Exists(LogPath) ? string.Join('\n', File.ReadLines(LogPath).TakeLast(40)) : "(no log)";

    public async Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process?.Dispose();
        if (Lab is not null)
        {
            await Lab.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // temp is cleaned eventually
        }
    }
}
