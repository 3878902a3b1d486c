using Microsoft.Extensions.Logging;
using Serilog.Extensions.Logging;
using Tandem.Connectors.Ews;
using Tandem.Service.Logging;

namespace Tandem.Service.Attendant;

/// <summary>Entry point of <c>tandem attendant</c>: runs until cancelled (SIGTERM, Ctrl+C), then stops the service cleanly.</summary>
public static class AttendantHost
{
    public static async Task<int> RunAsync(AttendantSettings settings, TimeProvider time, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var serilog = DiagnosticLogging.Create(settings.LogDirectory, settings.LogRetentionDays, "attendant");
        using var factory = new SerilogLoggerFactory(serilog, dispose: true);
        var logger = factory.CreateLogger("Tandem.Attendant");
        await using var store = await StateStoreFactory.OpenAsync(settings.StatePath, time, Environment.GetEnvironmentVariable, ct).ConfigureAwait(false);
        var watch = new ConnectionWatch(store, new EwsConnectorFactory(factory, time), settings, time, logger);
        await new AttendantRunner(settings, watch, time, logger).RunAsync(ct).ConfigureAwait(false);
        return 0;
    }
}
