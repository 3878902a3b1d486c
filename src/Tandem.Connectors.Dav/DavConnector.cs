using System.Collections.Concurrent;
using System.Net;
using Tandem.Connectors.Dav.Discovery;
using Tandem.Connectors.Dav.Protocol;
using Tandem.Connectors.Dav.Sessions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Dav;

/// <summary>
/// A CalDAV/CardDAV server as a store. The mailbox of a folder reference is the principal (alice), the folder path
/// the collection's name under the calendar or address-book home (<c>dav:alice/work</c>). Discovery runs at most once
/// per connector, and not at all when a folder's stored token already names its collection; the folders of one home
/// are found by one listing of it, not one request each.
/// </summary>
internal sealed class DavConnector : IConnector
{
    private readonly DavSettings _settings;
    private readonly TimeProvider _time;
    private readonly DavClient _client;
    private readonly ConcurrentDictionary<Uri, Lazy<Task<IReadOnlyList<DavCollection>>>> _listings = new();
    private Lazy<Task<DavHomes>> _homes;
    private bool _homesStored;

    public DavConnector(ConnectionDefinition connection, DavSettings settings, string? password, TimeProvider time)
    {
        Connection = connection;
        _settings = settings;
        _time = time;
        _client = new DavClient(settings.Url, settings.User, password);
        _homesStored = settings.Homes is not null;
        _homes = settings.Homes is { } stored ? new Lazy<Task<DavHomes>>(Task.FromResult(stored)) : Discovering();
    }

    public ConnectionDefinition Connection { get; }

    /// <summary>HTTP requests sent so far (the vdirsyncer race reports it).</summary>
    public long RequestCount => _client.RequestCount;

    /// <summary>The principal and homes, found by discovery (the settings that save later runs from asking again).</summary>
    public Task<DavHomes> DiscoverAsync(CancellationToken cancellationToken) => _homes.Value.WaitAsync(cancellationToken);

    public Task<IReadOnlyList<FolderInfo>> ListFoldersAsync(string? mailbox, CancellationToken cancellationToken) =>
        WithHomesAsync(ct => FoldersAsync(mailbox, ct), cancellationToken);

