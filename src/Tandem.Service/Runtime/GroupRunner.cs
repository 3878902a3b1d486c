using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Tandem.Core.Groups;
using Tandem.Engine;

namespace Tandem.Service.Runtime;

/// <summary>
/// Runs one group for as long as its configuration stays the same: the initial cycle, then a cycle for every burst of
/// notifications (debounced), for every poll of members that cannot notify, for a failing member's retry (growing
/// delays) and for the daily safety reconcile (a full read of every member). Stopping lets the batch in flight
/// finish and be recorded, then starts nothing new.
/// </summary>
internal sealed class GroupRunner : IAsyncDisposable
{
    private readonly GroupDefinition _group;
    private readonly RunnerContext _c;
    private readonly Debounce _debounce;
    private readonly Lock _lock = new();
    private readonly WakeSignal _wake;
    private readonly LatencyWindow _latency = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly List<IAsyncDisposable> _subscriptions = [];
    private Task _loop = Task.CompletedTask;
    private bool _reconcileAsked;
    private bool _wakeAsked;
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly HashSet<string> _polled = new(StringComparer.Ordinal);
    private bool _readAll;
    private bool _leaseLost;

    public GroupRunner(GroupDefinition group, string fingerprint, RunnerContext context)
    {
        _group = group;
        _c = context;
        Fingerprint = fingerprint;
        _debounce = new Debounce(context.Settings.QuietWindow, context.Settings.DebounceCap);
        _wake = new WakeSignal(context.Time);
        context.Board.Update(group.Name, g => g with { State = "starting", Started = false });
    }

    public string Name => _group.Name;

    /// <summary>What the runner was started from; a different one means the group must be restarted.</summary>
    public string Fingerprint { get; }

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>The loop itself failed (a bug, not a sync failure: those are retried inside it).</summary>
    public bool IsFaulted => _loop.IsFaulted;

    public string? Failure => _loop.Exception?.GetBaseException().Message;

    /// <summary>
    /// A member changed (a notification, a file watcher): a cycle follows once the burst settles, reading only the members
    /// that notified (null: every member, e.g. after subscriptions were re-established and events may have been missed).
    /// </summary>
    public void Signal(string? member = null)
    {
        lock (_lock)
        {
            _debounce.Signal(_c.Time.GetUtcNow());
            if (member is null) _readAll = true;
            else _changed.Add(member);
        }
        _c.Metrics.Notification(Name);
        _wake.Set();
    }

    /// <summary>
    /// A decision changed the group's state (resumed, approved, rejected, retried, paused): a cycle follows at once, reading
    /// every member from its token. Not a change of an item, so not counted as a notification nor timed as a propagation.
    /// </summary>
    public void Wake()
    {
        lock (_lock)
        {
            _wakeAsked = true;
            _readAll = true;
        }
        _wake.Set();
    }

    /// <summary>Asks for a full re-read of every member at the next opportunity (the panel's and tests' "reconcile now").</summary>
    public void Reconcile()
    {
        lock (_lock) _reconcileAsked = true;
        _wake.Set();
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        var settings = _c.Settings;
        DateTimeOffset? retryAt = _c.Time.GetUtcNow();
        DateTimeOffset? pollAt = null;
        TimeSpan? pollEvery = null;
        var nextReconcile = _c.Time.GetUtcNow() + settings.ReconcileInterval;
        var failures = 0;
        var subscribed = false;
        var reason = "initial";
        while (!stop.IsCancellationRequested)
        {
            var now = _c.Time.GetUtcNow();
            DateTimeOffset? burst;
            bool asked;
            bool woken;
            lock (_lock)
            {
                burst = _debounce.Due;
                asked = _reconcileAsked;
                woken = _wakeAsked;
            }
            var due = Earliest(retryAt, burst, pollAt, asked || woken ? now : nextReconcile);
            if (due > now)
            {
                await WaitAsync(due - now, stop).ConfigureAwait(false);
                continue;
            }

            var full = asked || now >= nextReconcile;
            DateTimeOffset? seen;
            HashSet<string>? only;
            lock (_lock)
            {
                seen = _debounce.FirstSignal;
                _debounce.Reset();
                _reconcileAsked = false;
                _wakeAsked = false;
                var retrying = retryAt <= now;
                var polling = pollAt <= now;
                // notified members, plus the polled ones when their poll is due; everyone after a failure or a gap
                only = full || retrying || _readAll ? null : [.. _changed, .. polling ? _polled : []];
                _changed.Clear();
                _readAll = false;
            }
            if (reason != "initial") reason = full ? "reconcile" : seen is not null ? "notification" : woken ? "wake" : retryAt <= now ? "retry" : "poll";
            // a change is detected by its first notification, or by the poll that finds it (initial, retry and reconcile
            // cycles catch up rather than propagate, and a wake after a decision is no change: none of them is measured)
            var detected = reason switch { "notification" => seen, "poll" => now, _ => null };
            var ok = await CycleAsync(reason, full, detected, only).ConfigureAwait(false);
            if (_leaseLost) return;
            reason = "later";
            if (full) nextReconcile = _c.Time.GetUtcNow() + settings.ReconcileInterval;
            if (ok)
            {
                failures = 0;
                // writes held back while the lease was in doubt are still planned: try again once it is renewed
                retryAt = _c.Placement is { } p && p.Owns(Name) && !p.MayWrite(Name) ? _c.Time.GetUtcNow() + TimeSpan.FromSeconds(1) : null;
            }
            else
            {
                failures++;
                retryAt = _c.Time.GetUtcNow() + settings.Retry.After(failures);
            }

            if (!subscribed && !stop.IsCancellationRequested)
            {
                // after the first cycle: a receiving member's folder exists only once that cycle created it
                pollEvery = await SubscribeAsync(stop).ConfigureAwait(false);
                subscribed = true;
                Signal(); // what changed between the first read and the subscriptions is caught up at once
            }
            pollAt = pollEvery is { } every ? _c.Time.GetUtcNow() + every : null;
        }
    }

