using Microsoft.Extensions.Logging;

namespace Tandem.Service.Attendant;

internal static partial class AttendantLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Attendant: service started (pid {Pid})")]
    public static partial void Started(ILogger logger, int pid);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Attendant: service exited with status {Code}; restarting in {DelaySeconds} s")]
    public static partial void Exited(ILogger logger, int code, double delaySeconds);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Attendant: service (pid {Pid}) hangs: {Reason}; killing it, restarting in {DelaySeconds} s")]
    public static partial void Hung(ILogger logger, int pid, string reason, double delaySeconds);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Information, Message = "Attendant: connection {Connection}: Autodiscover again ({Reason})")]
    public static partial void Rediscovering(ILogger logger, string connection, string reason);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Attendant: connection {Connection} switched from {From} to {To}; the service reconnects from its sync states")]
    public static partial void Switched(ILogger logger, string connection, string from, string to);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Information, Message = "Attendant: connection {Connection}: Autodiscover confirms {Url}")]
    public static partial void Confirmed(ILogger logger, string connection, string url);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "Attendant: connection {Connection}: Autodiscover failed ({Error}); keeping {Url}")]
    public static partial void DiscoveryFailed(ILogger logger, string connection, string error, string url);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Information, Message = "Attendant: stopping the service")]
    public static partial void Stopping(ILogger logger);
}
