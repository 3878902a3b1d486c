using System.CommandLine;
using Tandem.Service.Attendant;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem attendant</c>: starts <c>tandem serve</c> and keeps it alive (restart on exit or hang, with growing delays),
/// and moves Exchange connections set up by Autodiscover to a working server when theirs fails.
/// </summary>
internal sealed class AttendantCommand : ICliCommand
{
    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var listen = new Option<string>("--listen") { Description = "where the service it starts listens (its health is checked there)", DefaultValueFactory = _ => "http://127.0.0.1:8787" };
        var logs = new Option<string?>("--logs") { Description = "folder for rolling diagnostic files of the attendant and the service" };
        var check = new Option<double>("--check-seconds") { Description = "seconds between checks of the service and the connections", DefaultValueFactory = _ => 5 };
        var hang = new Option<double>("--hang-seconds") { Description = "no healthy answer for this long means the service hangs", DefaultValueFactory = _ => 20 };
        var grace = new Option<double>("--start-grace-seconds") { Description = "a started service not healthy within this long is restarted", DefaultValueFactory = _ => 120 };
        var rediscover = new Option<double>("--rediscover-minutes") { Description = "on a connection error, Autodiscover again only if the cached result is this old (Microsoft: 60)", DefaultValueFactory = _ => 60 };
        var serveArgs = new Option<string[]>("--serve-arg") { Description = "extra argument passed to 'tandem serve' (repeatable)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("attendant", "keep the service running and fail Exchange connections over to a working server") { listen, logs, check, hang, grace, rediscover, serveArgs };
        command.SetAction(async (parse, ct) =>
        {
            var path = context.StatePath(parse);
            if (!CliContext.StateExists(path)) throw new CliUsageException($"no state database at {path}; run 'tandem init' first (or pass --state PATH)");
            var url = parse.GetValue(listen)!.Split(';')[0].Trim().Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal);
            var logDir = parse.GetValue(logs) is { Length: > 0 } dir ? Path.GetFullPath(dir) : null;
            var (program, prefix) = Self();
            List<string> arguments = [.. prefix, "serve", "--state", path, "--listen", parse.GetValue(listen)!];
            if (logDir is not null) arguments.AddRange(["--logs", logDir]);
            arguments.AddRange(parse.GetValue(serveArgs) ?? []);
            var settings = new AttendantSettings
            {
                StatePath = path,
                ServiceProgram = program,
                ServiceArguments = arguments,
                HealthUrl = new Uri(new Uri(url.TrimEnd('/') + "/"), "health/live"),
                CheckInterval = TimeSpan.FromSeconds(Positive(parse.GetValue(check), "--check-seconds")),
                HangAfter = TimeSpan.FromSeconds(Positive(parse.GetValue(hang), "--hang-seconds")),
                StartGrace = TimeSpan.FromSeconds(Positive(parse.GetValue(grace), "--start-grace-seconds")),
                RediscoverAfter = TimeSpan.FromMinutes(Math.Max(0, parse.GetValue(rediscover))),
                LogDirectory = logDir,
            };
            return await AttendantHost.RunAsync(settings, context.Time, ct);
        });
        return command;
    }

    /// <summary>How to start this same tandem: the single-file executable, or <c>dotnet tandem.dll</c>.</summary>
    private static (string Program, string[] Prefix) Self()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell which program is running");
        var name = Path.GetFileNameWithoutExtension(process);
        return string.Equals(name, "dotnet", StringComparison.OrdinalIgnoreCase)
            ? (process, [Path.Combine(AppContext.BaseDirectory, typeof(AttendantCommand).Assembly.GetName().Name + ".dll")])
            : (process, []);
    }

    private static double Positive(double value, string option) =>
        value > 0 ? value : throw new CliUsageException($"{option} must be greater than zero");
}
