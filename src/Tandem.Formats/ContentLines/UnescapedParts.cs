namespace Tandem.Formats.ContentLines;

/// <summary>
/// The parts of a TEXT value between separators that are not escaped — a backslash hides the character after it —
/// as ranges of the value, still escaped (N's components, then their comma lists, can be split again). On spans,
/// so a reader splits the characters it decoded without a substring per part.
/// </summary>
internal ref struct UnescapedParts
{
    private readonly ReadOnlySpan<char> _value;
    private readonly char _separator;
    private readonly char _otherSeparator;
    private int _next;
    private bool _done;

    /// <param name="value">The escaped value.</param>
    /// <param name="separator">Where to split.</param>
    /// <param name="otherSeparator">A second separator (vCard 2.1 categories split on ';' too), or the same one again.</param>
    public UnescapedParts(ReadOnlySpan<char> value, char separator, char otherSeparator)
    {
        _value = value;
        _separator = separator;
        _otherSeparator = otherSeparator;
    }

    public Range Current { get; private set; }

    public readonly UnescapedParts GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_done) return false;
        var start = _next;
        for (var i = start; i < _value.Length; i++)
        {
            var c = _value[i];
            if (c == '\\')
            {
                i++;
                continue;
            }
            if (c != _separator && c != _otherSeparator) continue;
            Current = start..i;
            _next = i + 1;
            return true;
        }
        Current = start.._value.Length;
        _done = true;
        return true;
    }
}
