using Microsoft.Extensions.Diagnostics.HealthChecks;
using Tandem.Service.Runtime;

namespace Tandem.Service.Health;

/// <summary>Live: the heartbeat loop wrote within three intervals (threads and the state database answer).</summary>
internal sealed class LiveCheck(Heartbeat heartbeat, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = heartbeat.LastBeat;
        if (last is null) return Task.FromResult(HealthCheckResult.Healthy("starting"));
        var age = time.GetUtcNow() - last.Value;
        return Task.FromResult(age <= heartbeat.Interval * 3
            ? HealthCheckResult.Healthy($"heartbeat {age.TotalSeconds:0.0} s ago")
            : HealthCheckResult.Unhealthy($"no heartbeat for {age.TotalSeconds:0} s"));
    }
}

/// <summary>Ready: the configuration was read and every group has run its first cycle.</summary>
internal sealed class ReadyCheck(GroupSupervisor supervisor, GroupBoard board) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!supervisor.Loaded) return Task.FromResult(HealthCheckResult.Unhealthy("configuration not read yet"));
        var waiting = board.All.Where(g => !g.Started).Select(g => g.Group).ToList();
        return Task.FromResult(waiting.Count == 0
            ? HealthCheckResult.Healthy($"{board.All.Count} groups running")
            : HealthCheckResult.Unhealthy($"initial sync running in {waiting.Count} group(s): " + string.Join(", ", waiting.Take(5)) + (waiting.Count > 5 ? ", …" : "")));
    }
}
