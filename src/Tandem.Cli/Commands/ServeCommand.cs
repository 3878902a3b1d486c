using System.CommandLine;
using Tandem.Service;
using Tandem.Service.Runtime;

namespace Tandem.Cli.Commands;

/// <summary>
/// <c>tandem serve</c>: the Synchronization Service. Runs every group in real time until stopped (SIGTERM, Ctrl+C, a
/// service stop); exits 0 after a clean stop and 1 after a fatal error, so systemd and Windows restart it.
/// </summary>
internal sealed class ServeCommand : ICliCommand
{
    public string? Parent => null;

    public Command Build(CliContext context)
    {
        var listen = new Option<string>("--listen") { Description = "where the administration panel, /api, health (/health/live, /health/ready), /metrics and /status listen", DefaultValueFactory = _ => "http://127.0.0.1:8787" };
        var logs = new Option<string?>("--logs") { Description = "folder for rolling diagnostic files (default: console / journal only)" };
        var retention = new Option<int>("--log-retention-days") { Description = "days of diagnostic files kept", DefaultValueFactory = _ => 14 };
        var history = new Option<int>("--history-days") { Description = "days of item history kept (tandem history); older entries are removed daily", DefaultValueFactory = _ => Tandem.Engine.History.ItemHistory.DefaultRetentionDays };
        var node = new Option<string?>("--node") { Description = "this node's name in heartbeats (default: the machine name)" };
        var reconcile = new Option<double>("--reconcile-hours") { Description = "hours between full re-reads of each group (safety reconcile)", DefaultValueFactory = _ => 24 };
        var poll = new Option<double>("--poll-seconds") { Description = "polling interval for folders that cannot notify, unless the connection sets its own", DefaultValueFactory = _ => 60 };
        var quiet = new Option<int>("--quiet-ms") { Description = "a burst of changes runs once quiet this long (ms)", DefaultValueFactory = _ => 150 };
        var lease = new Option<double>("--lease-seconds") { Description = "PostgreSQL state (several nodes): how long a group's lease runs without renewal; a dead node's groups move after about 4/3 of it", DefaultValueFactory = _ => 15 };
        var certificate = new Option<string?>("--certificate") { Description = "serve the https:// --listen addresses with this certificate (.pfx/.p12, or .pem with its key); its password from the first line of stdin with --certificate-password-stdin, else $TANDEM_CERTIFICATE_PASSWORD" };
        var certificateStdin = new Option<bool>("--certificate-password-stdin") { Description = "read the --certificate password from the first line of stdin" };
        var otlp = new Option<string?>("--otlp") { Description = "OTLP endpoint to export metrics to (e.g. http://127.0.0.1:4317)" };
        var command = new Command("serve", "run the Synchronization Service: every group in real time, health and metrics over HTTP")
        {
            listen, logs, retention, history, node, reconcile, poll, quiet, lease, certificate, certificateStdin, otlp,
        };
        command.SetAction(async (parse, ct) =>
        {
            var path = context.StatePath(parse);
            if (!CliContext.StateExists(path)) throw new CliUsageException($"no state database at {path}; run 'tandem init' first (or pass --state PATH)");
            var certificatePath = parse.GetValue(certificate) is { Length: > 0 } c ? Path.GetFullPath(c) : null;
            if (certificatePath is null && parse.GetValue(certificateStdin)) throw new CliUsageException("--certificate-password-stdin goes with --certificate");
            if (certificatePath is not null && !parse.GetValue(listen)!.Contains("https://", StringComparison.OrdinalIgnoreCase))
                throw new CliUsageException("--certificate needs an https:// address in --listen, e.g. --listen https://0.0.0.0:8443");
            var certificatePassword = certificatePath is null ? null
                : parse.GetValue(certificateStdin) ? context.In.ReadLine() : context.Environment("TANDEM_CERTIFICATE_PASSWORD");
            var settings = new ServiceSettings
            {
                CertificatePath = certificatePath,
                CertificatePassword = string.IsNullOrEmpty(certificatePassword) ? null : certificatePassword,
                StatePath = path,
                Listen = parse.GetValue(listen)!,
                LogDirectory = parse.GetValue(logs) is { Length: > 0 } dir ? Path.GetFullPath(dir) : null,
                LogRetentionDays = Positive(parse.GetValue(retention), "--log-retention-days"),
                HistoryRetentionDays = Positive(parse.GetValue(history), "--history-days"),
                Node = parse.GetValue(node) is { Length: > 0 } n ? n : Environment.MachineName,
                ReconcileInterval = TimeSpan.FromHours(Positive(parse.GetValue(reconcile), "--reconcile-hours")),
                DefaultPollInterval = TimeSpan.FromSeconds(Positive(parse.GetValue(poll), "--poll-seconds")),
                QuietWindow = TimeSpan.FromMilliseconds(Positive(parse.GetValue(quiet), "--quiet-ms")),
                LeaseDuration = TimeSpan.FromSeconds(Positive(parse.GetValue(lease), "--lease-seconds")),
                OtlpEndpoint = parse.GetValue(otlp) is { Length: > 0 } o ? new Uri(o) : null,
            };
            return await ServiceHost.RunAsync(settings, [.. context.ConnectorFactories], context.Time, Environment.GetEnvironmentVariable, ct, new Tandem.Panel.PanelAddOn());
        });
        return command;
    }

    private static T Positive<T>(T value, string option) where T : System.Numerics.INumber<T> =>
        value > T.Zero ? value : throw new CliUsageException($"{option} must be greater than zero");
}
