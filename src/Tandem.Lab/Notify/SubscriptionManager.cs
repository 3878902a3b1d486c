using System.Collections.Concurrent;
using System.Xml.Linq;
using Tandem.Lab.Ews;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Notify;

/// <summary>Holds subscriptions and turns store events into EWS notification events for the ones that watch them.</summary>
internal sealed class SubscriptionManager
{
    private readonly ConcurrentDictionary<string, Subscription> _subscriptions = new(StringComparer.Ordinal);

    private static readonly object Gone = new();

    public Subscription Add(Subscription subscription)
    {
        _subscriptions[subscription.Id] = subscription;
        return subscription;
    }

    public Subscription? Find(string id) => _subscriptions.GetValueOrDefault(id);

    public bool Remove(string id) => _subscriptions.TryRemove(id, out _);

    /// <summary>Live subscriptions charged to <paramref name="budget"/> (EWSMaxSubscriptions).</summary>
    public int CountFor(string budget, DateTimeOffset now) =>
        _subscriptions.Values.Count(s => string.Equals(s.Budget, budget, StringComparison.OrdinalIgnoreCase) && !s.IsExpired(now));

    /// <summary>A front end went down: the subscriptions its EWS process held are gone.</summary>
    public void ForgetFrontEnd(int frontEnd)
    {
        foreach (var s in _subscriptions.Values.Where(s => s.FrontEnd == frontEnd).ToList())
        {
            _subscriptions.TryRemove(s.Id, out _);
            s.Claim(Gone); // wakes a connection on another front end still reading it, which then reports it not found
        }
    }

    public void Publish(IReadOnlyList<StoreEvent> events, LabStore store)
    {
        if (events.Count == 0 || _subscriptions.IsEmpty)
        {
            return;
        }

        var now = store.Time.GetUtcNow();
        foreach (var subscription in _subscriptions.Values)
        {
            if (subscription.IsExpired(now))
            {
                // Nobody will read it any more: stop queueing (GetEvents / GetStreamingEvents then report it not found).
                _subscriptions.TryRemove(subscription.Id, out _);
                continue;
            }

            foreach (var e in events)
            {
                var type = e.Kind + "Event";
                if (!subscription.EventTypes.Contains(type) || !Watches(subscription, e))
                {
                    continue;
                }

                subscription.Add(watermark => Build(type, e, watermark, store));
            }
        }
    }

    private static bool Watches(Subscription s, StoreEvent e) =>
        s.Folders is null
            ? string.Equals(s.Owner, e.Owner, StringComparison.OrdinalIgnoreCase)
            : s.Folders.Contains(e.ParentFolderId) || (e.FolderId is not null && s.Folders.Contains(e.FolderId)) || (e.OldParentFolderId is not null && s.Folders.Contains(e.OldParentFolderId));

    private static XElement Build(string type, StoreEvent e, string watermark, LabStore store)
    {
        XElement FolderRef(string name, string id) =>
            new(Ns.T + name, new XAttribute("Id", id), store.Folder(id) is { } f ? new XAttribute("ChangeKey", f.ChangeKey) : null);

        return new XElement(Ns.T + type,
            new XElement(Ns.T + "Watermark", watermark),
            new XElement(Ns.T + "TimeStamp", ItemRenderer.Time(e.TimeStamp)),
            e.ItemId is not null
                ? new XElement(Ns.T + "ItemId", new XAttribute("Id", e.ItemId), store.Item(e.ItemId) is { } i ? new XAttribute("ChangeKey", i.ChangeKey) : null)
                : FolderRef("FolderId", e.FolderId!),
            FolderRef("ParentFolderId", e.ParentFolderId),
            e.OldItemId is not null ? new XElement(Ns.T + "OldItemId", new XAttribute("Id", e.OldItemId)) : null,
            e.ItemId is null && e.OldParentFolderId is not null ? FolderRef("OldFolderId", e.FolderId!) : null,
            e.OldParentFolderId is not null ? FolderRef("OldParentFolderId", e.OldParentFolderId) : null,
            e.UnreadCount is { } unread && type == "ModifiedEvent" ? new XElement(Ns.T + "UnreadCount", unread) : null);
    }
}
