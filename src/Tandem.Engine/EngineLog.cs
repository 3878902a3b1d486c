using Microsoft.Extensions.Logging;

namespace Tandem.Engine;

/// <summary>The engine's structured log events; ids are stable (1xxx). No secret or item content is ever logged.</summary>
internal static partial class EngineLog
{
    [LoggerMessage(1001, LogLevel.Information, "Group {Group}: cycle done, {Writes} writes")]
    public static partial void CycleDone(ILogger logger, string group, int writes);

    [LoggerMessage(1002, LogLevel.Warning, "Group {Group} is paused: {Reason}")]
    public static partial void Paused(ILogger logger, string group, string reason);

    [LoggerMessage(1003, LogLevel.Warning, "Group {Group}: member {Member} could not be read: {Error}")]
    public static partial void ReadFailed(ILogger logger, string group, string member, string error);

    [LoggerMessage(1004, LogLevel.Warning, "Group {Group}: writes to member {Member} failed: {Error}")]
    public static partial void WriteFailed(ILogger logger, string group, string member, string error);

    [LoggerMessage(1005, LogLevel.Information, "Group {Group}: {Count} interrupted creates in {Member} found by their stamp")]
    public static partial void PendingResolved(ILogger logger, string group, string member, int count);

    [LoggerMessage(1006, LogLevel.Information, "Group {Group}: withheld deletions {Decision}")]
    public static partial void Decision(ILogger logger, string group, string decision);

    [LoggerMessage(1007, LogLevel.Warning, "Group {Group}: item {RemoteId} of {Member} quarantined: {Reason}")]
    public static partial void Quarantined(ILogger logger, string group, string member, string remoteId, string reason);

    [LoggerMessage(1008, LogLevel.Warning, "Group {Group}: item {LogicalId} in {Member}: {Reason}")]
    public static partial void Deferred(ILogger logger, string group, long logicalId, string member, string reason);

    [LoggerMessage(1009, LogLevel.Information, "Group {Group}: a user changed {Count} member(s) while this cycle wrote to them; running a follow-up cycle")]
    public static partial void FollowUp(ILogger logger, string group, int count);

    [LoggerMessage(1010, LogLevel.Information, "Group {Group}: {Action} by an administrator")]
    public static partial void Administered(ILogger logger, string group, string action);

    [LoggerMessage(1011, LogLevel.Information, "Group {Group}: item {RemoteId} of {Member} read; {Note}")]
    public static partial void KeptAsRead(ILogger logger, string group, string member, string remoteId, string note);

    [LoggerMessage(1015, LogLevel.Warning, "Group {Group}: writes held back, this node's lease is in doubt; they stay planned")]
    public static partial void WritesHeldBack(ILogger logger, string group);
}
