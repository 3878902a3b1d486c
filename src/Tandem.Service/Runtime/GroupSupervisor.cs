using Microsoft.Extensions.Hosting;
using Tandem.Core.Groups;
using Tandem.Service.Cluster;

namespace Tandem.Service.Runtime;

/// <summary>
/// Keeps one <see cref="GroupRunner"/> per group: re-reads groups, members and connections every few seconds and
/// starts, restarts (changed) or stops (removed) runners, so a change made with the CLI needs no service restart.
/// An unexpected failure here is fatal: the process exits with status 1 so that its supervisor restarts it.
/// With several nodes on PostgreSQL it runs only the groups this node holds a lease on (<see cref="GroupPlacement"/>).
/// A pause, resume, approval or rejection made elsewhere (the CLI, another node's panel) changes only the state, which a
/// runner does not watch: each refresh compares every group's pause with the last one seen and wakes the group's runner
/// when it changed, so such a decision acts within <see cref="ServiceSettings.ConfigRefresh"/>.
/// </summary>
internal sealed class GroupSupervisor(RunnerContext context, ServiceExit exit, IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly Dictionary<string, GroupRunner> _runners = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _pauses = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    private GroupPlacement Placement { get; } = context.Placement ?? new GroupPlacement(context.Time);

    /// <summary>Whether the configuration has been read once (readiness).</summary>
    public bool Loaded { get; private set; }

    public GroupRunner? Runner(string group)
    {
        lock (_lock) return _runners.GetValueOrDefault(group);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var failures = 0;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await RefreshAsync(stoppingToken).ConfigureAwait(false);
                    failures = 0;
                }
                catch (Exception e) when (e is Tandem.State.TandemConfigurationException or IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
                {
                    // a locked or briefly unreadable database: the runners keep what they have
                    ServiceLog.ConfigFailed(context.Logger, e.Message);
                    if (++failures >= 60) throw;
                }
                await Placement.Changed.WaitAsync(context.Settings.ConfigRefresh, stoppingToken).ConfigureAwait(false);
                stoppingToken.ThrowIfCancellationRequested();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
        catch (Exception e)
        {
            ServiceLog.Fatal(context.Logger, e.Message, e);
            exit.Fail(e.Message);
            lifetime.StopApplication();
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        var groups = await context.Store.ListGroupsAsync(ct).ConfigureAwait(false);
        var connections = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var connection in await context.Store.ListConnectionsAsync(ct).ConfigureAwait(false))
            connections[connection.Name] = ConnectorPool.Fingerprint(connection, await context.Store.GetSecretsAsync(connection.Name, ct).ConfigureAwait(false));

        var wanted = groups.Where(g => Placement.Owns(g.Name)).ToDictionary(g => g.Name, g => (Group: g, Fingerprint: GroupFingerprint.Of(g, Used(g, connections))), StringComparer.Ordinal);
        List<GroupRunner> stale;
        lock (_lock)
        {
            foreach (var runner in _runners.Values.Where(r => r.IsFaulted))
                throw new InvalidOperationException($"the runner of group '{runner.Name}' failed: {runner.Failure}");
            stale = _runners.Values.Where(r => !wanted.TryGetValue(r.Name, out var w) || w.Fingerprint != r.Fingerprint).ToList();
            foreach (var runner in stale) _runners.Remove(runner.Name);
        }
        foreach (var runner in stale)
        {
            if (wanted.ContainsKey(runner.Name)) ServiceLog.GroupChanged(context.Logger, runner.Name);
            else if (groups.Any(g => g.Name == runner.Name)) ServiceLog.GroupMoved(context.Logger, runner.Name);
            else ServiceLog.GroupRemoved(context.Logger, runner.Name);
            await runner.DisposeAsync().ConfigureAwait(false);
            await Placement.StoppedAsync(runner.Name, ct).ConfigureAwait(false);
        }
        lock (_lock)
        {
            foreach (var (name, (group, fingerprint)) in wanted)
            {
                if (_runners.ContainsKey(name)) continue;
                var runner = new GroupRunner(group, fingerprint, context);
                _runners[name] = runner;
                runner.Start();
            }
        }
        Loaded = true;
        await WakeOnPauseChangesAsync(wanted.Keys, ct).ConfigureAwait(false);
    }

    private async Task WakeOnPauseChangesAsync(IEnumerable<string> groups, CancellationToken ct)
    {
        var running = groups.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _pauses.Keys.Where(g => !running.Contains(g)).ToList()) _pauses.Remove(gone);
        foreach (var group in running)
        {
            var pause = (await context.Store.LoadGroupHeadAsync(group, ct).ConfigureAwait(false)).Pause;
            var seen = pause is null ? "" : string.Join('|', pause.Kind, pause.Since.UtcTicks, pause.Reason, pause.PendingDeletions.Count);
            var known = _pauses.TryGetValue(group, out var before);
            _pauses[group] = seen;
            if (!known || before == seen) continue;
            ServiceLog.PauseChanged(context.Logger, group, pause is null ? "resumed" : "paused");
            Runner(group)?.Wake();
        }
    }

    private static IEnumerable<string> Used(GroupDefinition group, Dictionary<string, string> connections) =>
        group.Members.Select(m => m.Folder.Connection).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(c => c + "=" + connections.GetValueOrDefault(c, "missing"));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        List<GroupRunner> all;
        lock (_lock)
        {
            all = [.. _runners.Values];
            _runners.Clear();
        }
        await Task.WhenAll(all.Select(r => r.DisposeAsync().AsTask())).ConfigureAwait(false);
    }
}
