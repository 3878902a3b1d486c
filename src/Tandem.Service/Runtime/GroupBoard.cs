using System.Collections.Concurrent;

namespace Tandem.Service.Runtime;

/// <summary>A member that failed in a group's last cycle, and since when it has been failing.</summary>
public sealed record FailingMember(string Member, string Connection, string Error, DateTimeOffset Since);

/// <summary>What the service knows about one group right now (written by its runner, read by health, heartbeat and metrics).</summary>
public sealed record GroupRuntime
{
    public required string Group { get; init; }

    /// <summary>starting | syncing | idle | failing | paused.</summary>
    public string State { get; init; } = "starting";

    public DateTimeOffset? LastRun { get; init; }

    public string? LastResult { get; init; }

    public int LastWrites { get; init; }

    /// <summary>Propagation latency of the last cycle that wrote a detected change (see <see cref="LatencyWindow"/>).</summary>
    public TimeSpan? LastLatency { get; init; }

    /// <summary>95th percentile of the propagation latency over the group's recent writing cycles.</summary>
    public TimeSpan? LatencyP95 { get; init; }

    /// <summary>Members whose changes arrive by notification (server subscription or file watcher).</summary>
    public int Subscribed { get; init; }

    /// <summary>Members that are polled because their store cannot notify.</summary>
    public int Polled { get; init; }

    /// <summary>Whether the first cycle after start has run (readiness).</summary>
    public bool Started { get; init; }

    public IReadOnlyList<FailingMember> Failing { get; init; } = [];
}

/// <summary>Every group's <see cref="GroupRuntime"/>, by name.</summary>
public sealed class GroupBoard
{
    private readonly ConcurrentDictionary<string, GroupRuntime> _groups = new(StringComparer.Ordinal);

    public GroupRuntime Get(string group) => _groups.GetOrAdd(group, g => new GroupRuntime { Group = g });

    public void Update(string group, Func<GroupRuntime, GroupRuntime> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        _groups.AddOrUpdate(group, g => change(new GroupRuntime { Group = g }), (_, old) => change(old));
    }

    public void Remove(string group) => _groups.TryRemove(group, out _);

    public IReadOnlyList<GroupRuntime> All => _groups.Values.OrderBy(g => g.Group, StringComparer.Ordinal).ToList();
}
