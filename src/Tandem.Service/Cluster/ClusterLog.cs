using Microsoft.Extensions.Logging;

namespace Tandem.Service.Cluster;

/// <summary>The cluster's log events (3030–3049), stable so that alerts can match them.</summary>
internal static partial class ClusterLog
{
    [LoggerMessage(EventId = 3030, Level = LogLevel.Information, Message = "Group {Group}: lease taken (epoch {Epoch})")]
    public static partial void LeaseTaken(ILogger logger, string group, long epoch);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Warning, Message = "Group {Group}: lease lost (epoch {Epoch}): {Reason}; its runner stops on this node")]
    public static partial void LeaseLost(ILogger logger, string group, long epoch, string reason);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Warning, Message = "Group {Group}: write refused by the lease fence: {Error}")]
    public static partial void WriteRefused(ILogger logger, string group, string error);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Information, Message = "Group {Group}: the leader asked for it to move; handing it over once its runner stopped")]
    public static partial void HandingOver(ILogger logger, string group);

    [LoggerMessage(EventId = 3034, Level = LogLevel.Information, Message = "Group {Group}: lease released")]
    public static partial void Released(ILogger logger, string group);

    [LoggerMessage(EventId = 3035, Level = LogLevel.Information, Message = "Rebalancing: group {Group} asked back from node {Node}")]
    public static partial void AskedBack(ILogger logger, string group, string node);

    [LoggerMessage(EventId = 3037, Level = LogLevel.Warning, Message = "Ended {Count} database session(s) of nodes silent for over a lease (their transactions roll back, their locks go free)")]
    public static partial void SilentSessionsEnded(ILogger logger, int count);

    [LoggerMessage(EventId = 3038, Level = LogLevel.Information, Message = "This node leads the cluster's rebalancing")]
    public static partial void Leading(ILogger logger);

    [LoggerMessage(EventId = 3039, Level = LogLevel.Warning, Message = "This node no longer leads the cluster's rebalancing: {Error}")]
    public static partial void NoLongerLeading(ILogger logger, string error);

    [LoggerMessage(EventId = 3036, Level = LogLevel.Warning, Message = "Cluster round failed: {Error}")]
    public static partial void RoundFailed(ILogger logger, string error);
}
