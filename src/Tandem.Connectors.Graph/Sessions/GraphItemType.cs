using Microsoft.Kiota.Abstractions;
using Tandem.Core.Connectors;

namespace Tandem.Connectors.Graph.Sessions;

/// <summary>
/// What differs between contacts, events and To Do tasks over Graph: how a folder's changes are read, how each write is
/// expressed as a request (sent in $batch by <see cref="BatchWriter"/>), what follows a write (a series' exceptions), and
/// how stamped items are found. Everything else (the session, batching, throttling, the gate) is shared.
/// </summary>
internal abstract class GraphItemType(GraphContext graph, GraphFolder folder)
{
    protected GraphContext Graph { get; } = graph;

    protected GraphFolder Folder { get; } = folder;

    public event Action<string>? TokenLost;

    public abstract Task<ChangeSet> ReadAsync(string? token, CancellationToken cancellationToken);

    public abstract Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken);

    public abstract RequestInformation Request(WriteRequest write);

    /// <summary>The resource a webhook subscription watches for this folder.</summary>
    public abstract string NotificationResource { get; }

    protected string User => "/users/" + Uri.EscapeDataString(Folder.Mailbox);

    /// <summary>Work a successful write needs beyond its one request; returns the final result (its change key).</summary>
    public virtual Task<WriteResult> AfterWriteAsync(WriteResult result, CancellationToken cancellationToken) => Task.FromResult(result);

    /// <summary>
    /// <see cref="AfterWriteAsync"/> for the successful writes of one $batch, in order; a type whose follow-up requests can
    /// share a $batch does them together.
    /// </summary>
    public virtual async Task<IReadOnlyList<WriteResult>> AfterWritesAsync(IReadOnlyList<WriteResult> results, CancellationToken cancellationToken)
    {
        var done = new List<WriteResult>(results.Count);
        foreach (var result in results)
        {
            done.Add(await AfterWriteAsync(result, cancellationToken).ConfigureAwait(false));
        }

        return done;
    }

    protected void OnTokenLost(string reason) => TokenLost?.Invoke(reason);

    /// <summary>
    /// A delta round from the stored deltaLink; when Graph no longer knows it (410, syncStateNotFound), a new initial round
    /// from <paramref name="firstUrl"/>, reported complete so the engine reconciles it by ids and stamps.
    /// </summary>
    protected async Task<ChangeSet> ReadOrRestartAsync(string? token, string firstUrl, Func<string, bool, CancellationToken, Task<ChangeSet>> round, CancellationToken cancellationToken)
    {
        if (token is not null)
        {
            try
            {
                return await round(token, false, cancellationToken).ConfigureAwait(false);
            }
            catch (Microsoft.Graph.Models.ODataErrors.ODataError e) when (GraphErrors.IsLostToken(e))
            {
                OnTokenLost(GraphErrors.Describe(e));
            }
        }

        return await round(firstUrl, true, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Prefer headers plus If-Match with the change key the engine last saw (412 comes back as a conflict).</summary>
    protected static void Conditional(RequestHeaders headers, WriteRequest write, params string[] prefer)
    {
        GraphContext.Prefer(headers, prefer);
        if (write.ExpectedChangeKey is { Length: > 0 } key)
        {
            // A change key goes in as a weak etag; To Do's keys are etags already.
            headers.Add("If-Match", key.StartsWith("W/", StringComparison.Ordinal) || key.StartsWith('"') ? key : "W/\"" + key + "\"");
        }
    }
}
