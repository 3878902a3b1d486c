namespace Tandem.Formats.ContentLines;

/// <summary>
/// One string per distinct short text within one read. An address book repeats its companies, cities, countries,
/// job titles and categories on every card, a calendar its organizers, attendees and rooms: the items share those
/// strings instead of each holding a copy, which is most of what a large file's items are made of. Capped, so a
/// file of all-different values costs a bounded table and no more.
/// </summary>
internal sealed class StringTable
{
    private const int MaxLength = 64;
    private const int MaxEntries = 4096;

    private readonly HashSet<string> _strings = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringTable() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The table's string equal to <paramref name="text"/>, made (and kept, while there is room) when there is none yet.</summary>
    public string Get(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty) return string.Empty;
        if (text.Length > MaxLength) return text.ToString();
        if (_lookup.TryGetValue(text, out var known)) return known;
        var made = text.ToString();
        if (_strings.Count < MaxEntries) _strings.Add(made);
        return made;
    }
}
