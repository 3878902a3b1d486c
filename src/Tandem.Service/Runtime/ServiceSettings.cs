namespace Tandem.Service.Runtime;

/// <summary>How <c>tandem serve</c> runs; every value has a default an administrator can keep.</summary>
public sealed record ServiceSettings
{
    /// <summary>The state database: an SQLite path, or a PostgreSQL URL / connection string (several nodes).</summary>
    public required string StatePath { get; init; }

    /// <summary>This node's name in heartbeats (default: the machine name).</summary>
    public string Node { get; init; } = Environment.MachineName;

    /// <summary>Where health, metrics (and later the panel) listen; loopback by default.</summary>
    public string Listen { get; init; } = "http://127.0.0.1:8787";

    /// <summary>
    /// A certificate for the https:// addresses of <see cref="Listen"/> (PKCS#12 .pfx/.p12, or PEM with its key in the same
    /// file); null serves plain HTTP (or lets Kestrel's own configuration provide one).
    /// </summary>
    public string? CertificatePath { get; init; }

    /// <summary>The password of <see cref="CertificatePath"/>, if it has one (from stdin or the environment, never the command line).</summary>
    public string? CertificatePassword { get; init; }

    /// <summary>Folder of the rolling diagnostic files; null logs to the console (journal) only.</summary>
    public string? LogDirectory { get; init; }

    /// <summary>Days of diagnostic files kept.</summary>
    public int LogRetentionDays { get; init; } = 14;

    /// <summary>Days of item history kept (<c>tandem history</c>); older entries are removed once a day.</summary>
    public int HistoryRetentionDays { get; init; } = Tandem.Engine.History.ItemHistory.DefaultRetentionDays;

    /// <summary>A burst of notifications runs once the folder has been quiet this long…</summary>
    public TimeSpan QuietWindow { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>…but no later than this after its first notification.</summary>
    public TimeSpan DebounceCap { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Full re-read of every member of a group, healing what a lost notification missed.</summary>
    public TimeSpan ReconcileInterval { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Polling interval of members whose store cannot notify, unless the connection sets <c>pollSeconds</c>.</summary>
    public TimeSpan DefaultPollInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How often groups, members and connections are re-read to pick up changes made through the CLI.</summary>
    public TimeSpan ConfigRefresh { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the heartbeat is written (and the systemd watchdog fed, at least twice per WatchdogSec).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Failing groups and members are retried with these growing delays.</summary>
    internal RetrySchedule Retry { get; init; } = RetrySchedule.Default;

    /// <summary>How long a stop waits for in-flight writes before it cancels them (what was written is recovered by stamp).</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>
    /// PostgreSQL state only: how long a group's lease runs without renewal. A dead node's groups move after about this long
    /// plus a third of it; a node paused longer has its late writes refused.
    /// </summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>OTLP endpoint for metrics export; null exports nothing (Prometheus at /metrics is always on).</summary>
    public Uri? OtlpEndpoint { get; init; }
}
