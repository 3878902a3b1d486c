using System.Globalization;
using Tandem.Testing.Net;
using Tandem.Testing.Processes;

namespace Tandem.Testing.Servers;

/// <summary>
/// One real PostgreSQL server per test run (Debian's <c>postgresql</c> package), started on first use: a throwaway data
/// directory, loopback only, a free port, trust authentication for the user <c>tandem</c>, durability off (a test server
/// need not survive a power cut). PostgreSQL refuses to run as root, so under root (CI) it runs as the <c>postgres</c>
/// user through runuser. Stopped and removed when the test process exits. Each test class asks for its own database.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Instance = new(StartAsync);
    private int _databases;

    private PostgresServer(string bin, string directory, int port, string? skipReason)
    {
        Bin = bin;
        Directory = directory;
        Port = port;
        SkipReason = skipReason;
    }

    public const string User = "tandem";

    public string Bin { get; }

    public string Directory { get; }

    public int Port { get; }

    /// <summary>Why the server could not be started (binaries missing…); tests skip with this reason.</summary>
    public string? SkipReason { get; }

    public static Task<PostgresServer> SharedAsync() => Instance.Value;

    /// <summary>A new empty database, its URL as <c>--state</c> takes it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        if (SkipReason is not null) throw new InvalidOperationException(SkipReason);
        var name = $"{prefix.ToLowerInvariant()}_{Interlocked.Increment(ref _databases)}_{Environment.ProcessId}";
        var result = await ExternalCommand.RunAsync(Path.Combine(Bin, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, name], TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0) throw new InvalidOperationException("createdb failed: " + result);
        return Url(name);
    }

    public string Url(string database) => $"postgres://{User}@127.0.0.1:{Port}/{database}";

    /// <summary>Runs SQL with psql against <paramref name="database"/>; the unaligned, tuples-only output.</summary>
    public async Task<string> QueryAsync(string database, string sql)
    {
        var result = await ExternalCommand.RunAsync(Path.Combine(Bin, "psql"),
            ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql], TimeSpan.FromSeconds(30));
        if (result.ExitCode != 0) throw new InvalidOperationException("psql failed: " + result);
        return result.Stdout.Trim();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBin();
        if (bin is null) return new PostgresServer("", "", 0, "PostgreSQL server binaries not found (install the Debian package 'postgresql')");
        var root = Environment.UserName == "root" || (OperatingSystem.IsLinux() && File.ReadAllText("/proc/self/status").Contains("\nUid:\t0\t", StringComparison.Ordinal));
        if (root && ExternalCommand.Find("runuser") is null) return new PostgresServer(bin, "", 0, "running as root without runuser: PostgreSQL cannot be started");
        var directory = Path.Combine(Path.GetTempPath(), "tandem-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(directory, "data");
        System.IO.Directory.CreateDirectory(directory);
        if (root)
        {
            var chown = await ExternalCommand.RunAsync("chown", ["postgres:postgres", directory], TimeSpan.FromSeconds(10));
            if (chown.ExitCode != 0) return new PostgresServer(bin, directory, 0, "no 'postgres' user to run PostgreSQL as: " + chown.Stderr.Trim());
        }
        var init = await AsServerUserAsync(root, Path.Combine(bin, "initdb"), ["-D", data, "-U", User, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], TimeSpan.FromSeconds(120));
        if (init.ExitCode != 0) return new PostgresServer(bin, directory, 0, "initdb failed: " + init.Stderr.Trim());
        var port = LoopbackPort.Free();
        var options = $"-p {port} -k {directory} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB";
        var start = await AsServerUserAsync(root, Path.Combine(bin, "pg_ctl"), ["-D", data, "-o", options, "-l", Path.Combine(directory, "server.log"), "-w", "-t", "60", "start"], TimeSpan.FromSeconds(90));
        if (start.ExitCode != 0) return new PostgresServer(bin, directory, 0, "PostgreSQL did not start: " + start.Stderr.Trim() + " " + start.Stdout.Trim());
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                AsServerUserAsync(root, Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"], TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();
                System.IO.Directory.Delete(directory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or TimeoutException or InvalidOperationException)
            {
                // best effort: the directory is in the temp folder
            }
        };
        return new PostgresServer(bin, directory, port, null);
    }

    private static Task<CommandResult> AsServerUserAsync(bool root, string program, IEnumerable<string> args, TimeSpan timeout) =>
        root ? ExternalCommand.RunAsync("runuser", ["-u", "postgres", "--", program, .. args], timeout) : ExternalCommand.RunAsync(program, args, timeout);

    private static string? FindBin()
    {
        if (System.IO.Directory.Exists("/usr/lib/postgresql"))
        {
            var newest = System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null) return newest;
        }
        return ExternalCommand.Find("initdb") is { } initdb ? Path.GetDirectoryName(Path.GetFullPath(initdb)) : null;
    }
}
