using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tandem.Engine.History;

namespace Tandem.Service.Runtime;

/// <summary>
/// Keeps the item history within its retention (<see cref="HistoryRetention"/>: the value set in the panel, API or CLI,
/// read again before every prune; else <c>--history-days</c>): prunes at start and then once a day. A failure is logged and tried
/// again the next day; it never stops the service. With several nodes (a lease store) only one of them prunes
/// each day: the first to take the day's slot in the cluster's job table.
/// </summary>
internal sealed class HistoryPruner(Tandem.State.IStateStore store, ItemHistory history, int retentionDays, TimeProvider time, ILogger logger,
    Tandem.State.Cluster.ILeaseStore? cluster = null, string node = "") : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // a little under a day: the node that pruned yesterday may be a few seconds late today
                var mine = cluster is null || await cluster.TryRunJobAsync("history-prune", node, Interval - TimeSpan.FromMinutes(10), stoppingToken).ConfigureAwait(false);
                var days = await HistoryRetention.DaysAsync(store, retentionDays, stoppingToken).ConfigureAwait(false);
                var removed = mine ? await history.PruneAsync(days, stoppingToken).ConfigureAwait(false) : 0;
                if (removed > 0) ServiceLog.HistoryPruned(logger, removed, days);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ServiceLog.HistoryPruneFailed(logger, e.Message);
            }
            try
            {
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
