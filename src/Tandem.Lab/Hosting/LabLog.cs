using Microsoft.Extensions.Logging;

namespace Tandem.Lab.Hosting;

/// <summary>The lab's log events (stable ids). Users are logged by address; passwords and bodies never are.</summary>
internal static partial class LabLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Lab listening on {Url} (seed {Seed}, data {DataDirectory})")]
    public static partial void Started(ILogger logger, Uri url, string seed, string dataDirectory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "EWS {Operation} by {User} for {Mailbox}: HTTP {Status} in {ElapsedMs} ms")]
    public static partial void EwsRequest(ILogger logger, string? operation, string user, string mailbox, int status, long elapsedMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "EWS {Operation} by {User} refused: {Code}")]
    public static partial void EwsRefused(ILogger logger, string? operation, string user, string code);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Streaming connection for {Mailbox} ended after {Envelopes} envelopes ({Reason})")]
    public static partial void StreamEnded(ILogger logger, string mailbox, int envelopes, string reason);
}
