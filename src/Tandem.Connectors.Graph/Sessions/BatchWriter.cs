using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Tandem.Connectors.Graph.Mapping;
using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// Writes through $batch (each write's request from its <see cref="GraphItemType"/>), 20 requests a batch, batches of one mailbox at most 4 at a time (the gate). Updates and deletes
/// carry If-Match with the change key the engine last saw: 412 comes back as a conflict, so the engine re-reads and
/// re-plans. An inner 429 or 503 is retried after its Retry-After (each inner request is throttled on its own). An item
/// Graph cannot hold (refused with 400, 413 or 422, or one the mapper will not write) comes back
/// <see cref="WriteOutcome.Refused"/> with Graph's reason: the engine quarantines it rather than sending it every cycle.
/// </summary>
internal sealed class BatchWriter(GraphContext graph, GraphFolder folder, GraphItemType type)
{
    public const int MaxBatch = 20;
    private const int MaxAttempts = 6;

    public async Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken)
    {
        var results = new WriteResult[writes.Count];
        var chunks = Enumerable.Range(0, writes.Count).Chunk(MaxBatch);
        await Task.WhenAll(chunks.Select(chunk => WriteChunkAsync(writes, chunk, results, cancellationToken))).ConfigureAwait(false);
        return results;
    }

    private async Task WriteChunkAsync(IReadOnlyList<WriteRequest> writes, int[] indexes, WriteResult[] results, CancellationToken cancellationToken)
    {
        var pending = indexes.ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            // At most 20 steps: the collection sends them as one $batch.
            var content = new BatchRequestContentCollection(graph.Client);
            var steps = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var i in pending)
            {
                RequestInformation info;
                try
                {
                    info = type.Request(writes[i]);
                }
                catch (UnwritableItemException e)
                {
                    // Not written rather than written wrong; the reason shows in the group's status and history.
                    results[i] = new WriteResult(writes[i], WriteOutcome.Refused, writes[i].RemoteId, Error: e.Message);
                    continue;
                }

                steps[await content.AddBatchRequestStepAsync(info).ConfigureAwait(false)] = i;
            }

            if (steps.Count == 0)
            {
                return;
            }

            var response = await graph.RunAsync(folder.Mailbox, () => graph.Client.Batch.PostAsync(content, cancellationToken), cancellationToken).ConfigureAwait(false);
            var retry = new List<int>();
            var wait = TimeSpan.Zero;
            var followUps = new List<int>();
            foreach (var (stepId, i) in steps)
            {
                using var message = await response.GetResponseByIdAsync(stepId).ConfigureAwait(false);
                var status = message is null ? 0 : (int)message.StatusCode;
                if ((status is 429 or 503) && attempt < MaxAttempts)
                {
                    retry.Add(i);
                    wait = TimeSpan.FromTicks(Math.Max(wait.Ticks, RetryAfter(message!, attempt).Ticks));
                    continue;
                }

                results[i] = await ResultAsync(writes[i], message, cancellationToken).ConfigureAwait(false);
                if (results[i].Outcome == WriteOutcome.Ok && writes[i].Kind != WriteKind.Delete) followUps.Add(i);
            }

            // What the written items need beyond their request, for the whole batch at once (a new message's stamp: one $batch).
            var done = await type.AfterWritesAsync(followUps.Select(i => results[i]).ToList(), cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < followUps.Count; k++) results[followUps[k]] = done[k];

            pending = retry;
            if (pending.Count > 0)
            {
                await Task.Delay(wait, graph.Time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<WriteResult> ResultAsync(WriteRequest write, HttpResponseMessage? message, CancellationToken cancellationToken)
    {
        if (message is null)
        {
            return new WriteResult(write, WriteOutcome.Failed, Error: "the $batch response has no answer for this request");
        }

        var text = await message.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        using var json = string.IsNullOrWhiteSpace(text) ? null : JsonDocument.Parse(text);
        var root = json?.RootElement;
        switch (message.StatusCode)
        {
            case HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.NoContent:
                return write.Kind == WriteKind.Delete
                    ? new WriteResult(write, WriteOutcome.Ok, write.RemoteId)
                    : new WriteResult(write, WriteOutcome.Ok, Str(root, "id") ?? write.RemoteId, Str(root, "changeKey") ?? Str(root, "@odata.etag"));
            case HttpStatusCode.PreconditionFailed:
                return new WriteResult(write, WriteOutcome.Conflict, write.RemoteId, Error: ErrorOf(root));
            case HttpStatusCode.NotFound:
                return new WriteResult(write, WriteOutcome.NotFound, write.RemoteId, Error: ErrorOf(root));
            case HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity when write.Kind != WriteKind.Delete:
                // the same request would be refused again: this item, as it is, is not one Graph holds
                return new WriteResult(write, WriteOutcome.Refused, write.RemoteId, Error: ((int)message.StatusCode).ToString(CultureInfo.InvariantCulture) + " " + ErrorOf(root));
            default:
                return new WriteResult(write, WriteOutcome.Failed, write.RemoteId, Error: ((int)message.StatusCode).ToString(CultureInfo.InvariantCulture) + " " + ErrorOf(root));
        }
    }

    /// <summary>Retry-After in seconds as Graph sends it; without one, exponential back-off.</summary>
    public static TimeSpan RetryAfter(HttpResponseMessage message, int attempt)
    {
        if (message.Headers.RetryAfter?.Delta is { } delta) return delta;
        if (message.Headers.TryGetValues("Retry-After", out var values) && int.TryParse(values.FirstOrDefault(), CultureInfo.InvariantCulture, out var seconds)) return TimeSpan.FromSeconds(seconds);
        return TimeSpan.FromSeconds(Math.Min(60, 1 << attempt));
    }

    private static string? Str(JsonElement? root, string name) =>
        root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string ErrorOf(JsonElement? root) =>
        root is { ValueKind: JsonValueKind.Object } r && r.TryGetProperty("error", out var e)
            ? $"{Str(e, "code")}: {Str(e, "message")}"
            : "no error body";
}
