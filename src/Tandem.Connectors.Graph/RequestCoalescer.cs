using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Tandem.Connectors.Graph;

/// <summary>
/// Requests that the folder sessions of one connector issue at about the same time travel as one $batch (at most 20): the
/// delta pages of many members' reads, such as the catch-up that reads every member a fan-out wrote to. A session joins
/// while it pages through a round (<see cref="Join"/>); the batch leaves when it holds 20, a moment after every joined
/// session is waiting (in the queue, at its mailbox's gate or in a retry pause), or at the end of a window while some
/// are still busy with their page before. A request from a caller that has not joined (a folder look-up) leaves within
/// milliseconds, with whatever else is queued. Each request holds a slot of its mailbox's gate from queueing to answer
/// (≤ 4 in flight per mailbox, batched or not); an inner 429 or 503 is queued again after its own Retry-After; the $batch
/// POST itself goes through the SDK's pipeline, whose retry handler honours a throttled batch.
/// </summary>
internal sealed class RequestCoalescer(GraphServiceClient client, MailboxGate gate, TimeProvider time)
{
    /// <summary>As often as the SDK's pipeline retries a request of its own (10 retries): Exchange Online throttles in bursts.</summary>
    private const int MaxAttempts = 11;

    // Real time, not the injected clock: milliseconds to gather requests, which no logic (and no test clock) depends on.
    private static readonly TimeProvider Clock = TimeProvider.System;

    /// <summary>
    /// Once every joined session waits, how long more may still come: sessions started one after another in a loop (a
    /// busy machine can pause that loop for milliseconds); small beside a round trip to Graph.
    /// </summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(10);

    /// <summary>
    /// The longest a request waits for joined sessions still busy with the page before. Such a session only parses and
    /// maps its page, then asks again or leaves, so this is a bound for the unforeseen rather than a pace: reading a
    /// thousand contacts on a loaded machine can take most of a second. A joined session at its mailbox's gate or in a
    /// retry pause counts as waiting.
    /// </summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    private readonly Lock _lock = new();
    private List<Pending> _queue = [];
    private int _participants;
    private int _waiting;
    private long _firstQueued;
    private long _due = long.MaxValue;
    private ITimer? _timer;

    /// <summary>Counts the caller among the sessions whose requests are worth waiting for, until disposed; it sends through the participant.</summary>
    public Participant Join()
    {
        lock (_lock) _participants++;
        return new Participant(this);
    }

