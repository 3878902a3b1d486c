namespace Tandem.Service.Runtime;

/// <summary>
/// Wakes a waiting loop early. Signals while nobody waits are kept until the next wait (one is enough: the loop
/// re-reads everything it needs when it wakes). Delays run on the injected clock, so tests can drive them.
/// </summary>
internal sealed class WakeSignal(TimeProvider time)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set()
    {
        lock (_lock) _signal.TrySetResult();
    }

    /// <summary>Waits until <see cref="Set"/> or until <paramref name="delay"/> has passed; never throws on cancellation.</summary>
    public async Task WaitAsync(TimeSpan delay, CancellationToken ct)
    {
        Task signalled;
        lock (_lock) signalled = _signal.Task;
        if (!signalled.IsCompleted && delay > TimeSpan.Zero)
        {
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var sleep = Task.Delay(delay, time, timer.Token);
            await Task.WhenAny(signalled, sleep).ConfigureAwait(false);
            await timer.CancelAsync().ConfigureAwait(false);
        }
        lock (_lock)
        {
            if (_signal.Task.IsCompleted) _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }
}
