using Microsoft.Extensions.Logging;
using Tandem.Service.Runtime;

namespace Tandem.Service.Attendant;

/// <summary>
/// <c>tandem attendant</c>: starts the service, restarts it when it exits or hangs (no healthy answer: a SIGSTOPped
/// or deadlocked service), with growing delays and the reason logged each time, and watches the Exchange connections
/// (<see cref="ConnectionWatch"/>). Under systemd the unit's own watchdog does the first part; the attendant is for
/// standalone and Windows installs, and for the connection watch everywhere.
/// </summary>
internal sealed class AttendantRunner(AttendantSettings settings, ConnectionWatch watch, TimeProvider time, ILogger logger)
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(3) };

    /// <summary>Services started so far (the first start included).</summary>
    public int Starts { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        var retry = new RetrySchedule(settings.FirstRestartDelay, settings.MaxRestartDelay);
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            using var service = ServiceProcess.Start(settings.ServiceProgram, settings.ServiceArguments);
            Starts++;
            AttendantLog.Started(logger, service.Id);
            var started = time.GetUtcNow();
            var lastHealthy = started;
            var everHealthy = false;
            string? reason = null;
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    try
                    {
                        await Task.Delay(settings.CheckInterval, time, ct).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        break;
                    }
                    if (service.HasExited)
                    {
                        reason = $"exited with status {service.ExitCode}";
                        break;
                    }
                    var now = time.GetUtcNow();
                    if (await HealthyAsync(ct).ConfigureAwait(false))
                    {
                        lastHealthy = now;
                        everHealthy = true;
                    }
                    else if (everHealthy ? now - lastHealthy > settings.HangAfter : now - started > settings.StartGrace)
                    {
                        // before its first healthy answer a service is starting (a slow machine, a large database), not hung
                        reason = everHealthy
                            ? $"no healthy answer from {settings.HealthUrl} for {(now - lastHealthy).TotalSeconds:0} s"
                            : $"not healthy {(now - started).TotalSeconds:0} s after its start";
                        break;
                    }
                    if (now - started > settings.StableAfter) failures = 0;
                    try
                    {
                        await watch.CheckAsync(ct).ConfigureAwait(false);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // the watch must never take the attendant down; it tries again at the next check
                        AttendantLog.DiscoveryFailed(logger, "*", e.Message.ReplaceLineEndings(" "), "every URL");
                    }
                }

            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // stopping: a health probe or a connection check was cut short; the service is stopped below
            }

            if (ct.IsCancellationRequested)
            {
                AttendantLog.Stopping(logger);
                await service.StopAsync(TimeSpan.FromSeconds(40)).ConfigureAwait(false);
                return;
            }
            failures++;
            var delay = retry.After(failures);
            if (service.HasExited) AttendantLog.Exited(logger, service.ExitCode ?? -1, delay.TotalSeconds);
            else
            {
                AttendantLog.Hung(logger, service.Id, reason ?? "unknown", delay.TotalSeconds);
                service.Kill();
            }
            try
            {
                await Task.Delay(delay, time, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> HealthyAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync(settings.HealthUrl, ct).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
