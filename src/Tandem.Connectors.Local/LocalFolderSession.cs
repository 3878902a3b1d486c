using System.Collections.Concurrent;
using System.IO.Enumeration;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Local;

/// <summary>
/// One directory of item files. Changes are found by scanning: a file whose size and modification time match
/// the snapshot the sync token names is unchanged and is not read again; the others are read, hashed and parsed.
/// </summary>
internal sealed class LocalFolderSession(
    FolderRef folder,
    string directory,
    ItemKind kind,
    IItemFileFormat format,
    ScanStore scans,
    bool durable) : IFolderSession, IOwnWritesToken
{
    private static readonly int Parallelism = Math.Clamp(Environment.ProcessorCount * 2, 4, 16);

    private readonly ItemFileReader _reader = new(format, kind);

    /// <summary>
    /// Files this session wrote, with the item they hold: what <see cref="TokenAfterOwnWrites"/> vouches for, and what a
    /// read later in the same session (a follow-up cycle, or the catch-up when that token cannot be named) takes for a
    /// file whose size and time are still the ones we wrote, instead of reading and parsing it again; any later change
    /// to the file changes its stat and sends it to the reader.
    /// </summary>
    private readonly ConcurrentDictionary<string, (FileChangeKey Key, CanonicalItem Item, ItemStamp Stamp)> _written = new(StringComparer.Ordinal);

    /// <summary>Files this session deleted (and has not written since).</summary>
    private readonly ConcurrentDictionary<string, bool> _deleted = new(StringComparer.Ordinal);

    public FolderRef Folder => folder;

    public string DirectoryPath => directory;

    // A scan is a stat of every file, all of it on the calling thread: run on the pool, the engine's reads of a group's
    // folders (which it starts together) overlap instead of running one after the other
    public Task<ChangeSet> ReadChangesAsync(string? syncToken, CancellationToken cancellationToken) =>
        Task.Run(() => ReadChanges(syncToken, cancellationToken), cancellationToken);

    private ChangeSet ReadChanges(string? syncToken, CancellationToken cancellationToken)
    {
        var previous = scans.Load(syncToken);
        var entries = new List<ScanEntry>();
        var toRead = new List<FileInfo>();
        foreach (var (name, size, mtimeTicks) in ItemStats())
        {
            if (previous is not null && previous.Entries.TryGetValue(name, out var seen) && seen.SameStat(size, mtimeTicks))
            {
                entries.Add(seen);
            }
            else
            {
                toRead.Add(new FileInfo(Path.Combine(directory, name)));
            }
        }
        if (previous is not null && toRead.Count == 0 && entries.Count == previous.Entries.Count)
        {
            // nothing changed: the snapshot the token names still describes the folder, so it is not built and hashed again
            scans.Touch(previous);
            return new ChangeSet([], [], ScanStore.Token(previous), IsComplete: false);
        }
        // reading is latency-bound (open, read, close per file): overlapping files is most of the speed on a big folder
        var reads = new (RemoteItem Item, FileChangeKey Key)?[toRead.Count];
        Parallel.For(0, toRead.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, i => reads[i] = FromWritten(toRead[i]) ?? TryReadFile(toRead[i]));
        var upserts = new List<RemoteItem>(toRead.Count);
        foreach (var read in reads)
        {
            if (read is not { } r) continue; // deleted while we scanned: absent, as the listing says
            entries.Add(new ScanEntry(r.Item.RemoteId, r.Key.Size, r.Key.MtimeTicks, r.Key.Hash));
            upserts.Add(r.Item);
        }
        var snapshot = new ScanSnapshot(entries);
        scans.Save(snapshot);
        var deletions = previous is null
            ? (IReadOnlyList<string>)[]
            : previous.Entries.Keys.Where(name => !snapshot.Entries.ContainsKey(name)).Order(StringComparer.Ordinal).ToList();
        return new ChangeSet(upserts, deletions, ScanStore.Token(snapshot), IsComplete: previous is null);
    }

    /// <summary>
    /// The snapshot <paramref name="syncToken"/> names with this session's writes put in: each written file as we
    /// stat'ed it right after writing it, each deleted file gone. Every other file keeps the stat the scan saw, so a
    /// change made to it meanwhile still differs from the snapshot at the next read, and so does a later change to a
    /// file we wrote; a file we created and its user then deletes is in the snapshot, so its deletion is reported.
    /// </summary>
    public string? TokenAfterOwnWrites(string syncToken, IReadOnlyDictionary<string, string?> written, IReadOnlyCollection<string> deleted)
    {
        ArgumentNullException.ThrowIfNull(written);
        ArgumentNullException.ThrowIfNull(deleted);
        if (scans.Load(syncToken) is not { } previous) return null;
        var entries = new Dictionary<string, ScanEntry>(previous.Entries, StringComparer.Ordinal);
        foreach (var name in deleted)
        {
            if (!_deleted.ContainsKey(name)) return null;
            entries.Remove(name);
        }
        foreach (var (name, changeKey) in written)
        {
            if (!_written.TryGetValue(name, out var w) || w.Key.ToString() != changeKey) return null;
            entries[name] = new ScanEntry(name, w.Key.Size, w.Key.MtimeTicks, w.Key.Hash);
        }
        var snapshot = new ScanSnapshot(entries);
        scans.Save(snapshot);
        return ScanStore.Token(snapshot);
    }

    public Task<IReadOnlyList<WriteResult>> WriteAsync(IReadOnlyList<WriteRequest> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var results = new WriteResult[writes.Count];
        var distinct = TouchesDistinctFiles(writes);
        var options = new ParallelOptions { MaxDegreeOfParallelism = distinct ? Parallelism : 1, CancellationToken = cancellationToken };
        // files of one batch are independent, and overlapping their writes is what makes a big initial sync fast
        if (durable && distinct && writes.Count > 1 && BatchFlush.Supported) WriteBatch(writes, results, options);
        else Parallel.For(0, writes.Count, options, i => results[i] = Guarded(writes[i], () => WriteOne(writes[i])));
        return Task.FromResult<IReadOnlyList<WriteResult>>(results);
    }

    private WriteResult WriteOne(WriteRequest write) => write.Kind switch
    {
        WriteKind.Create => Create(write),
        WriteKind.Update => Update(write),
        _ => Delete(write),
    };

    private static WriteResult Guarded(WriteRequest write, Func<WriteResult> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new WriteResult(write, WriteOutcome.Failed, write.RemoteId, Error: e.Message);
        }
    }

    /// <summary>
    /// A durable batch with two flushes in all instead of one per file: every file's bytes staged in a temp file, one
    /// flush, each temp moved into place (a create never replaces), one more flush for the moves and deletions. The
    /// engine records the results only after that, so what it records survives a power cut; a cut before leaves at
    /// most temp files, which scans ignore and the sweep removes.
    /// </summary>
    private void WriteBatch(IReadOnlyList<WriteRequest> writes, WriteResult[] results, ParallelOptions options)
    {
        var staged = new (string Temp, byte[] Content, CanonicalItem Written)?[writes.Count];
        Parallel.For(0, writes.Count, options, i =>
        {
            var write = writes[i];
            if (write.Kind == WriteKind.Delete) return;
            results[i] = Guarded(write, () =>
            {
                if (write.Kind == WriteKind.Update && CheckCurrent(write) is { } refused) return refused;
                var item = write.Item ?? throw new ArgumentException($"{write.Kind} carries no item");
                var (content, written) = Serialize(item, write.Stamp);
                var name = write.Kind == WriteKind.Create ? ItemFileNames.For(write.Stamp, kind).Primary : write.RemoteId!;
                staged[i] = (AtomicFile.Stage(PathOf(name), content), content, written);
                return null!;
            });
        });
        if (!FlushAll(writes, results, staged)) return;
        Parallel.For(0, writes.Count, options, i =>
        {
            var write = writes[i];
            if (write.Kind == WriteKind.Delete) results[i] = Guarded(write, () => Delete(write));
            else if (staged[i] is { } s) results[i] = Guarded(write, () => Publish(write, s.Temp, s.Content, s.Written));
        });
        FlushAll(writes, results, null);
    }

    /// <summary>One flush; when it fails, every write of the batch not already refused fails with it (its temp removed).</summary>
    private bool FlushAll(IReadOnlyList<WriteRequest> writes, WriteResult[] results, (string Temp, byte[] Content, CanonicalItem Written)?[]? staged)
    {
        try
        {
            BatchFlush.Flush(directory);
            return true;
        }
        catch (IOException e)
        {
            for (var i = 0; i < writes.Count; i++)
            {
                if (staged?[i] is { } s) AtomicFile.Discard(s.Temp);
                if (results[i] is null || results[i].Outcome is WriteOutcome.Ok or WriteOutcome.AlreadyExists)
                {
                    results[i] = new WriteResult(writes[i], WriteOutcome.Failed, writes[i].RemoteId, Error: e.Message);
                }
            }
            return false;
        }
    }

    /// <summary>A flushed temp into place: an update replaces its file, a create takes its primary name, else its alternate.</summary>
    private WriteResult Publish(WriteRequest write, string temp, byte[] content, CanonicalItem written)
    {
        var published = false;
        try
        {
            if (write.Kind == WriteKind.Update)
            {
                var path = PathOf(write.RemoteId!);
                published = AtomicFile.TryPublish(temp, path, overwrite: true);
                return new WriteResult(write, WriteOutcome.Ok, write.RemoteId, Remember(write.RemoteId!, path, content, written, write.Stamp).ToString());
            }
            var (primary, alternate) = ItemFileNames.For(write.Stamp, kind);
            foreach (var name in new[] { primary, alternate })
            {
                var path = Path.Combine(directory, name);
                if (AtomicFile.TryPublish(temp, path, overwrite: false))
                {
                    published = true;
                    return new WriteResult(write, WriteOutcome.Ok, name, Remember(name, path, content, written, write.Stamp).ToString());
                }
                if (FindStamped(name, write.Stamp.GroupId, write.Stamp.LogicalId) is { } existing)
                {
                    return new WriteResult(write, WriteOutcome.AlreadyExists, existing.RemoteId, existing.ChangeKey);
                }
            }
            return new WriteResult(write, WriteOutcome.Failed, Error: $"files '{primary}' and '{alternate}' exist and are not this item");
        }
        finally
        {
            if (!published) AtomicFile.Discard(temp);
        }
    }

    /// <summary>Writes that could touch one file (two creates of one logical id, an update and a delete of one file) must run in order.</summary>
    private bool TouchesDistinctFiles(IReadOnlyList<WriteRequest> writes)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var write in writes)
        {
            if (write.Kind == WriteKind.Create)
            {
                var (primary, alternate) = ItemFileNames.For(write.Stamp, kind);
                if (!names.Add(primary) || !names.Add(alternate)) return false;
            }
            else if (!names.Add(write.RemoteId ?? ""))
            {
                return false;
            }
        }
        return true;
    }

    public Task<IReadOnlyList<RemoteItem>> FindByStampAsync(string groupId, IReadOnlyCollection<string> logicalIds, CancellationToken cancellationToken)
    {
        var found = new List<RemoteItem>();
        var missing = new HashSet<string>(StringComparer.Ordinal);
        foreach (var logicalId in logicalIds)
        {
            var (primary, alternate) = ItemFileNames.For(new ItemStamp(groupId, logicalId, ""), kind);
            var hit = FindStamped(primary, groupId, logicalId) ?? FindStamped(alternate, groupId, logicalId);
            if (hit is not null) found.Add(hit);
            else missing.Add(logicalId);
        }
        if (missing.Count > 0) found.AddRange(ScanForStamps(groupId, missing, cancellationToken));
        return Task.FromResult<IReadOnlyList<RemoteItem>>(found);
    }

    public Task<IAsyncDisposable?> SubscribeAsync(Action onChange, CancellationToken cancellationToken) =>
        Task.FromResult<IAsyncDisposable?>(new FolderWatcher(directory, ItemFileNames.Extension(kind), onChange));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private WriteResult Create(WriteRequest write)
    {
        var item = write.Item ?? throw new ArgumentException("a create carries no item");
        var (content, written) = Serialize(item, write.Stamp);
        var (primary, alternate) = ItemFileNames.For(write.Stamp, kind);
        foreach (var name in new[] { primary, alternate })
        {
            var path = Path.Combine(directory, name);
            if (AtomicFile.TryCreate(path, content, durable))
            {
                return new WriteResult(write, WriteOutcome.Ok, name, Remember(name, path, content, written, write.Stamp).ToString());
            }
            // the name is taken: by our own earlier attempt (a crash between create and record), or by someone else's file
            if (FindStamped(name, write.Stamp.GroupId, write.Stamp.LogicalId) is { } existing)
            {
                return new WriteResult(write, WriteOutcome.AlreadyExists, existing.RemoteId, existing.ChangeKey);
            }
        }
        return new WriteResult(write, WriteOutcome.Failed, Error: $"files '{primary}' and '{alternate}' exist and are not this item");
    }

    private WriteResult Update(WriteRequest write)
    {
        var item = write.Item ?? throw new ArgumentException("an update carries no item");
        if (CheckCurrent(write) is { } refused) return refused;
        var path = PathOf(write.RemoteId!);
        var (content, written) = Serialize(item, write.Stamp);
        AtomicFile.Replace(path, content, durable);
        return new WriteResult(write, WriteOutcome.Ok, write.RemoteId, Remember(write.RemoteId!, path, content, written, write.Stamp).ToString());
    }

    private WriteResult Delete(WriteRequest write)
    {
        if (CheckCurrent(write) is { } refused) return refused;
        File.Delete(PathOf(write.RemoteId!));
        _written.TryRemove(write.RemoteId!, out _);
        _deleted[write.RemoteId!] = true;
        return new WriteResult(write, WriteOutcome.Ok, write.RemoteId);
    }

    /// <summary>NotFound or Conflict when the file is gone or differs from the version the engine last saw; null to go ahead.</summary>
    private WriteResult? CheckCurrent(WriteRequest write)
    {
        if (string.IsNullOrEmpty(write.RemoteId)) throw new ArgumentException($"{write.Kind} without a remote id");
        var file = new FileInfo(PathOf(write.RemoteId));
        if (!file.Exists) return new WriteResult(write, WriteOutcome.NotFound, write.RemoteId);
        if (write.ExpectedChangeKey is null) return null;
        var current = FileChangeKey.Of(file, File.ReadAllBytes(file.FullName)).ToString();
        return current == write.ExpectedChangeKey ? null : new WriteResult(write, WriteOutcome.Conflict, write.RemoteId, current);
    }

    /// <summary>The file's bytes, and the item as a read of them reports it (our UID filled in, the stamp apart).</summary>
    private (byte[] Content, CanonicalItem Written) Serialize(CanonicalItem item, ItemStamp stamp)
    {
        if (item.Kind != kind) throw new ArgumentException($"cannot write a {item.Kind} into a {kind} folder");
        // iCalendar requires a UID; an item from a store without one gets a stable one from its logical id
        if (kind is not (ItemKind.Contact or ItemKind.Message) && string.IsNullOrWhiteSpace(item.Uid)) item = item with { Uid = $"tandem-{stamp.LogicalId}" };
        var stamped = ItemStampProperty.Attach(item, stamp);
        return (format.Write(stamped), ItemStampProperty.Extract(stamped).Item);
    }

    private FileChangeKey Remember(string name, string path, byte[] content, CanonicalItem written, ItemStamp stamp)
    {
        var key = FileChangeKey.Of(new FileInfo(path), content);
        _written[name] = (key, written, stamp);
        _deleted.TryRemove(name, out _);
        return key;
    }

    private (RemoteItem Item, FileChangeKey Key)? FromWritten(FileInfo file)
    {
        if (!_written.TryGetValue(file.Name, out var w) || w.Key.Size != file.Length || w.Key.MtimeTicks != file.LastWriteTimeUtc.Ticks) return null;
        return (new RemoteItem(file.Name, w.Key.ToString(), w.Item, w.Stamp, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)), w.Key);
    }

    private string PathOf(string remoteId)
    {
        // a remote id is a bare file name; anything with a path in it is not ours to touch
        if (remoteId != Path.GetFileName(remoteId) || ItemFileNames.IsHidden(remoteId)) throw new ArgumentException($"'{remoteId}' is not an item file name");
        return Path.Combine(directory, remoteId);
    }

    /// <summary>
    /// Name, size and modification time of each item file, straight from the directory entries: a scan of a big
    /// unchanged folder needs nothing else, so no FileInfo is made for it (one lstat per file, no further calls).
    /// </summary>
    private FileSystemEnumerable<(string Name, long Size, long MtimeTicks)> ItemStats() =>
        new(directory, (ref FileSystemEntry e) => (e.FileName.ToString(), e.Length, e.LastWriteTimeUtc.UtcTicks), new EnumerationOptions { AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry e) => !e.IsDirectory && ItemFileNames.IsItemFile(e.FileName.ToString(), kind),
        };

    private IEnumerable<FileInfo> ItemFiles() =>
        new DirectoryInfo(directory).EnumerateFiles().Where(f => ItemFileNames.IsItemFile(f.Name, kind));

    private (RemoteItem Item, FileChangeKey Key)? TryReadFile(FileInfo file)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(file.FullName);
            file.Refresh();
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        var key = FileChangeKey.Of(file, content);
        return (_reader.Read(file.Name, content, key, new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero)), key);
    }

    private RemoteItem? FindStamped(string name, string groupId, string logicalId)
    {
        var file = new FileInfo(Path.Combine(directory, name));
        if (!file.Exists || TryReadFile(file) is not { } read) return null;
        return read.Item.Stamp is { } s && s.GroupId == groupId && s.LogicalId == logicalId ? read.Item : null;
    }

    /// <summary>Stamped files under other names (renamed by a user): a byte search first, so only candidates are parsed.</summary>
    private IEnumerable<RemoteItem> ScanForStamps(string groupId, HashSet<string> logicalIds, CancellationToken cancellationToken)
    {
        var marker = System.Text.Encoding.ASCII.GetBytes(ItemStampProperty.Name);
        foreach (var file in ItemFiles())
        {
            cancellationToken.ThrowIfCancellationRequested();
            byte[] content;
            try { content = File.ReadAllBytes(file.FullName); }
            catch (FileNotFoundException) { continue; }
            if (content.AsSpan().IndexOf(marker) < 0) continue;
            var item = _reader.Read(file.Name, content, FileChangeKey.Of(file, content), new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero));
            if (item.Stamp is { } s && s.GroupId == groupId && logicalIds.Contains(s.LogicalId)) yield return item;
        }
    }
}
