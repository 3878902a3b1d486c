namespace Tandem.Lab.Store;

/// <summary>
/// A folder's changes ordered by change number: the live items (at their latest change) and tombstones. Reading the
/// changes after a sync state's change number costs O(log n + changes), not a scan of the folder.
/// </summary>
internal sealed class ChangeLog
{
    private readonly SortedSet<long> _numbers = [];
    private readonly Dictionary<long, object> _entries = [];

    public int Count => _entries.Count;

    public void Add(long changeNumber, LabItem item) => Put(changeNumber, item);

    public void Add(long changeNumber, Tombstone tombstone) => Put(changeNumber, tombstone);

    public void Remove(long changeNumber)
    {
        if (_entries.Remove(changeNumber))
        {
            _numbers.Remove(changeNumber);
        }
    }

    /// <summary>Entries (LabItem or Tombstone) with a change number above <paramref name="after"/>, oldest first.</summary>
    public IEnumerable<(long Number, object Entry)> After(long after)
    {
        if (_numbers.Count == 0 || after >= _numbers.Max)
        {
            yield break;
        }

        foreach (var n in _numbers.GetViewBetween(after + 1, long.MaxValue))
        {
            yield return (n, _entries[n]);
        }
    }

    public IEnumerable<Tombstone> Tombstones => _entries.Values.OfType<Tombstone>();

    private void Put(long changeNumber, object entry)
    {
        _numbers.Add(changeNumber);
        _entries[changeNumber] = entry;
    }
}
