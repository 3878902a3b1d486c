using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Tandem.Service.Runtime;
using Tandem.State;

namespace Tandem.Panel.Diagnostics;

/// <summary>
/// The downloadable diagnostic bundle: configuration (connections' settings, groups), versions, recent log lines, the
/// state summary and the service's metrics, as one zip. Connection secrets are not included, and every secret value
/// (and anything that looks like one) is redacted from every file before it is written.
/// </summary>
public sealed class DiagnosticBundle(IStateStore store, PanelQueries queries, ServiceSettings settings, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public DateTimeOffset Now => time.GetUtcNow();

    public static string FileName(DateTimeOffset at) => "tandem-diagnostics-" + at.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture) + ".zip";

    public IReadOnlyList<LogLine> RecentLogs(LogFilter filter) => LogReader.Read(settings.LogDirectory, filter);

    public async Task<byte[]> CreateAsync(CancellationToken ct)
    {
        var connections = await store.ListConnectionsAsync(ct).ConfigureAwait(false);
        var secrets = new List<string>();
        foreach (var c in connections) secrets.AddRange((await store.GetSecretsAsync(c.Name, ct).ConfigureAwait(false)).Values);
        foreach (var c in connections) secrets.AddRange(c.Settings.Where(s => Redactor.SoundsSecret(s.Key)).Select(s => s.Value));
        var redactor = new Redactor(secrets);

        var configuration = new
        {
            connections = connections.Select(c => new
            {
                c.Name,
                c.Type,
                Settings = c.Settings.ToDictionary(s => s.Key, s => Redactor.SoundsSecret(s.Key) ? Redactor.Mask : s.Value),
            }),
            groups = (await store.ListGroupsAsync(ct).ConfigureAwait(false)).Select(g => new
            {
                g.Name,
                Kind = Core.Groups.GroupFields.KindText(g.Kind),
                Conflict = g.Conflict.ToString(),
                g.MassDeleteThreshold,
                Members = g.Members.Select(m => new { Folder = m.Folder.ToString(), Role = Core.Groups.MemberRoles.ToText(m.Role) }),
                Rules = g.RulesJson,
            }),
            service = new { settings.Node, settings.Listen, settings.LogDirectory, settings.LogRetentionDays, Reconcile = settings.ReconcileInterval.ToString() },
        };
        var overview = await queries.OverviewAsync(ct).ConfigureAwait(false);
        var heartbeats = await store.ReadHeartbeatsAsync(ct).ConfigureAwait(false);
        var logs = LogReader.Read(settings.LogDirectory, new LogFilter(Limit: 2000));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "configuration.json", JsonSerializer.Serialize(configuration, Json), redactor);
            Add(zip, "versions.txt", Versions(), redactor);
            Add(zip, "state-summary.json", JsonSerializer.Serialize(new { overview, heartbeats }, Json), redactor);
            Add(zip, "logs/recent.log", string.Join('\n', logs.Select(l => $"{l.At} [{l.Level}] {l.EventId} {l.Source}: {l.Message}")), redactor);
            Add(zip, "metrics.txt", await MetricsAsync(ct).ConfigureAwait(false), redactor);
        }
        return buffer.ToArray();
    }

    private void Add(ZipArchive zip, string name, string text, Redactor redactor)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = time.GetUtcNow();
        using var stream = entry.Open();
        var bytes = Encoding.UTF8.GetBytes(redactor.Clean(text));
        stream.Write(bytes);
    }

    private static string Versions()
    {
        var tandem = typeof(DiagnosticBundle).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return string.Join('\n',
            "tandem " + tandem,
            ".NET " + Environment.Version,
            "OS " + System.Runtime.InteropServices.RuntimeInformation.OSDescription,
            "architecture " + System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture);
    }

    /// <summary>The service's own Prometheus text, read from its first listen address; a failure is noted, not fatal.</summary>
    private async Task<string> MetricsAsync(CancellationToken ct)
    {
        var first = settings.Listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null || !Uri.TryCreate(first.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal), UriKind.Absolute, out var baseUri))
            return "metrics: no listen address";
        try
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            return await client.GetStringAsync(new Uri(baseUri, "/metrics"), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return "metrics: not read (" + e.Message + ")";
        }
    }
}
