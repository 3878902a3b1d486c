using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Tandem.Service.Runtime;
using Tandem.Service.Systemd;
using Tandem.State;

namespace Tandem.Service.Health;

/// <summary>A connection's health as its connector sees it (EWS: the last transport or server error, cleared by any good answer).</summary>
public sealed record ConnectionState(string Connection, string? Failing, DateTimeOffset? Since, string? Url);

/// <summary>
/// Proves the service alive, every <see cref="ServiceSettings.HeartbeatInterval"/>: writes the heartbeat row (with every
/// group's state) into the state database, and only after that succeeded feeds the systemd watchdog. A service whose
/// database or threads are stuck therefore stops feeding it and is restarted; the attendant reads the same row.
/// </summary>
internal sealed class Heartbeat(RunnerContext context, SdNotify? notify, TimeSpan? watchdog, Func<IEnumerable<ConnectionState>> connections) : BackgroundService
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly DateTimeOffset _started = context.Time.GetUtcNow();
    private long _lastBeatTicks;

    /// <summary>When the last heartbeat was written (null: none yet).</summary>
    public DateTimeOffset? LastBeat => Interlocked.Read(ref _lastBeatTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public TimeSpan Interval => watchdog is { } w && w < context.Settings.HeartbeatInterval ? w : context.Settings.HeartbeatInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = context.Time.GetUtcNow();
                var status = JsonSerializer.Serialize(new { groups = context.Board.All, connections = connections().ToList() }, Json);
                await context.Store.WriteHeartbeatAsync(new ServiceHeartbeat(context.Settings.Node, Environment.ProcessId, now, _started, status), stoppingToken).ConfigureAwait(false);
                Interlocked.Exchange(ref _lastBeatTicks, now.UtcTicks);
                if (watchdog is not null) notify?.Send("WATCHDOG=1");
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or TandemConfigurationException or Microsoft.Data.Sqlite.SqliteException or Npgsql.NpgsqlException)
            {
                ServiceLog.HeartbeatFailed(context.Logger, e.Message);
            }
            try
            {
                await Task.Delay(Interval, context.Time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
