using Microsoft.Graph;
using Microsoft.Kiota.Abstractions;

namespace Tandem.Connectors.Graph;

/// <summary>
/// What every folder session of one connector shares: the SDK client, the per-mailbox gate, the clock, what it knows of
/// contact photos, and the coalescer that sends the sessions' concurrent reads as one $batch.
/// </summary>
internal sealed record GraphContext(GraphServiceClient Client, MailboxGate Gate, TimeProvider Time, string BaseUrl, Sessions.GraphPhotos Photos)
{
    public RequestCoalescer Coalescer { get; } = new(Client, Gate, Time);

    /// <summary>On every request, delta included: ids that survive moves between folders.</summary>
    public const string ImmutableIds = "IdType=\"ImmutableId\"";

    public IRequestAdapter Adapter => Client.RequestAdapter;

    public Task<T> RunAsync<T>(string mailbox, Func<Task<T>> call, CancellationToken cancellationToken) =>
        Gate.RunAsync(mailbox, call, cancellationToken);

    public static void Prefer(RequestHeaders headers, params string[] values)
    {
        headers.Remove("Prefer");
        headers.Add("Prefer", string.Join(", ", values.Append(ImmutableIds)));
    }
}
