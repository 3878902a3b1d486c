namespace Tandem.Lab;

/// <summary>How to run the lab: where it listens, what it is seeded with, where it persists, and hooks for tests.</summary>
public sealed record LabOptions
{
    /// <summary>Listen URL(s), semicolon-separated; port 0 picks a free port (see <see cref="LabServer.BaseUrl"/>).</summary>
    public string Urls { get; init; } = "http://127.0.0.1:5080";

    /// <summary>"demo" (users, public folders with realistic content) or "empty" (users and default folders only).</summary>
    public string Seed { get; init; } = "demo";

    /// <summary>Directory for the SQLite file that keeps the lab's state across restarts; null keeps it in memory.</summary>
    public string? DataDirectory { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Called with every request/response body (for schema validation in tests). Must be thread-safe.</summary>
    public Action<LabExchange>? OnExchange { get; init; }

    /// <summary>Where the lab logs (startup, one line per EWS request, refusals); null logs nothing.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>How often an idle GetStreamingEvents connection gets a heartbeat envelope.</summary>
    public TimeSpan StreamingHeartbeat { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// EWS front ends over the one mailbox store, each on its own port (the first URL's port + i, or a free port when it
    /// is 0); see <see cref="LabServer.FrontEndUrls"/> and the TakeDown / BringUp / MailboxMoveInProgress faults.
    /// </summary>
    public int FrontEnds { get; init; } = 1;

    /// <summary>Open GetStreamingEvents connections per budget (account, or target mailbox under impersonation); more get ErrorExceededConnectionCount.</summary>
    public int HangingConnectionLimit { get; init; } = 10;

    /// <summary>Subscriptions per target mailbox (EWSMaxSubscriptions: 20 on Exchange Online); more get ErrorExceededSubscriptionCount.</summary>
    public int MaxSubscriptionsPerMailbox { get; init; } = 20;
}
