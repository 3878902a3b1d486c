using System.Diagnostics.Metrics;
using Tandem.Service.Runtime;

namespace Tandem.Service.Telemetry;

/// <summary>
/// The service's metrics on the "Tandem" meter (exported at /metrics for Prometheus and, when configured, over OTLP).
/// Propagation latency runs from a change detected (the first notification of a burst, or the poll that found it) to the
/// end of the cycle that wrote its last member.
/// </summary>
internal sealed class TandemMetrics : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _cycles;
    private readonly Counter<long> _written;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _notifications;
    private readonly Histogram<double> _latency;
    private readonly Histogram<double> _duration;

    public TandemMetrics(GroupBoard board)
    {
        _meter = new Meter(ServiceInfo.MeterName);
        _cycles = _meter.CreateCounter<long>("tandem.cycles", description: "sync cycles run, by group and result");
        _written = _meter.CreateCounter<long>("tandem.items.written", description: "creates, updates and deletions written to members");
        _errors = _meter.CreateCounter<long>("tandem.errors", description: "member failures and failed cycles");
        _notifications = _meter.CreateCounter<long>("tandem.notifications", description: "change notifications received");
        _latency = _meter.CreateHistogram<double>("tandem.propagation.latency", unit: "s", description: "from a change seen to the last member written");
        _duration = _meter.CreateHistogram<double>("tandem.cycle.duration", unit: "s", description: "wall time of a cycle");
        _meter.CreateObservableGauge("tandem.subscriptions.open", () => (long)board.All.Sum(g => g.Subscribed), description: "members receiving notifications");
        _meter.CreateObservableGauge("tandem.members.polled", () => (long)board.All.Sum(g => g.Polled), description: "members polled (no notifications)");
        _meter.CreateObservableGauge("tandem.groups.failing", () => (long)board.All.Count(g => g.State == "failing"), description: "groups with a failing member");
    }

    public void Cycle(string group, string result, double seconds)
    {
        _cycles.Add(1, new KeyValuePair<string, object?>("group", group), new KeyValuePair<string, object?>("result", result));
        _duration.Record(seconds, new KeyValuePair<string, object?>("group", group));
    }

    public void Written(string group, int count)
    {
        if (count > 0) _written.Add(count, new KeyValuePair<string, object?>("group", group));
    }

    public void Error(string group, int count = 1) => _errors.Add(count, new KeyValuePair<string, object?>("group", group));

    public void Notification(string group) => _notifications.Add(1, new KeyValuePair<string, object?>("group", group));

    public void Latency(string group, double seconds) => _latency.Record(seconds, new KeyValuePair<string, object?>("group", group));

    public void Dispose() => _meter.Dispose();
}
