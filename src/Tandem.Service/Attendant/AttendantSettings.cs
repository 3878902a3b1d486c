namespace Tandem.Service.Attendant;

/// <summary>How <c>tandem attendant</c> watches the service and its Exchange connections.</summary>
public sealed record AttendantSettings
{
    public required string StatePath { get; init; }

    /// <summary>The program and arguments that start the service (<c>tandem serve …</c>).</summary>
    public required string ServiceProgram { get; init; }

    public required IReadOnlyList<string> ServiceArguments { get; init; }

    /// <summary>The service's live-health URL (…/health/live).</summary>
    public required Uri HealthUrl { get; init; }

    public TimeSpan CheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>No healthy answer for this long (after start-up) means the service hangs: it is killed and restarted.</summary>
    public TimeSpan HangAfter { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A started service that has not answered healthy within this long is restarted (after its first healthy answer, <see cref="HangAfter"/> applies).</summary>
    public TimeSpan StartGrace { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>Restart delays after each consecutive failure; reset once the service ran <see cref="StableAfter"/>.</summary>
    public TimeSpan FirstRestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan StableAfter { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Microsoft's rule: on a connection error, Autodiscover again only when the cached result is older than an hour…</summary>
    public TimeSpan RediscoverAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>…and in any case once it is a week old.</summary>
    public TimeSpan CacheFor { get; init; } = TimeSpan.FromDays(7);

    public string? LogDirectory { get; init; }

    public int LogRetentionDays { get; init; } = 14;
}
