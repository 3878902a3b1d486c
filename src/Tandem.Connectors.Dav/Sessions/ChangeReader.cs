using System.Net;
using Tandem.Connectors.Dav.Discovery;
using Tandem.Connectors.Dav.Protocol;
using Tandem.Core.Connectors;
using static Tandem.Connectors.Dav.Protocol.DavNames;

namespace Tandem.Connectors.Dav.Sessions;

/// <summary>
/// Change detection for one collection. With a sync token: RFC 6578 sync-collection, repeated while the server says
/// the answer was truncated (507). A token the server no longer accepts (403 valid-sync-token, Xandikos' 500, any
/// non-207) gives a complete listing instead, which the engine reconciles by href and ETag, so nothing is duplicated.
/// Servers without sync-collection are polled by getctag: unchanged ctag, no further request; changed, a complete listing.
/// </summary>
internal sealed class ChangeReader(DavClient client, ResourceFetcher fetcher, ResourceCache cache)
{
    public async Task<ChangeSet> IncrementalAsync(Uri collection, DavToken token, CancellationToken ct)
    {
        if (token.Mode == DavTokenMode.Ctag)
        {
            var ctag = await CtagAsync(collection, ct).ConfigureAwait(false);
            return ctag == token.Value ? new ChangeSet([], [], token.ToString(), false) : await CompleteAsync(collection, false, ct).ConfigureAwait(false);
        }
        var changed = new Dictionary<string, string>(StringComparer.Ordinal);
        var deleted = new HashSet<string>(StringComparer.Ordinal);
        var own = token.Own;
        var value = token.Value;
        while (true)
        {
            var reply = await client.ReportAsync(collection, 0, DavRequests.SyncCollection(value, fetcher.DataName), ct).ConfigureAwait(false);
            if (IsGone(reply.Status)) throw new DavException("REPORT sync-collection", collection, reply.Status, "the collection is not there");
            if (!reply.IsMultiStatus) return await CompleteAsync(collection, true, ct).ConfigureAwait(false);
            var status = MultiStatus.Parse(reply.Body);
            // the bodies that came along, but not those of our own writes: the engine knows them by their ETag
            fetcher.Take(collection, status, (name, etag) => own?.IsOurs(name, etag) != true);
            var truncated = false;
            foreach (var response in status.Responses)
            {
                var name = DavPaths.MemberName(collection, response.Href);
                if (name is null)
                {
                    truncated |= response.Status == HttpStatusCode.InsufficientStorage;
                    continue;
                }
                if (response.Status == HttpStatusCode.NotFound)
                {
                    deleted.Add(name);
                    changed.Remove(name);
                }
                else if (response.Text(GetEtag) is { } etag)
                {
                    changed[name] = etag;
                    deleted.Remove(name);
                }
            }
            value = status.SyncToken ?? throw new DavException($"REPORT sync-collection {collection.AbsolutePath}: the answer carries no sync-token");
            if (!truncated) break;
        }
        if (own is not null) await LeaveOutOwnAsync(collection, own, changed, deleted, ct).ConfigureAwait(false);
        var upserts = await ItemsAsync(collection, changed, ct).ConfigureAwait(false);
        // a member reported changed but gone by the time we fetched it was deleted in between
        foreach (var name in changed.Keys.Except(upserts.Select(u => u.RemoteId))) deleted.Add(name);
        return new ChangeSet(upserts, deleted.Order(StringComparer.Ordinal).ToList(), new DavToken(collection.AbsolutePath, DavTokenMode.SyncCollection, value).ToString(), false);
    }

    /// <summary>
    /// Takes our own writes since the token out of what the server reported, and asks after each resource we created
    /// that it did not report: normally none (a resource created after the token is reported while it exists), so this
    /// costs no request; one that is really gone is reported deleted, one still there (a server that did not list it)
    /// as it is now.
    /// </summary>
    private async Task LeaveOutOwnAsync(Uri collection, OwnWrites own, Dictionary<string, string> changed, HashSet<string> deleted, CancellationToken ct)
    {
        var unreported = own.Created.Where(n => !changed.ContainsKey(n) && !deleted.Contains(n)).ToList();
        foreach (var (name, etag) in changed.ToList())
        {
            if (own.IsOurs(name, etag)) changed.Remove(name);
        }
        deleted.RemoveWhere(own.RemovedByUs);
        if (unreported.Count == 0) return;
        var found = await fetcher.FetchAsync(collection, unreported, ct).ConfigureAwait(false);
        foreach (var item in found) changed[item.RemoteId] = item.ChangeKey;
        foreach (var name in unreported.Except(found.Select(f => f.RemoteId), StringComparer.Ordinal)) deleted.Add(name);
    }

