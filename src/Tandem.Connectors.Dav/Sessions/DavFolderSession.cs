using System.Collections.Concurrent;
using Tandem.Connectors.Dav.Discovery;
using Tandem.Connectors.Dav.Protocol;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;

namespace Tandem.Connectors.Dav.Sessions;

/// <summary>
/// One calendar or address book. Its URL comes from the stored token when there is one (no discovery on a routine
/// run), else from discovery, which also makes the collection when the member receives changes. When the server says
/// the token's collection is not there any more (404, or a redirect), the folder is looked up again by name: found
/// elsewhere, it is read whole from there; not found, the read fails (nothing is made, nothing inferred deleted).
/// A read asked again from the token this session's last read returned, after writes (the engine's catch-up, which
/// makes a token cover our own writes), is answered without a request: the same server token, carrying the writes
/// (<see cref="OwnWrites"/>), which the next read sorts out of what the server reports.
/// </summary>
internal sealed class DavFolderSession : IFolderSession
{
    private readonly DavClient _client;
    private readonly Func<bool, CancellationToken, Task<DavCollection>> _resolve;
    private readonly ResourceFetcher _fetcher;
    private readonly ChangeReader _reader;
    private readonly ItemWriter _writer;
    private readonly DavItemFormat _format;
    private readonly SemaphoreSlim _resolving = new(1, 1);
    private readonly ConcurrentDictionary<string, OwnWrite> _own = new(StringComparer.Ordinal);
    private DavCollection? _collection;
    private Uri? _url;
    private string? _lastRead;

    public DavFolderSession(FolderRef folder, DavClient client, DavItemFormat format, Func<bool, CancellationToken, Task<DavCollection>> resolve, TimeProvider time)
    {
        Folder = folder;
        _client = client;
        _format = format;
        _resolve = resolve;
        var cache = new ResourceCache();
        _fetcher = new ResourceFetcher(client, format, cache);
        _reader = new ChangeReader(client, _fetcher, cache);
        _writer = new ItemWriter(client, format, _fetcher, cache, time);
    }

    public FolderRef Folder { get; }

    public async Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken)
    {
        if (syncToken is not null && syncToken == _lastRead && !_own.IsEmpty && DavToken.Parse(syncToken) is { Mode: DavTokenMode.SyncCollection } read)
        {
            var covering = read with { Own = OwnWrites.From(_own) };
            _own.Clear();
            _lastRead = null;
            return new ChangeSet([], [], covering.ToString(), false);
        }
        var changes = await ReadFromServerAsync(syncToken, cancellationToken).ConfigureAwait(false);
        _own.Clear();
        _lastRead = DavToken.Parse(changes.NewToken) is { Mode: DavTokenMode.SyncCollection } ? changes.NewToken : null;
        return changes;
    }

    private async Task<ChangeSet> ReadFromServerAsync(string? syncToken, CancellationToken cancellationToken)
    {
        if (DavToken.Parse(syncToken) is { } token && (_url is null || _url.AbsolutePath == token.CollectionPath))
        {
            _url ??= new Uri(_client.BaseUrl, token.CollectionPath);
            try
            {
                return await _reader.IncrementalAsync(_url, token, cancellationToken).ConfigureAwait(false);
            }
            catch (DavException e) when (_collection is null && ChangeReader.IsGone(e.Status))
            {
                var found = await CollectionAsync(cancellationToken, again: true).ConfigureAwait(false);
                if (found.Url.AbsolutePath == token.CollectionPath) throw;
                return await _reader.CompleteAsync(found.Url, found.SupportsSyncCollection, cancellationToken).ConfigureAwait(false);
            }
        }
        var collection = await CollectionAsync(cancellationToken).ConfigureAwait(false);
        return await _reader.CompleteAsync(collection.Url, collection.SupportsSyncCollection, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var url = await UrlAsync(cancellationToken).ConfigureAwait(false);
        await _writer.PrefetchAsync(url, writes, cancellationToken).ConfigureAwait(false);
        var results = new WriteResult[writes.Count];
        // writes to one resource (two creates of one logical id, an update then a delete) must keep their order
        var parallel = writes.Select(Target).Distinct(StringComparer.Ordinal).Count() == writes.Count ? DavClient.Connections : 1;
        await Parallel.ForEachAsync(Enumerable.Range(0, writes.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await _writer.WriteAsync(url, writes[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        foreach (var result in results.Where(r => r.Outcome == WriteOutcome.Ok && r.RemoteId is not null))
        {
            var kind = result.Request.Kind switch { WriteKind.Create => OwnWriteKind.Created, WriteKind.Update => OwnWriteKind.Updated, _ => OwnWriteKind.Deleted };
            OwnWrites.Record(_own, result.RemoteId!, kind, result.ChangeKey);
        }
        return results;
    }

    public async Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logicalIds);
        var url = await UrlAsync(cancellationToken).ConfigureAwait(false);
        var names = logicalIds.SelectMany(id =>
        {
            var (primary, alternate) = ResourceNames.For(new ItemStamp(groupId, id, ""), _format.Extension);
            return new[] { primary, alternate };
        }).Distinct(StringComparer.Ordinal).ToList();
        var wanted = logicalIds.ToHashSet(StringComparer.Ordinal);
        var found = await _fetcher.FetchAsync(url, names, cancellationToken).ConfigureAwait(false);
        return found.Where(i => i.Stamp is { } s && s.GroupId == groupId && wanted.Contains(s.LogicalId)).ToList();
    }

    /// <summary>DAV has no push standard: the caller polls, and a poll with nothing changed costs one small request.</summary>
    public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) => Task.FromResult<IAsyncDisposable?>(null);

    public ValueTask DisposeAsync()
    {
        _resolving.Dispose();
        return ValueTask.CompletedTask;
    }

    private static string Target(WriteRequest write) => write.Kind == WriteKind.Create ? "+" + write.Stamp.LogicalId : write.RemoteId ?? "";

    private async Task<Uri> UrlAsync(CancellationToken ct) => _url ?? (await CollectionAsync(ct).ConfigureAwait(false)).Url;

    private async Task<DavCollection> CollectionAsync(CancellationToken ct, bool again = false)
    {
        await _resolving.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            _collection ??= await _resolve(again, ct).ConfigureAwait(false);
            _url = _collection.Url;
            return _collection;
        }
        finally
        {
            _resolving.Release();
        }
    }
}
