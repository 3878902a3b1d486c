using System.Net;
using Tandem.Connectors.Dav.Discovery;
using Tandem.Connectors.Dav.Protocol;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using static Tandem.Connectors.Dav.Protocol.DavNames;

namespace Tandem.Connectors.Dav.Sessions;

/// <summary>
/// Creates with If-None-Match: * on a name derived from the logical id (a repeat after a crash meets the first attempt
/// and reports it, never a second copy); updates and deletes with If-Match on the ETag the engine last saw, so a 412
/// comes back as a conflict and the engine re-reads and re-plans instead of overwriting someone's edit.
/// </summary>
internal sealed class ItemWriter(DavClient client, DavItemFormat format, ResourceFetcher fetcher, ResourceCache cache, TimeProvider time)
{
    public async Task<WriteResult> WriteAsync(Uri collection, WriteRequest write, CancellationToken ct)
    {
        try
        {
            return write.Kind switch
            {
                WriteKind.Create => await CreateAsync(collection, write, ct).ConfigureAwait(false),
                WriteKind.Update => await UpdateAsync(collection, write, ct).ConfigureAwait(false),
                _ => await DeleteAsync(collection, write, ct).ConfigureAwait(false),
            };
        }
        catch (Exception e) when (e is HttpRequestException or DavException or ArgumentException or InvalidCastException)
        {
            return new WriteResult(write, WriteOutcome.Failed, write.RemoteId, Error: e.Message);
        }
    }

