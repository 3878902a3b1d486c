using System.Text;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local;

/// <summary>
/// A member that is one file holding many items (<c>files:shared/company.vcf</c>, a holiday .ics): read item by
/// item — an unreadable item is quarantined with its reason and the others sync — and written back whole,
/// atomically, when the member receives changes. An item's remote id is its UID, else our stamp, else its title
/// (numbered when repeated), so ids survive edits and reordering. While the file holds an unreadable item it is
/// not rewritten: writing it back would drop that item.
/// </summary>
internal sealed class MultiItemFileSession(FolderRef folder, string path, ItemKind kind, IItemFileFormat format, ScanStore scans, bool durable) : IFolderSession
{
    private const string FileEntry = "\0file";
    private readonly object _gate = new();

    public FolderRef Folder => folder;

    public Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var previous = scans.Load(syncToken);
            var file = new FileInfo(path);
            if (previous is not null && previous.Entries.TryGetValue(FileEntry, out var seen) && file.Exists && seen.SameStat(file.Length, file.LastWriteTimeUtc.Ticks))
            {
                return Task.FromResult(new ChangeSet([], [], ScanStore.Token(previous), IsComplete: false));
            }
            var items = Load(file);
            var entries = new List<ScanEntry>(items.Count + 1);
            var upserts = new List<RemoteItem>();
            foreach (var item in items)
            {
                entries.Add(new ScanEntry(item.RemoteId, 0, 0, item.ChangeKey));
                if (previous is null || !previous.Entries.TryGetValue(item.RemoteId, out var before) || before.Hash != item.ChangeKey) upserts.Add(item);
            }
            if (file.Exists) entries.Add(new ScanEntry(FileEntry, file.Length, file.LastWriteTimeUtc.Ticks, ""));
            var snapshot = new ScanSnapshot(entries);
            scans.Save(snapshot);
            var deletions = previous is null
                ? (IReadOnlyList<string>)[]
                : previous.Entries.Keys.Where(id => id != FileEntry && !snapshot.Entries.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
            return Task.FromResult(new ChangeSet(upserts, deletions, ScanStore.Token(snapshot), IsComplete: previous is null));
        }
    }

    public Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = Load(new FileInfo(path));
            if (current.FirstOrDefault(i => i.Item is null) is { } bad)
            {
                var reason = $"{Path.GetFileName(path)} holds an unreadable item ({bad.ParseError}); it is not rewritten until that is fixed, so nothing in it is lost";
                return Task.FromResult<IReadOnlyList<WriteResult>>(writes.Select(w => new WriteResult(w, WriteOutcome.Failed, w.RemoteId, Error: reason)).ToList());
            }
            var items = current.Select(i => (i.Item!, i.Stamp)).ToList();
            var results = new List<WriteResult>(writes.Count);
            foreach (var write in writes) results.Add(Apply(items, write));

            if (results.Any(r => r.Outcome == WriteOutcome.Ok))
            {
                var stamped = items.Select(i => i.Stamp is { } s ? ItemStampProperty.Attach(i.Item1, s) : i.Item1).ToList();
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                AtomicFile.Replace(path, format.WriteAll(stamped), durable);
                // The keys are those a read of the written file gives, so the engine recognises its own write.
                var written = Load(new FileInfo(path)).ToDictionary(i => i.RemoteId, i => i.ChangeKey, StringComparer.Ordinal);
                for (var i = 0; i < results.Count; i++)
                {
                    var r = results[i];
                    if (r.Outcome == WriteOutcome.Ok && r.Request.Kind != WriteKind.Delete && r.RemoteId is { } id)
                        results[i] = r with { ChangeKey = written.GetValueOrDefault(id) };
                }
            }
            return Task.FromResult<IReadOnlyList<WriteResult>>(results);
        }
    }

    public Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var wanted = logicalIds.ToHashSet(StringComparer.Ordinal);
            IReadOnlyList<RemoteItem> found = Load(new FileInfo(path)).Where(i => i.Stamp is { } s && s.GroupId == groupId && wanted.Contains(s.LogicalId)).ToList();
            return Task.FromResult(found);
        }
    }

    public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(new FolderWatcher(Path.GetDirectoryName(path)!, Path.GetExtension(path), onChange));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private WriteResult Apply(List<(CanonicalItem Item, ItemStamp? Stamp)> items, WriteRequest write)
    {
        switch (write.Kind)
        {
            case WriteKind.Create:
                var item = WithUid(Checked(write.Item), write.Stamp);
                var existing = items.FindIndex(i => i.Stamp is { } s && s.GroupId == write.Stamp.GroupId && s.LogicalId == write.Stamp.LogicalId);
                if (existing >= 0) return new WriteResult(write, WriteOutcome.AlreadyExists, IdsOf(items)[existing], KeyOf(items[existing].Item, items[existing].Stamp));
                items.Add((item, write.Stamp));
                return new WriteResult(write, WriteOutcome.Ok, IdsOf(items)[^1]);
            case WriteKind.Update:
            case WriteKind.Delete:
                var ids = IdsOf(items);
                var at = ids.IndexOf(write.RemoteId ?? "");
                if (at < 0) return new WriteResult(write, WriteOutcome.NotFound, write.RemoteId);
                var currentKey = KeyOf(items[at].Item, items[at].Stamp);
                if (write.ExpectedChangeKey is { } expected && expected != currentKey) return new WriteResult(write, WriteOutcome.Conflict, write.RemoteId, currentKey);
                if (write.Kind == WriteKind.Delete)
                {
                    items.RemoveAt(at);
                    return new WriteResult(write, WriteOutcome.Ok, write.RemoteId);
                }
                // The item keeps its place and its id: its UID (or the one it had) stays.
                var updated = Checked(write.Item);
                if (string.IsNullOrWhiteSpace(updated.Uid) && items[at].Item.Uid is { } uid) updated = updated with { Uid = uid };
                updated = WithUid(updated, write.Stamp);
                items[at] = (updated, write.Stamp);
                return new WriteResult(write, WriteOutcome.Ok, IdsOf(items)[at]);
            default:
                throw new ArgumentOutOfRangeException(nameof(write));
        }
    }

    /// <summary>iCalendar requires a UID: an item from a store without one gets a stable one from its logical id, as in a directory member.</summary>
    private CanonicalItem WithUid(CanonicalItem item, ItemStamp stamp) =>
        kind != ItemKind.Contact && string.IsNullOrWhiteSpace(item.Uid) ? item with { Uid = $"tandem-{stamp.LogicalId}" } : item;

    private CanonicalItem Checked(CanonicalItem? item)
    {
        if (item is null) throw new ArgumentException("a create or update carries no item");
        if (item.Kind != kind) throw new ArgumentException($"cannot write a {item.Kind} into a file of {kind}s");
        return item;
    }

    private List<RemoteItem> Load(FileInfo file)
    {
        if (!file.Exists) return [];
        return MultiItemContent.Read(format, kind, File.ReadAllBytes(file.FullName), file.Name, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
    }

    private static List<string> IdsOf(List<(CanonicalItem Item, ItemStamp? Stamp)> items) =>
        MultiItemContent.Ids(items.Select(i => ((CanonicalItem?)i.Item, i.Stamp)).ToList());

    private static string KeyOf(CanonicalItem item, ItemStamp? stamp) => MultiItemContent.KeyOf(item, stamp);
}
