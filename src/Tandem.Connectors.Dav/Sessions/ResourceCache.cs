using System.Collections.Concurrent;
using Tandem.Core.Connectors;

namespace Tandem.Connectors.Dav.Sessions;

/// <summary>
/// The last copy of each resource this session read or wrote, by name, with its ETag. An update whose expected ETag
/// is the cached one keeps the server copy's extra properties without a GET first, and a sync report that only
/// echoes our own writes needs no multiget.
/// </summary>
internal sealed class ResourceCache
{
    private readonly ConcurrentDictionary<string, RemoteItem> _items = new(StringComparer.Ordinal);

    public void Put(RemoteItem item) => _items[item.RemoteId] = item;

    public void Forget(string name) => _items.TryRemove(name, out _);

    /// <summary>The cached copy when its ETag is <paramref name="etag"/>.</summary>
    public RemoteItem? Get(string name, string? etag) =>
        etag is not null && _items.TryGetValue(name, out var item) && item.ChangeKey == etag ? item : null;
}
