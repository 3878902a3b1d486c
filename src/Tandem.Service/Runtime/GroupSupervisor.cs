using Microsoft.Extensions.Hosting;
using Tandem.Core.Groups;

namespace Tandem.Service.Runtime;

/// <summary>
/// Keeps one <see cref="GroupRunner"/> per group: re-reads groups, members and connections every few seconds and
/// starts, restarts (changed) or stops (removed) runners, so a change made with the CLI needs no service restart.
/// An unexpected failure here is fatal: the process exits with status 1 so that its supervisor restarts it.
/// </summary>
internal sealed class GroupSupervisor(RunnerContext context, ServiceExit exit, IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly Dictionary<string, GroupRunner> _runners = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

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
                catch (Exception e) when (e is Tandem.State.TandemConfigurationException or IOException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
                {
                    // a locked or briefly unreadable database: the runners keep what they have
                    ServiceLog.ConfigFailed(context.Logger, e.Message);
                    if (++failures >= 60) throw;
                }
                await Task.Delay(context.Settings.ConfigRefresh, context.Time, stoppingToken).ConfigureAwait(false);
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

        var wanted = groups.ToDictionary(g => g.Name, g => (Group: g, Fingerprint: GroupFingerprint.Of(g, Used(g, connections))), StringComparer.Ordinal);
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
            else ServiceLog.GroupRemoved(context.Logger, runner.Name);
            await runner.DisposeAsync().ConfigureAwait(false);
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
