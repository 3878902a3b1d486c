namespace Tandem.Connectors.Ews.Notifications;

/// <summary>Timing of streaming notifications (tests shorten it; the per-account connection limit is a connection setting).</summary>
internal sealed record StreamingOptions
{
    /// <summary>GetStreamingEvents ConnectionTimeout in minutes (Exchange allows 1..30).</summary>
    public int ConnectionMinutes { get; init; } = 29;

    /// <summary>How long before ConnectionTimeout the client re-issues the request itself, so no stream is cut mid-event.</summary>
    public TimeSpan ReissueMargin { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>No byte for this long (heartbeats included) means the connection is dead (the Managed API allows 2 × 45 s).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(150);

    public TimeSpan MinReconnectDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxReconnectDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Pause before re-issuing a stream whose subscriptions changed (batches a burst of new folders).</summary>
    public TimeSpan RestartPause { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Subscription ids per GetStreamingEvents request (Exchange's limit: 200).</summary>
    public int MaxSubscriptionsPerConnection { get; init; } = 200;
}