    public Task<IFolderSession> OpenFolderAsync(FolderRef folder, ItemKind kind, bool create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (kind == ItemKind.Message)
        {
            throw new NotSupportedException($"{folder}: CalDAV and CardDAV servers hold no mail; a mail group's members are Exchange or local folders");
        }
        var format = new DavItemFormat(kind, _settings.VCardVersion, _time);
        return Task.FromResult<IFolderSession>(new DavFolderSession(folder, _client, format,
            (again, ct) =>
            {
                // the collection a token named is gone: the stored homes may be as stale as it is
                if (again) ForgetStoredHomes();
                return WithHomesAsync(c => ResolveAsync(folder, kind, create && !again, again, c), ct);
            }, _time));
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private Lazy<Task<DavHomes>> Discovering() => new(() => new DavDiscovery(_client).DiscoverAsync(CancellationToken.None));

    /// <summary>
    /// Runs <paramref name="work"/> on the homes the connection stored; when the server says one is not there (moved,
    /// a changed account), discovery finds them afresh and the work runs once more.
    /// </summary>
    private async Task<T> WithHomesAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await work(ct).ConfigureAwait(false);
        }
        catch (DavException e) when (_homesStored && (ChangeReader.IsGone(e.Status) || e.Status == HttpStatusCode.Forbidden))
        {
            ForgetStoredHomes();
            return await work(ct).ConfigureAwait(false);
        }
    }

    private void ForgetStoredHomes()
    {
        if (!_homesStored) return;
        _homesStored = false;
        _homes = Discovering();
        _listings.Clear();
    }

    private async Task<IReadOnlyList<FolderInfo>> FoldersAsync(string? mailbox, CancellationToken cancellationToken)
    {
        var homes = await HomesAsync(mailbox, cancellationToken).ConfigureAwait(false);
        var folders = new List<FolderInfo>();
        foreach (var home in new[] { homes.CalendarHome, homes.AddressbookHome }.OfType<Uri>().Distinct())
        {
            foreach (var collection in await ListHomeAsync(home, cancellationToken).ConfigureAwait(false))
            {
                var name = DavPaths.LastSegment(collection.Url);
                folders.AddRange(collection.Kinds.Select(k => new FolderInfo(homes.Mailbox, name, k, null, collection.Url.AbsolutePath)));
            }
        }
        return folders.OrderBy(f => f.Path, StringComparer.Ordinal).ThenBy(f => f.Kind).ToList();
    }

    private async Task<DavHomes> HomesAsync(string? mailbox, CancellationToken ct)
    {
        var homes = await _homes.Value.WaitAsync(ct).ConfigureAwait(false);
        if (mailbox is not null && !string.Equals(mailbox, homes.Mailbox, StringComparison.OrdinalIgnoreCase))
        {
            throw new DavException($"connection '{Connection.Name}' signs in as principal '{homes.Mailbox}', not '{mailbox}'; use {Connection.Name}:{homes.Mailbox}/FOLDER");
        }
        return homes;
    }

    /// <summary>
    /// The folder's collection, made when <paramref name="create"/> is set and it does not exist; its kind checked.
    /// <paramref name="again"/>: the collection a stored token named has gone from there, so the server is asked afresh.
    /// </summary>
    private async Task<DavCollection> ResolveAsync(FolderRef folder, ItemKind kind, bool create, bool again, CancellationToken ct)
    {
        var homes = await HomesAsync(folder.Mailbox, ct).ConfigureAwait(false);
        var home = (kind == ItemKind.Contact ? homes.AddressbookHome : homes.CalendarHome)
            ?? throw new DavException($"{folder}: the server has no {(kind == ItemKind.Contact ? "address-book" : "calendar")} home for {homes.Mailbox}");
        var url = folder.Segments.Aggregate(home, (parent, segment) => DavPaths.Child(parent, segment, isCollection: true));
        var collection = (again ? null : await ListedAsync(home, url, ct).ConfigureAwait(false)) ?? await DescribeAsync(url, ct).ConfigureAwait(false);
        if (collection is null)
        {
            if (!create) throw new DavException($"folder {folder} does not exist (no collection at {url.AbsolutePath})");
            await MakeAsync(url, folder.Segments[^1], kind, ct).ConfigureAwait(false);
            collection = await DescribeAsync(url, ct).ConfigureAwait(false) ?? throw new DavException($"{folder}: the collection made at {url.AbsolutePath} cannot be found");
        }
        if (!collection.Kinds.Contains(kind))
        {
            throw new DavException($"folder {folder} holds {string.Join(", ", collection.Kinds)} items, but the group holds {kind} items");
        }
        return collection;
    }

    /// <summary>
    /// The collection at <paramref name="url"/> as the home's listing shows it (fetched once per connector, so a group's
    /// folders on one server cost one request together); null when the listing does not show it, and the caller asks
    /// for the URL itself (a nested folder, one made since, a server that spells the path differently).
    /// </summary>
    private async Task<DavCollection?> ListedAsync(Uri home, Uri url, CancellationToken ct)
    {
        var wanted = Uri.UnescapeDataString(url.AbsolutePath);
        var listing = await ListHomeAsync(home, ct).ConfigureAwait(false);
        return listing.FirstOrDefault(c => string.Equals(Uri.UnescapeDataString(c.Url.AbsolutePath), wanted, StringComparison.Ordinal));
    }

    private Task<IReadOnlyList<DavCollection>> ListHomeAsync(Uri home, CancellationToken ct) =>
        _listings.GetOrAdd(home, h => new Lazy<Task<IReadOnlyList<DavCollection>>>(() => FetchListingAsync(h, CancellationToken.None))).Value.WaitAsync(ct);

    private async Task<IReadOnlyList<DavCollection>> FetchListingAsync(Uri home, CancellationToken ct)
    {
        var reply = await _client.PropfindAsync(home, 1, DavRequests.Propfind(DavCollection.Properties), ct).ConfigureAwait(false);
        if (!reply.IsMultiStatus) throw new DavException("PROPFIND", home, reply.Status, reply.Body);
        var collections = new List<DavCollection>();
        foreach (var response in MultiStatus.Parse(reply.Body).Responses)
        {
            var url = DavPaths.Collection(new Uri(home, response.Href));
            if (url != home && response.Status is null or HttpStatusCode.OK && DavCollection.From(url, response) is { } collection) collections.Add(collection);
        }
        return collections;
    }

    private async Task<DavCollection?> DescribeAsync(Uri url, CancellationToken ct)
    {
        var reply = await _client.PropfindAsync(url, 0, DavRequests.Propfind(DavCollection.Properties), ct).ConfigureAwait(false);
        if (reply.Status == HttpStatusCode.NotFound) return null;
        if (!reply.IsMultiStatus) throw new DavException("PROPFIND", url, reply.Status, reply.Body);
        var response = MultiStatus.Parse(reply.Body).Responses.FirstOrDefault();
        // Xandikos answers a PROPFIND on a missing collection with a 207 whose response says 404
        if (response is null || response.Status == HttpStatusCode.NotFound || response.Props.Count == 0) return null;
        return DavCollection.From(url, response) ?? throw new DavException($"{url.AbsolutePath} exists but is not a calendar or address book");
    }

    private async Task MakeAsync(Uri url, string name, ItemKind kind, CancellationToken ct)
    {
        DavReply reply;
        if (kind == ItemKind.Contact)
        {
            reply = await _client.MkcolAsync(url, DavRequests.MakeCollection(name, null), ct).ConfigureAwait(false);
        }
        else
        {
            reply = await _client.MkcalendarAsync(url, DavRequests.MakeCalendar(name, DavCollection.Component(kind)), ct).ConfigureAwait(false);
            if (!reply.IsSuccess) reply = await _client.MkcolAsync(url, DavRequests.MakeCollection(name, DavCollection.Component(kind)), ct).ConfigureAwait(false);
        }
        if (!reply.IsSuccess) throw new DavException(kind == ItemKind.Contact ? "MKCOL" : "MKCALENDAR", url, reply.Status, reply.Body);
    }
}