    /// <summary>
    /// Sends one request (made afresh by <paramref name="request"/> for each attempt) in the next $batch and gives back its
    /// own answer; 429 and 503 are retried after Retry-After up to <see cref="MaxAttempts"/> times, then returned as they are.
    /// A joined caller (<paramref name="joined"/>) counts as waiting from here to its answer, the gate and retry pauses included.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(bool joined, string mailbox, Func<RequestInformation> request, CancellationToken cancellationToken)
    {
        if (joined) Waiting(+1);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var response = await gate.RunAsync(mailbox, () => EnqueueAsync(request(), cancellationToken), cancellationToken).ConfigureAwait(false);
                if ((int)response.StatusCode is not (429 or 503) || attempt >= MaxAttempts) return response;
                var wait = Sessions.BatchWriter.RetryAfter(response, attempt);
                response.Dispose();
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            if (joined) Waiting(-1);
        }
    }

    /// <summary>One request from a caller that has not joined: it leaves with whatever else is queued, within milliseconds.</summary>
    public Task<T> SendAsync<T>(string mailbox, Func<RequestInformation> request, ParsableFactory<T> factory, CancellationToken cancellationToken)
        where T : IParsable =>
        SendAsync(false, mailbox, request, factory, cancellationToken);

    /// <summary>
    /// As <see cref="SendAsync(bool, string, Func{RequestInformation}, CancellationToken)"/>, the answer read as
    /// <typeparamref name="T"/>; an error answer is thrown as Graph's <see cref="ODataError"/> with its status, as the SDK throws it.
    /// </summary>
    private async Task<T> SendAsync<T>(bool joined, string mailbox, Func<RequestInformation> request, ParsableFactory<T> factory, CancellationToken cancellationToken)
        where T : IParsable
    {
        using var response = await SendAsync(joined, mailbox, request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return await KiotaJsonSerializer.DeserializeAsync(body, factory, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("Graph answered with no body");
        }

        var error = (string.IsNullOrWhiteSpace(body) ? null : await KiotaJsonSerializer.DeserializeAsync(body, ODataError.CreateFromDiscriminatorValue, cancellationToken).ConfigureAwait(false))
            ?? new ODataError();
        error.ResponseStatusCode = (int)response.StatusCode;
        throw error;
    }

    private Task<HttpResponseMessage> EnqueueAsync(RequestInformation request, CancellationToken cancellationToken)
    {
        var pending = new Pending(request, new TaskCompletionSource<HttpResponseMessage>(TaskCreationOptions.RunContinuationsAsynchronously));
        List<Pending>? ready;
        lock (_lock)
        {
            if (_queue.Count == 0) _firstQueued = Clock.GetTimestamp();
            _queue.Add(pending);
            ready = ScheduleLocked();
        }

        if (ready is not null) _ = SendBatchAsync(ready);
        return pending.Answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Under the lock: the queue if it leaves now (20 in it); otherwise the timer set for when it leaves — shortly once every
    /// joined session is waiting in it, at the end of the window otherwise.
    /// </summary>
    private List<Pending>? ScheduleLocked()
    {
        if (_queue.Count == 0) return null;
        if (_queue.Count >= Sessions.BatchWriter.MaxBatch) return TakeAll();
        var now = Clock.GetTimestamp();
        var due = _waiting >= _participants ? now + Ticks(Grace) : _firstQueued + Ticks(Window);
        if (due < _due)
        {
            _due = due;
            var wait = due > now ? Clock.GetElapsedTime(now, due) : TimeSpan.Zero;
            if (_timer is null) _timer = Clock.CreateTimer(_ => FlushNow(), null, wait, Timeout.InfiniteTimeSpan);
            else _timer.Change(wait, Timeout.InfiniteTimeSpan);
        }

        return null;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Clock.TimestampFrequency);

    private List<Pending> TakeAll()
    {
        _timer?.Dispose();
        _timer = null;
        _due = long.MaxValue;
        var taken = _queue;
        _queue = [];
        return taken;
    }

    private void FlushNow()
    {
        List<Pending>? ready;
        lock (_lock) ready = _queue.Count > 0 ? TakeAll() : null;
        if (ready is not null) _ = SendBatchAsync(ready);
    }

    private void Leave() => Update(ref _participants, -1);

    private void Waiting(int change) => Update(ref _waiting, change);

    private void Update(ref int count, int change)
    {
        List<Pending>? ready;
        lock (_lock)
        {
            count += change;
            ready = ScheduleLocked();
        }

        if (ready is not null) _ = SendBatchAsync(ready);
    }

    private async Task SendBatchAsync(List<Pending> batch)
    {
        try
        {
            // at most 20 steps: one $batch
            var content = new BatchRequestContentCollection(client);
            var steps = new List<string>(batch.Count);
            foreach (var pending in batch)
            {
                steps.Add(await content.AddBatchRequestStepAsync(pending.Request).ConfigureAwait(false));
            }

            // Not any one caller's token: the batch carries the others' requests too (each caller stops waiting on its own).
            var response = await client.Batch.PostAsync(content, CancellationToken.None).ConfigureAwait(false);
            for (var i = 0; i < batch.Count; i++)
            {
                var answer = await response.GetResponseByIdAsync(steps[i]).ConfigureAwait(false);
                if (answer is null) batch[i].Answer.TrySetException(new InvalidOperationException("the $batch response has no answer for this request"));
                else batch[i].Answer.TrySetResult(answer);
            }
        }
        catch (Exception e)
        {
            foreach (var pending in batch) pending.Answer.TrySetException(e);
        }
    }

    private sealed record Pending(RequestInformation Request, TaskCompletionSource<HttpResponseMessage> Answer);

    /// <summary>A session joined while it pages through a delta round: its requests wait for the other joined sessions' ones.</summary>
    internal sealed class Participant(RequestCoalescer owner) : IDisposable
    {
        private int _left;

        public Task<T> SendAsync<T>(string mailbox, Func<RequestInformation> request, ParsableFactory<T> factory, CancellationToken cancellationToken)
            where T : IParsable =>
            owner.SendAsync(true, mailbox, request, factory, cancellationToken);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) owner.Leave();
        }
    }
}
