using System.Collections.Concurrent;
using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Sessions;

/// <summary>
/// What this session wrote, by item id, with the ChangeKey Exchange gave back. When a later listing shows an
/// item still at that ChangeKey, its content is exactly what we wrote, so it is taken from here instead of
/// fetched again with GetItem: the read after a fan-out then costs SyncFolderItems only (the engine sees
/// these items as echoes of its own writes). Any other ChangeKey means someone changed the item: fetched.
/// </summary>
internal sealed class OwnWrites(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, RemoteItem> _items = new(StringComparer.Ordinal);

    public void Record(IEnumerable<WriteResult> results)
    {
        foreach (var r in results)
        {
            if (r.RemoteId is null) continue;
            // An event written without a UID gets one from the server: only a fetch knows it.
            if (r.Request.Kind == WriteKind.Delete || r.Outcome is not (WriteOutcome.Ok or WriteOutcome.AlreadyExists) || r.ChangeKey is null
                || r.Request.Item is null or Event { Uid: null })
            {
                _items.TryRemove(r.RemoteId, out _);
                continue;
            }
            _items[r.RemoteId] = new RemoteItem(r.RemoteId, r.ChangeKey, r.Request.Item, r.Request.Stamp, time.GetUtcNow());
        }
    }

    /// <summary>The item as written, when the listing's ChangeKey is still the one our write produced.</summary>
    public bool TryTake(string id, string? changeKey, out RemoteItem item)
    {
        if (changeKey is not null && _items.TryGetValue(id, out var written) && string.Equals(written.ChangeKey, changeKey, StringComparison.Ordinal))
        {
            _items.TryRemove(id, out _);
            item = written;
            return true;
        }
        item = null!;
        return false;
    }
}
