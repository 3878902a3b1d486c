using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tandem.Connectors.Dav;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Dav.Tests.Servers;

/// <summary>
/// A real DAV server from Debian's packages, started once per test run on a free loopback port in a throwaway
/// directory. When the package is missing or the server does not come up, <see cref="SkipReason"/> says why and every
/// test using it is reported Skipped.
/// </summary>
public abstract class DavServer : IAsyncLifetime
{
    private readonly List<Process> _processes = [];

    protected DavServer(string name) => Directory = System.IO.Directory.CreateTempSubdirectory($"tandem-{name}-").FullName;

    public string Directory { get; }

    public int Port { get; private set; }

    public string? SkipReason { get; private set; }

    public abstract string User { get; }

    public virtual string? Password => null;

    /// <summary>The URL a user would give: the server root.</summary>
    public virtual Uri Url => new($"http://127.0.0.1:{Port}/");

    public ConnectionDefinition Connection(string name = "dav")
    {
        var settings = new Dictionary<string, string> { ["url"] = Url.ToString() };
        if (Password is not null) settings["user"] = User;
        return new ConnectionDefinition(name, DavConnectorFactory.Type, settings);
    }

    public IConnector Connector(string name = "dav") =>
        new DavConnectorFactory().Create(Connection(name), Password is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["password"] = Password });

    public FolderRef Folder(string path) => new("dav", User, path);

    /// <summary>A session on <paramref name="folder"/> through a connector of its own (a user's client), the collection made if needed.</summary>
    public async Task<(IConnector Connector, IFolderSession Session)> OpenAsync(FolderRef folder, Core.Items.ItemKind kind)
    {
        var connector = Connector();
        return (connector, await connector.OpenFolderAsync(folder, kind, create: true, CancellationToken.None));
    }

    /// <summary>The folder's whole content as a fresh client sees it.</summary>
    public async Task<IReadOnlyList<RemoteItem>> ContentAsync(FolderRef folder, Core.Items.ItemKind kind)
    {
        var (connector, session) = await OpenAsync(folder, kind);
        await using (connector)
        {
            var all = await session.ReadChangesAsync(null, CancellationToken.None);
            Assert.True(all.IsComplete);
            Assert.All(all.Upserts, u => Assert.Null(u.ParseError));
            return all.Upserts;
        }
    }

    public void SkipIfDown() => Skip.If(SkipReason is not null, SkipReason);

    public async Task InitializeAsync()
    {
        try
        {
            var missing = Missing();
            if (missing is not null)
            {
                SkipReason = $"{GetType().Name}: {missing} (scripts/test installs it)";
                return;
            }
            Port = FreePort();
            await StartAsync();
            await WaitUntilUpAsync();
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            SkipReason = $"{GetType().Name} did not start: {e.Message}";
        }
    }

    public Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // exited meanwhile
            }
            process.Dispose();
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // temp is cleaned eventually
        }
        return Task.CompletedTask;
    }

    /// <summary>Null when the server can run here, else what is missing.</summary>
    protected abstract string? Missing();

    protected abstract Task StartAsync();

    protected Process Start(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Directory };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        // drained so a chatty server never blocks on a full pipe
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Log) Log.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _processes.Add(process);
        return process;
    }

    protected List<string> Log { get; } = [];

    protected static async Task<int> RunAsync(string file, string? stdin, params string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(), process.StandardError.ReadToEndAsync());
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        await drain;
        return process.ExitCode;
    }

    private async Task WaitUntilUpAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_processes.Any(p => p.HasExited)) break;
            try
            {
                using var response = await http.GetAsync(Url);
                if ((int)response.StatusCode < 500) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            catch (TaskCanceledException)
            {
                // busy starting
            }
            await Task.Delay(200);
        }
        string tail;
        lock (Log) tail = string.Join(" | ", Log.TakeLast(5));
        throw new TimeoutException($"nothing answered on {Url} within a minute ({tail})");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
