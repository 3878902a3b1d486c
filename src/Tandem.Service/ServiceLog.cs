using Microsoft.Extensions.Logging;

namespace Tandem.Service;

/// <summary>The service's log events; ids are stable (3000–3099 service, 3100–3199 attendant) so that alerts can match them.</summary>
internal static partial class ServiceLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Service started: state {State}, listening on {Listen}")]
    public static partial void Started(ILogger logger, string state, string listen);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Service stopping: finishing the batches in flight")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Critical, Message = "Service failed and exits with status 1: {Reason}")]
    public static partial void Fatal(ILogger logger, string reason, Exception exception);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Group {Group}: started ({Subscribed} members notify, {Polled} polled every {PollSeconds} s)")]
    public static partial void GroupStarted(ILogger logger, string group, int subscribed, int polled, double pollSeconds);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Group {Group}: configuration changed, restarting it")]
    public static partial void GroupChanged(ILogger logger, string group);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Information, Message = "Group {Group}: removed, stopped")]
    public static partial void GroupRemoved(ILogger logger, string group);

    [LoggerMessage(EventId = 3019, Level = LogLevel.Information, Message = "Group {Group}: now runs on another node, stopped here")]
    public static partial void GroupMoved(ILogger logger, string group);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Information, Message = "Group {Group}: cycle ({Reason}) wrote {Writes} in {Milliseconds} ms")]
    public static partial void CycleDone(ILogger logger, string group, string reason, int writes, long milliseconds);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Warning, Message = "Group {Group}: member {Member} failing: {Error}; retried with growing delays (5 s up to 5 min)")]
    public static partial void MemberFailing(ILogger logger, string group, string member, string error);

    [LoggerMessage(EventId = 3015, Level = LogLevel.Error, Message = "Group {Group}: cycle failed: {Error}; retried with growing delays (5 s up to 5 min)")]
    public static partial void CycleFailed(ILogger logger, string group, string error);

    [LoggerMessage(EventId = 3016, Level = LogLevel.Information, Message = "Group {Group}: member {Member} has no notifications ({Reason}); polling it")]
    public static partial void Polling(ILogger logger, string group, string member, string reason);

    [LoggerMessage(EventId = 3017, Level = LogLevel.Warning, Message = "Group {Group}: paused: {Reason}")]
    public static partial void Paused(ILogger logger, string group, string reason);

    [LoggerMessage(EventId = 3018, Level = LogLevel.Information, Message = "Group {Group}: member {Member} recovered")]
    public static partial void MemberRecovered(ILogger logger, string group, string member);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Warning, Message = "Heartbeat not written: {Error}")]
    public static partial void HeartbeatFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Warning, Message = "Configuration not re-read: {Error}")]
    public static partial void ConfigFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Information, Message = "Item history: {Count} entries older than {Days} days removed")]
    public static partial void HistoryPruned(ILogger logger, int count, int days);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Warning, Message = "Item history not pruned: {Error}")]
    public static partial void HistoryPruneFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Information, Message = "Group {Group}: {Change} in the state (CLI, panel or another node); waking its runner")]
    public static partial void PauseChanged(ILogger logger, string group, string change);
}
