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

    protected void OnTokenLost(string reason) => TokenLost?.Invoke(reason);

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
