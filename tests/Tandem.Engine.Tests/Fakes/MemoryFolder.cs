using Tandem.Core.Connectors;
using Tandem.Core.Items;

namespace Tandem.Engine.Tests.Fakes;

/// <summary>
/// One folder of the in-memory store: items with change keys and stamps, and a change log so that
/// tokens give incremental reads (like EWS SyncFolderItems), or complete listings (like a directory scan).
/// </summary>
internal sealed class MemoryFolder
{
    private readonly Dictionary<string, Entry> _items = new(StringComparer.Ordinal);
    private readonly List<(long Seq, string RemoteId, bool Deleted)> _log = [];
    private readonly Dictionary<string, long> _createdAt = new(StringComparer.Ordinal);
    private long _seq;
    private int _nextId;
    private readonly string _prefix;

    public MemoryFolder(string prefix) => _prefix = prefix;

    internal sealed record Entry(string RemoteId, string ChangeKey, CanonicalItem? Item, ItemStamp? Stamp, DateTimeOffset Modified, string? ParseError = null);

    /// <summary>
    /// Like Exchange's SyncFolderItems, an incremental read reports a deletion only for an item the token had already
    /// seen: an item created and deleted since the token is simply not there. (Before, the fake reported such deletions,
    /// which hid the engine's defect of keeping a token that never saw its own fresh copies.)
    /// </summary>
    public bool ReportUnseenDeletions { get; set; }

    /// <summary>Reads return the whole folder every time (inferring deletions from absence).</summary>
    public bool CompleteListings { get; set; }

    public IReadOnlyCollection<Entry> Items
    {
        get { lock (_items) return _items.Values.ToList(); }
    }

    public Entry? Get(string remoteId)
    {
        lock (_items) return _items.GetValueOrDefault(remoteId);
    }

    public string Add(CanonicalItem item, DateTimeOffset modified, ItemStamp? stamp = null)
    {
        lock (_items)
        {
            var id = $"{_prefix}-{++_nextId}";
            Put(new Entry(id, NewKey(), item, stamp, modified));
            return id;
        }
    }

    public void Edit(string remoteId, CanonicalItem item, DateTimeOffset modified)
    {
        lock (_items)
        {
            var entry = _items[remoteId];
            Put(entry with { ChangeKey = NewKey(), Item = item, Modified = modified, ParseError = null });
        }
    }

    /// <summary>Makes an item unreadable, as a damaged file would be.</summary>
    public void Corrupt(string remoteId, string reason)
    {
        lock (_items) Put(_items[remoteId] with { ChangeKey = NewKey(), Item = null, ParseError = reason });
    }

    public void Delete(string remoteId)
    {
        lock (_items)
        {
            if (_items.Remove(remoteId)) _log.Add((++_seq, remoteId, true));
        }
    }

    public ChangeSet Read(string? token)
    {
        lock (_items)
        {
            if (token is null || CompleteListings)
                return new ChangeSet(_items.Values.Select(ToRemote).ToList(), [], _seq.ToString(System.Globalization.CultureInfo.InvariantCulture), true);
            var since = long.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
            var upserts = new Dictionary<string, RemoteItem>(StringComparer.Ordinal);
            var deletions = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (seq, remoteId, deleted) in _log)
            {
                if (seq <= since) continue;
                if (deleted)
                {
                    // like SyncFolderItems: a deletion is reported only for an item the token had seen; one created and
                    // deleted since then is simply not there
                    upserts.Remove(remoteId);
                    if (ReportUnseenDeletions || !_createdAt.TryGetValue(remoteId, out var created) || created <= since) deletions.Add(remoteId);
                    else deletions.Remove(remoteId);
                }
                else if (_items.TryGetValue(remoteId, out var entry))
                {
                    deletions.Remove(remoteId);
                    upserts[remoteId] = ToRemote(entry);
                }
            }
            return new ChangeSet(upserts.Values.ToList(), deletions.ToList(), _seq.ToString(System.Globalization.CultureInfo.InvariantCulture), false);
        }
    }

    public WriteResult Write(WriteRequest request, DateTimeOffset now)
    {
        lock (_items)
        {
            switch (request.Kind)
            {
                case WriteKind.Create:
                    var existing = _items.Values.FirstOrDefault(e => e.Stamp is { } s && s.GroupId == request.Stamp.GroupId && s.LogicalId == request.Stamp.LogicalId && s.Intent == request.Stamp.Intent);
                    if (existing is not null) return new WriteResult(request, WriteOutcome.AlreadyExists, existing.RemoteId, existing.ChangeKey);
                    var id = $"{_prefix}-{++_nextId}";
                    var created = new Entry(id, NewKey(), request.Item, request.Stamp, now);
                    Put(created);
                    return new WriteResult(request, WriteOutcome.Ok, id, created.ChangeKey);
                case WriteKind.Update:
                    if (request.RemoteId is null || !_items.TryGetValue(request.RemoteId, out var current)) return new WriteResult(request, WriteOutcome.NotFound);
                    if (request.ExpectedChangeKey is not null && request.ExpectedChangeKey != current.ChangeKey) return new WriteResult(request, WriteOutcome.Conflict);
                    var updated = current with { ChangeKey = NewKey(), Item = request.Item, Modified = now, Stamp = request.Stamp, ParseError = null };
                    Put(updated);
                    return new WriteResult(request, WriteOutcome.Ok, updated.RemoteId, updated.ChangeKey);
                default:
                    if (request.RemoteId is null || !_items.TryGetValue(request.RemoteId, out var victim)) return new WriteResult(request, WriteOutcome.NotFound);
                    if (request.ExpectedChangeKey is not null && request.ExpectedChangeKey != victim.ChangeKey) return new WriteResult(request, WriteOutcome.Conflict);
                    Delete(request.RemoteId);
                    return new WriteResult(request, WriteOutcome.Ok, request.RemoteId);
            }
        }
    }

    public IReadOnlyList<RemoteItem> FindByStamp(string groupId, IReadOnlyCollection<string> logicalIds)
    {
        lock (_items)
        {
            return _items.Values.Where(e => e.Stamp is { } s && s.GroupId == groupId && logicalIds.Contains(s.LogicalId)).Select(ToRemote).ToList();
        }
    }

    private void Put(Entry entry)
    {
        _items[entry.RemoteId] = entry;
        _log.Add((++_seq, entry.RemoteId, false));
        _createdAt.TryAdd(entry.RemoteId, _seq);
    }

    private long _keys;

    private string NewKey() => "ck" + (++_keys).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static RemoteItem ToRemote(Entry e) => new(e.RemoteId, e.ChangeKey, e.Item, e.Stamp, e.Modified, e.ParseError);
}
