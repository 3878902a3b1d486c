using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Tandem.Connectors.Graph;

/// <summary>
/// Requests that the folder sessions of one connector issue at about the same time travel as one $batch (at most 20): the
/// delta pages of many members' catch-up reads, the folder look-ups of a first cycle. A session joins while it works
/// through such requests (<see cref="Join"/>); the batch leaves as soon as every session that joined is waiting in it,
/// when it holds 20, or after a short window (a joined session busy elsewhere, e.g. in a retry pause). A request from a
/// session that has not joined leaves within milliseconds. Each request holds a slot of its mailbox's gate from queueing to answer (so
/// ≤ 4 per mailbox stay in flight, batched or not), and an inner 429 or 503 is queued again after its own Retry-After;
/// the $batch POST itself goes through the SDK's pipeline, whose retry handler honours a throttled batch.
/// </summary>
internal sealed class RequestCoalescer(GraphServiceClient client, MailboxGate gate, TimeProvider time)
{
    private const int MaxAttempts = 6;

    // Real time, not the injected clock: milliseconds to gather requests, which no logic (and no test clock) depends on.
    private static readonly TimeProvider Clock = TimeProvider.System;

    /// <summary>Once every joined session waits, how long more may still come (sessions started one after another in a loop).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(2);

    /// <summary>The longest a request waits for joined sessions that are busy elsewhere (reading the page before, a retry pause).</summary>
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(100);

    private readonly Lock _lock = new();
    private List<Pending> _queue = [];
    private int _participants;
    private long _firstQueued;
    private long _due = long.MaxValue;
    private ITimer? _timer;

    /// <summary>How many $batch POSTs carried more than one request (for tests of the mechanism).</summary>
    public int Coalesced => Volatile.Read(ref _coalesced);

    private int _coalesced;

    /// <summary>Counts the caller among the sessions whose requests are worth waiting for, until disposed.</summary>
    public IDisposable Join()
    {
        lock (_lock) _participants++;
        return new Membership(this);
    }

    /// <summary>
    /// Sends one request (made afresh by <paramref name="request"/> for each attempt) in the next $batch and gives back its
    /// own answer; 429 and 503 are retried after Retry-After up to <see cref="MaxAttempts"/> times, then returned as they are.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(string mailbox, Func<RequestInformation> request, CancellationToken cancellationToken)
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

    /// <summary>As <see cref="SendAsync(string, Func{RequestInformation}, CancellationToken)"/>, the answer read as <typeparamref name="T"/>; an error answer is thrown as Graph's <see cref="ODataError"/> with its status, as the SDK throws it.</summary>
    public async Task<T> SendAsync<T>(string mailbox, Func<RequestInformation> request, ParsableFactory<T> factory, CancellationToken cancellationToken)
        where T : IParsable
    {
        using var response = await SendAsync(mailbox, request, cancellationToken).ConfigureAwait(false);
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
        var due = _queue.Count >= _participants ? now + Ticks(Grace) : _firstQueued + Ticks(Window);
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

    private void Leave()
    {
        List<Pending>? ready;
        lock (_lock)
        {
            _participants--;
            ready = ScheduleLocked();
        }

        if (ready is not null) _ = SendBatchAsync(ready);
    }

    private async Task SendBatchAsync(List<Pending> batch)
    {
        try
        {
            if (batch.Count > 1) Interlocked.Increment(ref _coalesced);
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

    private sealed class Membership(RequestCoalescer owner) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0) owner.Leave();
        }
    }
}