    /// <summary>Everything in the collection, as a complete listing.</summary>
    public async Task<ChangeSet> CompleteAsync(Uri collection, bool trySync, CancellationToken ct)
    {
        if (trySync)
        {
            var reply = await client.ReportAsync(collection, 0, DavRequests.SyncCollection(null, fetcher.DataName), ct).ConfigureAwait(false);
            if (reply.IsMultiStatus)
            {
                var status = MultiStatus.Parse(reply.Body);
                if (status.SyncToken is { } token && !status.Responses.Any(r => r.Status == HttpStatusCode.InsufficientStorage))
                {
                    fetcher.Take(collection, status);
                    var items = await ItemsAsync(collection, Members(collection, status), ct).ConfigureAwait(false);
                    return new ChangeSet(items, [], new DavToken(collection.AbsolutePath, DavTokenMode.SyncCollection, token).ToString(), true);
                }
            }
            else if (IsGone(reply.Status))
            {
                throw new DavException("REPORT sync-collection", collection, reply.Status, "the collection is not there");
            }
        }
        // getctag comes with the listing: a change between the two would otherwise go unseen
        var listing = await client.PropfindAsync(collection, 1, DavRequests.Propfind(GetEtag, GetCtag, SyncToken), ct).ConfigureAwait(false);
        if (!listing.IsMultiStatus) throw new DavException("PROPFIND", collection, listing.Status, listing.Body);
        var parsed = MultiStatus.Parse(listing.Body);
        var self = parsed.Responses.FirstOrDefault(r => DavPaths.MemberName(collection, r.Href) is null);
        var ctag = self?.Text(GetCtag) ?? self?.Text(SyncToken) ?? "";
        var all = await ItemsAsync(collection, Members(collection, parsed), ct).ConfigureAwait(false);
        return new ChangeSet(all, [], new DavToken(collection.AbsolutePath, DavTokenMode.Ctag, ctag).ToString(), true);
    }

    /// <summary>The collection is not at this URL (any more): not found, or moved (a redirect, which DAV methods are not made to follow).</summary>
    public static bool IsGone(HttpStatusCode? status) => status is HttpStatusCode.NotFound or HttpStatusCode.Gone || (int?)status is >= 300 and < 400;

    private async Task<string?> CtagAsync(Uri collection, CancellationToken ct)
    {
        var reply = await client.PropfindAsync(collection, 0, DavRequests.Propfind(GetCtag, SyncToken), ct).ConfigureAwait(false);
        if (!reply.IsMultiStatus) throw new DavException("PROPFIND", collection, reply.Status, reply.Body);
        var self = MultiStatus.Parse(reply.Body).Responses.FirstOrDefault();
        return self?.Text(GetCtag) ?? self?.Text(SyncToken);
    }

    private static Dictionary<string, string> Members(Uri collection, MultiStatus status)
    {
        var members = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var response in status.Responses)
        {
            if (response.Status is { } s && s != HttpStatusCode.OK) continue;
            if (DavPaths.MemberName(collection, response.Href) is { } name && response.Text(GetEtag) is { } etag) members[name] = etag;
        }
        return members;
    }

    /// <summary>The items behind (name, ETag) pairs: those that came with the listing and our own writes from the cache, the rest by multiget.</summary>
    private async Task<IReadOnlyList<RemoteItem>> ItemsAsync(Uri collection, Dictionary<string, string> members, CancellationToken ct)
    {
        var items = new List<RemoteItem>(members.Count);
        var toFetch = new List<string>();
        foreach (var (name, etag) in members)
        {
            if (cache.Get(name, etag) is { } known) items.Add(known);
            else toFetch.Add(name);
        }
        items.AddRange(await fetcher.FetchAsync(collection, toFetch, ct).ConfigureAwait(false));
        return items;
    }
}