    /// <summary>
    /// The server copies a batch's updates replace, in one multiget instead of a GET each: an update whose expected ETag
    /// the cache then holds keeps the copy's extra properties without a request of its own. A copy that changed since
    /// (another ETag) stays out of the cache, so its update asks again and reports the conflict as before.
    /// </summary>
    public async Task PrefetchAsync(Uri collection, IReadOnlyList<WriteRequest> writes, CancellationToken ct)
    {
        var names = writes
            .Where(w => w.Kind == WriteKind.Update && w.ExpectedChangeKey is not null && !string.IsNullOrEmpty(w.RemoteId) && !w.RemoteId.Contains('/', StringComparison.Ordinal))
            .Where(w => cache.Get(w.RemoteId!, w.ExpectedChangeKey) is null)
            .Select(w => w.RemoteId!)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (names.Count < 2) return; // one update costs one request either way
        try
        {
            await fetcher.FetchAsync(collection, names, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or DavException)
        {
            // each update fetches its own copy then, and reports its own error
        }
    }

    private async Task<WriteResult> CreateAsync(Uri collection, WriteRequest write, CancellationToken ct)
    {
        var item = write.Item ?? throw new ArgumentException("a create carries no item");
        var (primary, alternate) = ResourceNames.For(write.Stamp, format.Extension);
        foreach (var name in new[] { primary, alternate })
        {
            var url = DavPaths.Child(collection, name);
            var (body, written) = format.Write(item, write.Stamp, null);
            var reply = await client.PutAsync(url, format.ContentType, body, null, ct).ConfigureAwait(false);
            if (reply.IsSuccess) return new WriteResult(write, WriteOutcome.Ok, name, await RememberAsync(collection, name, reply, written, write.Stamp, ct).ConfigureAwait(false));
            if (reply.Status != HttpStatusCode.PreconditionFailed) return Failed(write, "PUT", url, reply);
            // the name is taken: by our own earlier attempt (a crash between create and record), or by another client
            var existing = (await fetcher.FetchAsync(collection, [name], ct).ConfigureAwait(false)).FirstOrDefault();
            if (existing?.Stamp is { } s && s.GroupId == write.Stamp.GroupId && s.LogicalId == write.Stamp.LogicalId)
            {
                return new WriteResult(write, WriteOutcome.AlreadyExists, name, existing.ChangeKey);
            }
        }
        return new WriteResult(write, WriteOutcome.Failed, Error: $"resources '{primary}' and '{alternate}' exist and are not this item");
    }

    private async Task<WriteResult> UpdateAsync(Uri collection, WriteRequest write, CancellationToken ct)
    {
        var item = write.Item ?? throw new ArgumentException("an update carries no item");
        var name = RequireName(write);
        // the server copy is needed for what other clients put there that Tandem does not model
        var current = cache.Get(name, write.ExpectedChangeKey) ?? (await fetcher.FetchAsync(collection, [name], ct).ConfigureAwait(false)).FirstOrDefault();
        if (current is null) return new WriteResult(write, WriteOutcome.NotFound, name);
        if (write.ExpectedChangeKey is not null && current.ChangeKey != write.ExpectedChangeKey)
        {
            return new WriteResult(write, WriteOutcome.Conflict, name, current.ChangeKey);
        }
        var (body, written) = format.Write(item, write.Stamp, current.Item);
        var url = DavPaths.Child(collection, name);
        var reply = await client.PutAsync(url, format.ContentType, body, write.ExpectedChangeKey ?? current.ChangeKey, ct).ConfigureAwait(false);
        return reply.Status switch
        {
            HttpStatusCode.PreconditionFailed => await LostAsync(collection, write, name, ct).ConfigureAwait(false),
            HttpStatusCode.NotFound => Gone(write, name),
            _ when reply.IsSuccess => new WriteResult(write, WriteOutcome.Ok, name, await RememberAsync(collection, name, reply, written, write.Stamp, ct).ConfigureAwait(false)),
            _ => Failed(write, "PUT", url, reply),
        };
    }

    private async Task<WriteResult> DeleteAsync(Uri collection, WriteRequest write, CancellationToken ct)
    {
        var name = RequireName(write);
        var url = DavPaths.Child(collection, name);
        var reply = await client.DeleteAsync(url, write.ExpectedChangeKey, ct).ConfigureAwait(false);
        if (reply.IsSuccess) cache.Forget(name);
        return reply.Status switch
        {
            HttpStatusCode.PreconditionFailed => await LostAsync(collection, write, name, ct).ConfigureAwait(false),
            HttpStatusCode.NotFound => Gone(write, name),
            _ when reply.IsSuccess => new WriteResult(write, WriteOutcome.Ok, name),
            _ => Failed(write, "DELETE", url, reply),
        };
    }

    /// <summary>
    /// The new ETag: from the PUT when the server stored the body as sent (RFC 4791 §5.3.4 forbids the header
    /// otherwise), else asked for, so the engine recognises this write when the next sync report lists it.
    /// </summary>
    private async Task<string> RememberAsync(Uri collection, string name, DavReply reply, CanonicalItem written, ItemStamp stamp, CancellationToken ct)
    {
        var etag = reply.ETag;
        if (etag is null)
        {
            var url = DavPaths.Child(collection, name);
            var props = await client.PropfindAsync(url, 0, DavRequests.Propfind(GetEtag), ct).ConfigureAwait(false);
            etag = props.IsMultiStatus ? MultiStatus.Parse(props.Body).Responses.FirstOrDefault()?.Text(GetEtag) : null;
            if (etag is null) throw new DavException("PROPFIND", url, props.Status, "no getetag after the write");
            // the server rewrote the body: what it holds now is what later reads compare with
            cache.Forget(name);
            return etag;
        }
        cache.Put(new RemoteItem(name, etag, written, stamp, time.GetUtcNow()));
        return etag;
    }

    private static string RequireName(WriteRequest write) =>
        string.IsNullOrEmpty(write.RemoteId) || write.RemoteId.Contains('/', StringComparison.Ordinal)
            ? throw new ArgumentException($"'{write.RemoteId}' is not a resource name of this collection")
            : write.RemoteId;

    /// <summary>412: someone changed the resource since the engine read it, or deleted it (If-Match fails on a missing resource too).</summary>
    private async Task<WriteResult> LostAsync(Uri collection, WriteRequest write, string name, CancellationToken ct)
    {
        cache.Forget(name);
        var current = (await fetcher.FetchAsync(collection, [name], ct).ConfigureAwait(false)).FirstOrDefault();
        return current is null ? new WriteResult(write, WriteOutcome.NotFound, name) : new WriteResult(write, WriteOutcome.Conflict, name, current.ChangeKey);
    }

    private WriteResult Gone(WriteRequest write, string name)
    {
        cache.Forget(name);
        return new WriteResult(write, WriteOutcome.NotFound, name);
    }

    private static WriteResult Failed(WriteRequest write, string method, Uri url, DavReply reply) =>
        new(write, WriteOutcome.Failed, write.RemoteId, Error: new DavException(method, url, reply.Status, reply.Body).Message);
}
