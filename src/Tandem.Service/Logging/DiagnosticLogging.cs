using Serilog;
using Serilog.Events;
using Serilog.Templates;

namespace Tandem.Service.Logging;

/// <summary>
/// Structured logs to the console (the journal under systemd) and, when a folder is given, to rolling daily
/// "diagnostic files" kept for a number of days. Every line carries the event id, so alerts match on ids, not wording.
/// Tandem never passes a secret to a log call; connection errors carry URLs without credentials.
/// </summary>
public static class DiagnosticLogging
{
    private const string Template = "{@t:yyyy-MM-ddTHH:mm:ss.fffzzz} [{@l:u3}] {EventId.Id} {SourceContext}: {@m}\n{@x}";

    private static ExpressionTemplate Format() => new(Template, System.Globalization.CultureInfo.InvariantCulture);

    public static Serilog.ILogger Create(string? directory, int retentionDays, string fileName = "tandem")
    {
        var config = new LoggerConfiguration()
            .MinimumLevel.Information()
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            // "not ready" while an initial sync runs is a state, not an error; the service logs its own failures
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            .Enrich.FromLogContext();
        config = config.WriteTo.Console(Format(), standardErrorFromLevel: LogEventLevel.Error);
        if (directory is not null)
        {
            CreatePrivateDirectory(directory);
            config = config.WriteTo.File(Format(), Path.Combine(directory, fileName + "-.log"),
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: Math.Max(1, retentionDays), shared: true, flushToDiskInterval: TimeSpan.FromSeconds(1));
        }
        return config.CreateLogger();
    }

    /// <summary>Logs name mailboxes and folders: the folder is readable by the service's user only.</summary>
    private static void CreatePrivateDirectory(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }
        Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