    /// <summary>One cycle; false when the cycle or a member failed (retried with growing delays).</summary>
    private async Task<bool> CycleAsync(string reason, bool full, DateTimeOffset? seen, IReadOnlySet<string>? only)
    {
        var started = Stopwatch.GetTimestamp();
        _c.Board.Update(Name, g => g with { State = "syncing" });
        var placement = _c.Placement;
        var options = SyncOptions.Default with { FullRead = full, Stopping = _stop.Token, OnlyMembers = only, MayWrite = placement is null ? null : () => placement.MayWrite(Name) };
        try
        {
            var report = await _c.Engine.SyncAsync(Name, options, _abort.Token).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var now = _c.Time.GetUtcNow();
            var failing = Failing(report, now, only);
            var state = report.Paused ? "paused" : failing.Count > 0 ? "failing" : "idle";
            if (seen is { } first && report.TotalWrites > 0)
            {
                _latency.Add(now - first);
                _c.Metrics.Latency(Name, (now - first).TotalSeconds);
            }
            _c.Board.Update(Name, g => g with
            {
                State = state, LastRun = now, LastWrites = report.TotalWrites, Started = true, Failing = failing, LastLatency = _latency.Last, LatencyP95 = _latency.P95,
                LastResult = report.Paused ? "paused: " + report.PauseReason : failing.Count > 0 ? $"{failing.Count} member(s) failing" : $"ok, {report.TotalWrites} written",
            });
            _c.Metrics.Cycle(Name, state, elapsed.TotalSeconds);
            _c.Metrics.Written(Name, report.TotalWrites);
            if (report.Paused && report.PauseReason is { } why) ServiceLog.Paused(_c.Logger, Name, why);
            if (report.TotalWrites > 0 || reason is "initial" or "reconcile")
                ServiceLog.CycleDone(_c.Logger, Name, reason, report.TotalWrites, (long)elapsed.TotalMilliseconds);
            foreach (var f in failing)
            {
                if (FolderRef.TryParse(f.Member, out var folder, out _)) _c.Pool.Forget(folder);
                _c.Metrics.Error(Name);
            }
            return failing.Count == 0;
        }
        catch (Tandem.State.Cluster.LeaseLostException e)
        {
            // another node owns the group now: nothing of this cycle's state was stored, and this runner ends
            Cluster.ClusterLog.WriteRefused(_c.Logger, Name, e.Message);
            _c.Board.Update(Name, g => g with { State = "moved", LastRun = _c.Time.GetUtcNow(), LastResult = "lease lost: " + OneLine(e.Message), Started = true });
            _leaseLost = true;
            _c.Placement?.Lost(Name);
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !_abort.IsCancellationRequested)
        {
            _c.Metrics.Error(Name);
            _c.Metrics.Cycle(Name, "failed", Stopwatch.GetElapsedTime(started).TotalSeconds);
            _c.Board.Update(Name, g => g with { State = "failing", LastRun = _c.Time.GetUtcNow(), LastResult = "cycle failed: " + OneLine(e.Message), Started = true });
            ServiceLog.CycleFailed(_c.Logger, Name, OneLine(e.Message));
            return false;
        }
        catch (OperationCanceledException)
        {
            // stopped after the grace period: the interrupted batch is found again by stamp on the next start
            return false;
        }
    }

