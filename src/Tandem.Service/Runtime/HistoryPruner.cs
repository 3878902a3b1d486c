using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tandem.Engine.History;

namespace Tandem.Service.Runtime;

/// <summary>
/// Keeps the item history within its retention: prunes at start and then once a day. A failure is logged and tried
/// again the next day; it never stops the service.
/// </summary>
internal sealed class HistoryPruner(ItemHistory history, int retentionDays, TimeProvider time, ILogger logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var removed = await history.PruneAsync(retentionDays, stoppingToken).ConfigureAwait(false);
                if (removed > 0) ServiceLog.HistoryPruned(logger, removed, retentionDays);
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
