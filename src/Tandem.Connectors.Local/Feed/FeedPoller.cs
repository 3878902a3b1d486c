namespace Tandem.Connectors.Local.Feed;

/// <summary>Asks the feed at the poll interval (conditionally) and signals a change only when its body changed.</summary>
internal sealed class FeedPoller : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public FeedPoller(FeedClient client, TimeSpan poll, TimeProvider time, Action onChange) =>
        _loop = RunAsync(client, poll, time, onChange, _stop.Token);

    private static async Task RunAsync(FeedClient client, TimeSpan poll, TimeProvider time, Action onChange, CancellationToken stop)
    {
        string? etag = null, lastModified = null;
        var first = true;
        using var timer = new PeriodicTimer(poll, time);
        try
        {
            do
            {
                try
                {
                    var response = await client.GetAsync(etag, lastModified, stop).ConfigureAwait(false);
                    if (!response.NotModified)
                    {
                        (etag, lastModified) = (response.ETag, response.LastModified);
                        if (!first) onChange();
                    }
                    first = false;
                }
                catch (HttpRequestException)
                {
                    // an unreachable feed is retried at the next tick; the sync's own read reports the failure
                }
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}