    private List<FailingMember> Failing(CycleReport report, DateTimeOffset now, IReadOnlySet<string>? only)
    {
        var before = _c.Board.Get(Name).Failing.ToDictionary(f => f.Member, StringComparer.Ordinal);
        var failing = new List<FailingMember>();
        foreach (var member in report.Members)
        {
            // a cycle that read only the members that notified says nothing of one that failed before: it stays failing
            // until a cycle reads it (the retry cycle reads everyone)
            if (member.Error is null && only is not null && !only.Contains(member.Member) && before.TryGetValue(member.Member, out var still))
            {
                failing.Add(still);
                continue;
            }
            if (member.Error is null)
            {
                if (before.ContainsKey(member.Member)) ServiceLog.MemberRecovered(_c.Logger, Name, member.Member);
                continue;
            }
            var since = before.TryGetValue(member.Member, out var was) ? was.Since : now;
            var connection = FolderRef.TryParse(member.Member, out var folder, out _) ? folder.Connection : "";
            failing.Add(new FailingMember(member.Member, connection, OneLine(member.Error), since));
            ServiceLog.MemberFailing(_c.Logger, Name, member.Member, OneLine(member.Error));
        }
        return failing;
    }

    /// <summary>Subscribes every member's folder; returns the polling interval when some member cannot notify.</summary>
    private async Task<TimeSpan?> SubscribeAsync(CancellationToken ct)
    {
        var subscribed = 0;
        TimeSpan? poll = null;
        var polled = 0;
        var tokens = await TokensAsync(ct).ConfigureAwait(false);
        foreach (var member in _group.Members)
        {
            var interval = _c.Settings.DefaultPollInterval;
            try
            {
                var connection = await _c.Store.GetConnectionAsync(member.Folder.Connection, ct).ConfigureAwait(false)
                    ?? throw new Tandem.State.TandemConfigurationException($"unknown connection '{member.Folder.Connection}'");
                interval = ConnectionSettings.PollInterval(connection, interval);
                var secrets = await _c.Store.GetSecretsAsync(connection.Name, ct).ConfigureAwait(false);
                var connector = _c.Pool.Create(connection, secrets);
                // by the stored token: it carries the folder's id, so a folder renamed or moved on the server is subscribed
                // where it is now (its old path may be gone or name another folder)
                var session = await connector.OpenFolderAsync(member.Folder, _group.Kind, create: false, tokens.GetValueOrDefault(member.Folder.ToString()), ct).ConfigureAwait(false);
                var folder = member.Folder.ToString();
                var subscription = await session.SubscribeAsync(() => Signal(folder), ct).ConfigureAwait(false);
                if (subscription is not null)
                {
                    lock (_lock) _subscriptions.Add(subscription);
                    subscribed++;
                    continue;
                }
                ServiceLog.Polling(_c.Logger, Name, member.Folder.ToString(), "the store cannot notify");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ServiceLog.Polling(_c.Logger, Name, member.Folder.ToString(), OneLine(e.Message));
            }
            polled++;
            lock (_lock) _polled.Add(member.Folder.ToString());
            poll = poll is { } p && p < interval ? p : interval;
        }
        _c.Board.Update(Name, g => g with { Subscribed = subscribed, Polled = polled });
        ServiceLog.GroupStarted(_c.Logger, Name, subscribed, polled, (poll ?? TimeSpan.Zero).TotalSeconds);
        return poll;
    }

    /// <summary>Each member's stored change token by folder reference; none when the state cannot be read (then folders open by path).</summary>
    private async Task<Dictionary<string, string?>> TokensAsync(CancellationToken ct)
    {
        try
        {
            var head = await _c.Store.LoadGroupHeadAsync(Name, ct).ConfigureAwait(false);
            return head.Members.ToDictionary(m => m.Folder.ToString(), m => m.Token, StringComparer.Ordinal);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // the cycles report a state store that cannot be read; subscriptions need not fail for it too
            return new Dictionary<string, string?>(StringComparer.Ordinal);
        }
    }

    private Task WaitAsync(TimeSpan delay, CancellationToken stop) =>
        _wake.WaitAsync(delay > TimeSpan.FromDays(1) ? TimeSpan.FromDays(1) : delay, stop);

    private static DateTimeOffset Earliest(params DateTimeOffset?[] times) => times.Where(t => t is not null).Select(t => t!.Value).DefaultIfEmpty(DateTimeOffset.MaxValue).Min();

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    /// <summary>Stops: no new cycle; the batch in flight finishes within <see cref="ServiceSettings.StopGrace"/>, else it is cancelled.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _wake.Set();
        var finished = await Task.WhenAny(_loop, Task.Delay(_c.Settings.StopGrace, _c.Time)).ConfigureAwait(false);
        if (finished != _loop) await _abort.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // cancelled after the grace period
        }
        List<IAsyncDisposable> subscriptions;
        lock (_lock)
        {
            subscriptions = [.. _subscriptions];
            _subscriptions.Clear();
        }
        foreach (var s in subscriptions) await s.DisposeAsync().ConfigureAwait(false);
        _c.Board.Remove(Name);
        _stop.Dispose();
        _abort.Dispose();
    }
}
