using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Serilog;
using Tandem.Core.Connectors;
using Tandem.Engine;
using Tandem.Service.Health;
using Tandem.Service.Logging;
using Tandem.Service.Notifications;
using Tandem.Service.Runtime;
using Tandem.Service.Systemd;
using Tandem.Service.Telemetry;
using Tandem.State;
using Tandem.Service.Cluster;
using Tandem.State.Cluster;

namespace Tandem.Service;

/// <summary>
/// <c>tandem serve</c>: a .NET Generic Host (ASP.NET Core for health, metrics and later the panel) running every group
/// in real time. Returns the process exit status: 0 after a clean stop, 1 after a fatal error.
/// </summary>
public static class ServiceHost
{
    public static async Task<int> RunAsync(ServiceSettings settings, IReadOnlyList<IConnectorFactory> factories, TimeProvider time, Func<string, string?> environment,
        CancellationToken cancellationToken, IServiceAddOn? addOn = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var log = DiagnosticLogging.Create(settings.LogDirectory, settings.LogRetentionDays);
        var exit = new ServiceExit();
        using var notify = SdNotify.FromEnvironment(environment);
        // PostgreSQL: several nodes share the groups by lease, and every group state write is fenced by the lease epoch
        var fence = StateStoreFactory.IsPostgres(settings.StatePath) ? new ClusterFence(settings.Node) : null;
        await using var store = await StateStoreFactory.OpenAsync(settings.StatePath, time, environment, cancellationToken, fence).ConfigureAwait(false);
        await using var pool = new ConnectorPool(factories);
        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Host.UseWindowsService(o => o.ServiceName = "Tandem");
            builder.Services.AddSerilog(log, dispose: false);
            builder.WebHost.UseUrls(settings.Listen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (settings.CertificatePath is { } certificatePath)
            {
                var certificate = ServiceCertificate.Load(certificatePath, settings.CertificatePassword);
                builder.WebHost.UseKestrelHttpsConfiguration();
                builder.WebHost.ConfigureKestrel(k => k.ConfigureHttpsDefaults(h => h.ServerCertificate = certificate));
            }
            builder.Services.Configure<HostOptions>(o =>
            {
                o.ShutdownTimeout = settings.StopGrace + TimeSpan.FromSeconds(5);
                o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
            });
            var board = new GroupBoard();
            builder.Services.AddSingleton(board);
            builder.Services.AddSingleton(exit);
            builder.Services.AddSingleton(time);
            builder.Services.AddSingleton<IStateStore>(store);
            builder.Services.AddSingleton(sp => new TandemMetrics(board));
            builder.Services.AddSingleton(sp =>
            {
                var registry = new ConnectorRegistry();
                registry.Add(pool);
                var loggers = sp.GetRequiredService<ILoggerFactory>();
                var engine = new SyncEngine(store, registry, time, loggers.CreateLogger<SyncEngine>());
                return new RunnerContext(engine, store, pool, time, settings, board, sp.GetRequiredService<TandemMetrics>(), loggers.CreateLogger("Tandem.Service"),
                    sp.GetService<LeaseKeeper>());
            });
            if (fence is not null && store is ILeaseStore leases)
            {
                // per-server and per-mailbox limits hold across the cluster: each live node keeps to its part of a server's, and a
                // mailbox that groups on several nodes use takes its slots in the database
                var share = new LimitShare { ClusterSlots = leases.TakeSlotAsync };
                foreach (var f in factories.OfType<Tandem.Connectors.Ews.EwsConnectorFactory>()) f.ShareLimits(share);
                builder.Services.AddSingleton(share);
                // registered before the supervisor: started first, stopped last (after the runners), then it gives its leases back
                builder.Services.AddSingleton(sp => new LeaseKeeper(leases, store, fence, ClusterSettings.For(settings.LeaseDuration), time,
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger("Tandem.Cluster"), share));
                builder.Services.AddHostedService(sp => sp.GetRequiredService<LeaseKeeper>());
            }
            builder.Services.AddSingleton<GroupSupervisor>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<GroupSupervisor>());
            var ews = factories.OfType<Tandem.Connectors.Ews.EwsConnectorFactory>().ToList();
            builder.Services.AddSingleton(sp => new Heartbeat(sp.GetRequiredService<RunnerContext>(), notify, SdNotify.WatchdogInterval(environment, Environment.ProcessId),
                () => ews.SelectMany(f => f.AllHealth).Select(h => new ConnectionState(h.Connection, h.FailingCode, h.FailingSince, h.Url?.ToString()))));
            builder.Services.AddHostedService(sp => sp.GetRequiredService<Heartbeat>());
            builder.Services.AddHostedService(sp => new HistoryPruner(store, new Tandem.Engine.History.ItemHistory(store, time), settings.HistoryRetentionDays, time,
                sp.GetRequiredService<ILoggerFactory>().CreateLogger("Tandem.Service"), fence is null ? null : store as ILeaseStore, settings.Node));
            builder.Services.AddHealthChecks()
                .AddCheck<LiveCheck>("live", tags: ["live"])
                .AddCheck<ReadyCheck>("ready", tags: ["ready"]);
            builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
            {
                // seconds, from a notification's tens of milliseconds to a large initial sync's minutes
                double[] seconds = [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10, 30, 60, 300, 1800];
                metrics.ConfigureResource(r => r.AddService("tandem"))
                    .AddMeter(ServiceInfo.MeterName)
                    .AddView("tandem.propagation.latency", new ExplicitBucketHistogramConfiguration { Boundaries = seconds })
                    .AddView("tandem.cycle.duration", new ExplicitBucketHistogramConfiguration { Boundaries = seconds })
                    .AddPrometheusExporter();
                if (settings.OtlpEndpoint is { } otlp) metrics.AddOtlpExporter(o => o.Endpoint = otlp);
            });

            addOn?.AddServices(builder, settings);

            await using var app = builder.Build();
            app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live") });
            app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") });
            app.MapPrometheusScrapingEndpoint("/metrics");
            app.MapGraphNotifications(factories);
            app.MapGet("/status", (GroupBoard b) => Results.Json(new { node = settings.Node, groups = b.All }));
            addOn?.Map(app);

            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Tandem.Service");
            lifetime.ApplicationStarted.Register(() =>
            {
                notify?.Send("READY=1\nSTATUS=syncing");
                ServiceLog.Started(logger, StateStoreFactory.Display(settings.StatePath), settings.Listen);
            });
            lifetime.ApplicationStopping.Register(() =>
            {
                notify?.Send("STOPPING=1");
                ServiceLog.Stopping(logger);
            });
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.Fatal(e, "Service failed to start: {Reason}", e.Message);
            exit.Fail(e.Message);
        }
        finally
        {
            await ((IAsyncDisposable)log).DisposeAsync().ConfigureAwait(false);
        }
        return exit.Code;
    }
}
