using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tandem.Core.Connectors;
using Tandem.State;
using Tandem.State.Cluster;

namespace Tandem.Service.Cluster;

/// <summary>
/// A node of a PostgreSQL cluster: every <see cref="ClusterSettings.Round"/> it beats, renews its leases (database clock),
/// drops the ones it lost, hands over the ones the leader asked back (after their runner stopped), and claims free or
/// expired leases up to its fair share. The node that holds the advisory lock is the leader and asks leases back from busy
/// nodes (<see cref="Rebalance"/>), through its leader session only, and not in a round that was held up past two thirds of
/// a lease (paused: another node may lead by now). The epochs it holds go into the store's <see cref="ClusterFence"/>, which refuses every
/// group state write not made under a live lease.
/// </summary>
internal sealed class LeaseKeeper(ILeaseStore leases, IConfigurationStore configuration, ClusterFence fence, ClusterSettings settings, TimeProvider time, ILogger logger,
    LimitShare? share = null)
    : GroupPlacement(time), IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, long> _owned = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _handing = new(StringComparer.Ordinal);
    private DateTimeOffset _started = DateTimeOffset.UnixEpoch;
    private readonly CancellationTokenSource _stop = new();
    private ILeadership? _leadership;
    private Task _loop = Task.CompletedTask;
    private long _lastRenewed = Stopwatch.GetTimestamp();
    private int _rounds;

    public string Node => fence.Node;

    public override bool Owns(string group) => _owned.ContainsKey(group) && !_handing.ContainsKey(group);

    public bool IsLeader => _leadership is not null;

    /// <summary>
    /// Only while the last renewal (measured from before it was sent, on the monotonic clock, which runs on while the process
    /// is stopped) is younger than two thirds of the lease: past that, another node may be about to take the group over.
    /// </summary>
    public override bool MayWrite(string group) =>
        Owns(group) && Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastRenewed)) < settings.LeaseDuration * 2 / 3;

    public override void Lost(string group)
    {
        if (_owned.TryRemove(group, out var epoch))
        {
            fence.Drop(group);
            ClusterLog.LeaseLost(logger, group, epoch, "a write was refused by the fence");
            Changed.Set();
        }
    }

    public override async Task StoppedAsync(string group, CancellationToken ct)
    {
        if (!_handing.TryRemove(group, out _)) return;
        _owned.TryRemove(group, out _);
        fence.Drop(group);
        await leases.ReleaseAsync(Node, group, ct).ConfigureAwait(false);
        ClusterLog.Released(logger, group);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await RoundAsync(ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ClusterLog.RoundFailed(logger, e.Message);
                // the database is out of reach: once the leases have surely run out, stop running their groups
                if (Stopwatch.GetElapsedTime(Interlocked.Read(ref _lastRenewed)) >= settings.LeaseDuration) DropAll("leases not renewed in time");
                if (_leadership is { } held)
                {
                    _leadership = null;
                    await DisposeQuietlyAsync(held).ConfigureAwait(false);
                    ClusterLog.NoLongerLeading(logger, e.Message);
                }
            }
            try
            {
                await Task.Delay(settings.Round, Time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RoundAsync(CancellationToken ct)
    {
        var round = Stopwatch.GetTimestamp();
        await leases.BeatAsync(Node, _started == DateTimeOffset.UnixEpoch ? (_started = Time.GetUtcNow()) : _started, ct).ConfigureAwait(false);
        var renewed = await leases.RenewAsync(Node, settings.LeaseDuration, ct).ConfigureAwait(false);
        var changed = false;
        Interlocked.Exchange(ref _lastRenewed, round);
        var still = renewed.ToDictionary(l => l.Name, StringComparer.Ordinal);
        foreach (var (group, epoch) in _owned)
        {
            if (still.TryGetValue(group, out var lease) && lease.Epoch == epoch) continue;
            _owned.TryRemove(group, out _);
            _handing.TryRemove(group, out _);
            fence.Drop(group);
            ClusterLog.LeaseLost(logger, group, epoch, "not renewed: it expired and may belong to another node now");
            changed = true;
        }
        foreach (var lease in renewed)
        {
            if (!_owned.ContainsKey(lease.Name))
            {
                // renewed but not known here (held before a restart under the same node name, or dropped above): give it back
                await leases.ReleaseAsync(Node, lease.Name, ct).ConfigureAwait(false);
                continue;
            }
            if (lease.ReleaseAsked && _handing.TryAdd(lease.Name, true))
            {
                ClusterLog.HandingOver(logger, lease.Name);
                changed = true;
            }
        }

        var definitions = await configuration.ListGroupsAsync(ct).ConfigureAwait(false);
        var groups = definitions.Select(g => g.Name).ToList();
        var nodes = await leases.ListNodesAsync(ct).ConfigureAwait(false);
        var live = nodes.Where(n => n.SinceBeat < settings.LeaseDuration).Select(n => n.Node).ToList();
        if (share is not null) share.Nodes = Math.Max(1, live.Count);
        // the first round only announces the node: nodes started together then see each other before anyone claims
        var want = _rounds++ == 0 ? 0 : Rebalance.FairShare(groups.Count, live.Count) - _owned.Count;
        // a silent node may be stopped inside a write transaction, keeping its lease rows locked: its sessions are ended so
        // its groups can be claimed now rather than when it wakes (its late commit would be refused by the fence anyway)
        if (nodes.Any(n => n.SinceBeat >= settings.LeaseDuration) && await leases.EndSessionsOfSilentNodesAsync(settings.LeaseDuration, ct).ConfigureAwait(false) is var ended and > 0)
            ClusterLog.SilentSessionsEnded(logger, ended);
        if (want > 0 && groups.Count > 0)
        {
            foreach (var lease in await leases.ClaimAsync(Node, groups, want, settings.LeaseDuration, ct).ConfigureAwait(false))
            {
                fence.Hold(lease.Name, lease.Epoch);
                _owned[lease.Name] = lease.Epoch;
                ClusterLog.LeaseTaken(logger, lease.Name, lease.Epoch);
                changed = true;
            }
        }
        else if (groups.Count > 0)
        {
            await leases.ClaimAsync(Node, groups, 0, settings.LeaseDuration, ct).ConfigureAwait(false);
        }
        if (changed) Changed.Set();

        var all = await leases.ListLeasesAsync(ct).ConfigureAwait(false);
        share?.ShareMailboxes(SharedMailboxes.Of(definitions, all));

        if (_leadership is null && await leases.TryLeadAsync(ct).ConfigureAwait(false) is { } won)
        {
            _leadership = won;
            ClusterLog.Leading(logger);
        }
        if (_leadership is not { } leadership) return;
        // a round that took too long (the process was paused) may have lost its leadership meanwhile: the next round finds out
        if (Stopwatch.GetElapsedTime(round) >= settings.LeaseDuration * 2 / 3) return;
        try
        {
            await leadership.ConfirmAsync(ct).ConfigureAwait(false);
            foreach (var ask in Rebalance.Plan(all, live, settings))
            {
                await leadership.AskReleaseAsync(ask.Name, ask.Owner!, ct).ConfigureAwait(false);
                ClusterLog.AskedBack(logger, ask.Name, ask.Owner!);
            }
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException or IOException)
        {
            // its session was ended (it was silent past its lease) or broke: another node may lead now
            _leadership = null;
            await DisposeQuietlyAsync(leadership).ConfigureAwait(false);
            ClusterLog.NoLongerLeading(logger, e.Message);
        }
    }

    private void DropAll(string reason)
    {
        foreach (var (group, epoch) in _owned)
        {
            _owned.TryRemove(group, out _);
            _handing.TryRemove(group, out _);
            fence.Drop(group);
            ClusterLog.LeaseLost(logger, group, epoch, reason);
        }
        Changed.Set();
    }

    /// <summary>Stops after the supervisor (its runners have stopped): every lease is given back, so other nodes take the groups at once.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        await ReleaseAllAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task ReleaseAllAsync(CancellationToken ct)
    {
        foreach (var group in _owned.Keys)
        {
            try
            {
                await leases.ReleaseAsync(Node, group, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                ClusterLog.RoundFailed(logger, e.Message);
                return; // they run out on their own
            }
        }
        _owned.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_leadership is { } held) await DisposeQuietlyAsync(held).ConfigureAwait(false);
        _leadership = null;
        _stop.Dispose();
    }

    private static async Task DisposeQuietlyAsync(IAsyncDisposable disposable)
    {
        try
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or TimeoutException)
        {
            // the session is gone with the lock
        }
    }
}
