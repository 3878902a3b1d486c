using Tandem.Core.Items;

namespace Tandem.Formats.ContentLines;

/// <summary>
/// One value list per distinct short list of strings within one read: an address book gives most of its cards the
/// same few category sets, and a copy per card would live as long as the items. Capped like <see cref="StringTable"/>.
/// </summary>
internal sealed class SharedLists
{
    private const int MaxEntries = 32;
    private const int MaxLength = 8;

    private readonly List<ValueList<string>> _lists = [];

    /// <summary>The shared list equal to <paramref name="items"/>, made (and kept, while there is room) when there is none yet.</summary>
    public ValueList<string> Get(List<string> items)
    {
        if (items.Count == 0) return ValueList<string>.Empty;
        if (items.Count > MaxLength) return items.ToValueList();
        foreach (var known in _lists)
        {
            if (SameItems(known, items)) return known;
        }
        var made = items.ToValueList();
        if (_lists.Count < MaxEntries) _lists.Add(made);
        return made;
    }

    private static bool SameItems(ValueList<string> known, List<string> items)
    {
        if (known.Count != items.Count) return false;
        for (var i = 0; i < items.Count; i++)
        {
            if (!string.Equals(known[i], items[i], StringComparison.Ordinal)) return false;
        }
        return true;
    }
}
