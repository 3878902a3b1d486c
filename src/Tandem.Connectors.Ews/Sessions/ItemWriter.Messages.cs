using Microsoft.Extensions.Logging;
using Tandem.Core.Connectors;

namespace Tandem.Connectors.Ews.Sessions;

internal sealed partial class ItemWriter
{
    /// <summary>
    /// Exchange takes a message's MimeContent only in CreateItem, so a changed message is written as a new copy (with
    /// the same stamp) and the old copy is then deleted; the engine records the new id. The old copy's ChangeKey is
    /// checked first, so a copy changed in the member meanwhile is a conflict, never replaced blindly.
    /// </summary>
    private async Task ReplaceMessagesAsync(IReadOnlyList<WriteRequest> writes, int[] chunk, WriteResult[] results, CancellationToken ct)
    {
        var withId = chunk.Where(i => writes[i].RemoteId is not null && writes[i].Item is not null).ToArray();
        foreach (var i in chunk.Except(withId)) results[i] = new WriteResult(writes[i], WriteOutcome.Failed, Error: "update needs a remote id and an item");
        if (withId.Length == 0) return;
        var pending = await StillAsReadAsync(writes, withId, results, ct).ConfigureAwait(false);
        if (pending.Count == 0) return;
        var creates = pending.Select(i => writes[i] with { Kind = WriteKind.Create, RemoteId = null, ExpectedChangeKey = null }).ToArray();
        var created = new WriteResult[creates.Length];
        await CreateAsync(creates, Enumerable.Range(0, creates.Length).ToArray(), created, ct).ConfigureAwait(false);
        var olds = new List<WriteRequest>();
        for (var k = 0; k < pending.Count; k++)
        {
            var w = writes[pending[k]];
            results[pending[k]] = created[k] with { Request = w };
            if (created[k].Outcome == WriteOutcome.Ok) olds.Add(w with { Kind = WriteKind.Delete, ExpectedChangeKey = null });
        }
        if (olds.Count == 0) return;
        var deleted = new WriteResult[olds.Count];
        await DeleteAsync(olds, Enumerable.Range(0, olds.Count).ToArray(), deleted, ct).ConfigureAwait(false);
        foreach (var d in deleted.Where(d => d.Outcome is not (WriteOutcome.Ok or WriteOutcome.NotFound)))
        {
            LogOldCopyKept(log, d.Request.RemoteId ?? "", d.Error ?? d.Outcome.ToString());
        }
    }

    [LoggerMessage(EventId = 2210, Level = LogLevel.Warning, Message = "A changed message was copied again, but its old copy {RemoteId} could not be deleted: {Error}")]
    private static partial void LogOldCopyKept(ILogger logger, string remoteId, string error);
}
