using System.Net;
using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Serialization;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// GETs many items of one mailbox by id in $batch (20 a batch, the gate keeping ≤ 4 in flight): what a delta that lists
/// only ids (events) or cannot expand (To Do) needs to read whole items. A 404 is an item deleted since it was listed.
/// Any request per id that answers an item goes the same way (the PATCHes that stamp new messages).
/// </summary>
internal sealed class BatchFetcher(GraphContext graph, string mailbox)
{
    private const int MaxAttempts = 6;

    public Task<Dictionary<string, T?>> FetchAsync<T>(IReadOnlyCollection<string> ids, Func<string, RequestInformation> request, ParsableFactory<T> factory, CancellationToken cancellationToken)
        where T : IParsable =>
        FetchAsync(ids, request, async (body, ct) => await KiotaJsonSerializer.DeserializeAsync(body, factory, ct).ConfigureAwait(false), cancellationToken);

    /// <summary>
    /// Bodies that are not JSON (a message's MIME from $value): $batch carries them base64-encoded, as a JSON string.
    /// </summary>
    public Task<Dictionary<string, byte[]?>> FetchBytesAsync(IReadOnlyCollection<string> ids, Func<string, RequestInformation> request, CancellationToken cancellationToken) =>
        FetchAsync<byte[]>(ids, request, (body, _) =>
        {
            var text = body.Trim();
            if (text.StartsWith('"')) text = System.Text.Json.JsonSerializer.Deserialize<string>(text) ?? "";
            return Task.FromResult<byte[]?>(Convert.FromBase64String(text));
        }, cancellationToken);

    private async Task<Dictionary<string, T?>> FetchAsync<T>(IReadOnlyCollection<string> ids, Func<string, RequestInformation> request, Func<string, CancellationToken, Task<T?>> read, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, T?>(StringComparer.Ordinal);
        var chunks = ids.Distinct(StringComparer.Ordinal).Chunk(BatchWriter.MaxBatch);
        var results = await Task.WhenAll(chunks.Select(c => ChunkAsync(c, request, read, cancellationToken))).ConfigureAwait(false);
        foreach (var (id, item) in results.SelectMany(r => r))
        {
            found[id] = item;
        }

        return found;
    }

    private async Task<List<(string Id, T? Item)>> ChunkAsync<T>(string[] ids, Func<string, RequestInformation> request, Func<string, CancellationToken, Task<T?>> read, CancellationToken cancellationToken)
    {
        var done = new List<(string, T?)>();
        var pending = ids.ToList();
        for (var attempt = 1; pending.Count > 0; attempt++)
        {
            var content = new BatchRequestContentCollection(graph.Client);
            var steps = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var id in pending)
            {
                steps[await content.AddBatchRequestStepAsync(request(id)).ConfigureAwait(false)] = id;
            }

            var response = await graph.RunAsync(mailbox, () => graph.Client.Batch.PostAsync(content, cancellationToken), cancellationToken).ConfigureAwait(false);
            var retry = new List<string>();
            var wait = TimeSpan.Zero;
            foreach (var (step, id) in steps)
            {
                using var message = await response.GetResponseByIdAsync(step).ConfigureAwait(false);
                var status = message is null ? 0 : (int)message.StatusCode;
                if (status is 429 or 503 && attempt < MaxAttempts)
                {
                    retry.Add(id);
                    wait = TimeSpan.FromTicks(Math.Max(wait.Ticks, BatchWriter.RetryAfter(message!, attempt).Ticks));
                    continue;
                }

                if (message?.StatusCode == HttpStatusCode.NotFound)
                {
                    done.Add((id, default));
                    continue;
                }

                if (message is null || !message.IsSuccessStatusCode)
                {
                    var text = message is null ? "no answer" : status + " " + await message.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                    throw new InvalidOperationException($"{mailbox}: reading item {id} failed: {text}");
                }

                var body = await message.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                done.Add((id, await read(body, cancellationToken).ConfigureAwait(false)));
            }

            pending = retry;
            if (pending.Count > 0)
            {
                await Task.Delay(wait, graph.Time, cancellationToken).ConfigureAwait(false);
            }
        }

        return done;
    }
}
