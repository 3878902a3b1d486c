using System.Globalization;
using System.Net;
using System.Xml.Linq;
using Tandem.Connectors.Dav.Discovery;
using Tandem.Connectors.Dav.Protocol;
using Tandem.Core.Connectors;
using static Tandem.Connectors.Dav.Protocol.DavNames;

namespace Tandem.Connectors.Dav.Sessions;

/// <summary>Fetches resources by name with calendar-multiget / addressbook-multiget, in batches, a few batches at a time.</summary>
internal sealed class ResourceFetcher(DavClient client, DavItemFormat format, ResourceCache cache)
{
    /// <summary>Large batches keep the request count low; servers answer a thousand small resources in one body easily.</summary>
    public const int BatchSize = 1000;

    /// <summary>The resources found (a name that no longer exists is simply absent), in no particular order.</summary>
    public async Task<IReadOnlyList<RemoteItem>> FetchAsync(Uri collection, IReadOnlyCollection<string> names, CancellationToken ct)
    {
        if (names.Count == 0) return [];
        var batches = names.Chunk(BatchSize).ToList();
        var results = new IReadOnlyList<RemoteItem>[batches.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batches.Count), new ParallelOptions { MaxDegreeOfParallelism = DavClient.Connections, CancellationToken = ct },
            async (i, token) => results[i] = await FetchBatchAsync(collection, batches[i], token).ConfigureAwait(false)).ConfigureAwait(false);
        return results.SelectMany(r => r).ToList();
    }

    /// <summary>The property that carries a resource's body: address-data in address books, calendar-data in calendars.</summary>
    public XName DataName => format.Kind == Core.Items.ItemKind.Contact ? AddressData : CalendarData;

    private async Task<IReadOnlyList<RemoteItem>> FetchBatchAsync(Uri collection, string[] names, CancellationToken ct)
    {
        var hrefs = names.Select(n => DavPaths.Child(collection, n).AbsolutePath);
        var reply = await client.ReportAsync(collection, 1, DavRequests.Multiget(format.Kind == Core.Items.ItemKind.Contact, hrefs), ct).ConfigureAwait(false);
        if (!reply.IsMultiStatus) throw new DavException("REPORT multiget", collection, reply.Status, reply.Body);
        return Take(collection, MultiStatus.Parse(reply.Body));
    }

    /// <summary>
    /// The members of a 207 that came with their body (a multiget's, or a sync report's that asked for them), cached;
    /// <paramref name="wanted"/> (name, ETag) passes over those not needed, unread.
    /// </summary>
    public IReadOnlyList<RemoteItem> Take(Uri collection, MultiStatus status, Func<string, string, bool>? wanted = null)
    {
        var items = new List<RemoteItem>(status.Responses.Count);
        foreach (var response in status.Responses)
        {
            if (response.Status is { } code && code != HttpStatusCode.OK) continue;
            var name = DavPaths.MemberName(collection, response.Href);
            var etag = response.Text(GetEtag);
            var body = response.Text(DataName);
            if (name is null || etag is null || body is null || wanted?.Invoke(name, etag) == false) continue;
            var item = ToRemoteItem(name, etag, body, Modified(response.Text(GetLastModified)));
            cache.Put(item);
            items.Add(item);
        }
        return items;
    }

    public RemoteItem ToRemoteItem(string name, string etag, string body, DateTimeOffset? modified)
    {
        var (item, stamp, error) = format.Read(name, body);
        return new RemoteItem(name, etag, item, stamp, modified, error);
    }

    private static DateTimeOffset? Modified(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
