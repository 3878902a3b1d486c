using System.Collections;

namespace Tandem.Formats.ContentLines;

/// <summary>
/// The lines of one vCard at a time. A file's cards are read one after the other and no line outlives its card,
/// so <see cref="Clear"/> keeps the line objects and the next card's lines overwrite them: a 10,000-card file
/// makes as many line objects as its longest card has lines, not two hundred thousand.
/// </summary>
internal sealed class RecycledLines : ILineSink, IReadOnlyList<ContentLine>
{
    private readonly List<ContentLine> _lines = new(64);

    public int Count { get; private set; }

    public ContentLine? Spare => Count < _lines.Count ? _lines[Count] : null;

    public ContentLine this[int index] => (uint)index < (uint)Count ? _lines[index] : throw new ArgumentOutOfRangeException(nameof(index));

    public void Add(ContentLine line)
    {
        if (Count < _lines.Count) _lines[Count] = line;
        else _lines.Add(line);
        Count++;
    }

    /// <summary>Forgets the card's lines; their objects are overwritten by the next card's.</summary>
    public void Clear() => Count = 0;

    public IEnumerator<ContentLine> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return _lines[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
