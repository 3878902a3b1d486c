using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local.Feed;

/// <summary>
/// A published iCalendar or vCard feed as a read-only member (a source): each read is a conditional GET; 304 is
/// an empty change set at no cost; a new body yields its changed items and its removals. Writes are refused with
/// the reason. Subscribing polls at the connection's interval and signals only when the feed really changed.
/// </summary>
internal sealed class FeedSession(FolderRef folder, ItemKind kind, IItemFileFormat format, FeedClient client, TimeSpan poll, TimeProvider time) : IFolderSession
{
    public FolderRef Folder => folder;

    public async Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken)
    {
        var previous = FeedToken.Decode(syncToken);
        var response = await client.GetAsync(previous?.ETag, previous?.LastModified, cancellationToken).ConfigureAwait(false);
        if (response.NotModified && previous is not null) return new ChangeSet([], [], syncToken!, IsComplete: false);

        var items = MultiItemContent.Read(format, kind, response.Content, folder.FolderPath, time.GetUtcNow());
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var upserts = new List<RemoteItem>();
        foreach (var item in items)
        {
            keys[item.RemoteId] = item.ChangeKey;
            if (previous is null || !previous.Items.TryGetValue(item.RemoteId, out var before) || before != item.ChangeKey) upserts.Add(item);
        }
        var deletions = previous is null
            ? (IReadOnlyList<string>)[]
            : previous.Items.Keys.Where(id => !keys.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        var token = new FeedToken(response.ETag, response.LastModified, keys).Encode();
        return new ChangeSet(upserts, deletions, token, IsComplete: previous is null);
    }

    public Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<WriteResult>>(writes
            .Select(w => new WriteResult(w, WriteOutcome.Failed, w.RemoteId, Error: $"{folder} is a published feed, which is read-only: make it a source member"))
            .ToList());

    public Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RemoteItem>>([]);

    public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(new FeedPoller(client, poll, time, onChange));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
