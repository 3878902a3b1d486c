namespace Tandem.Formats.ContentLines;

/// <summary>
/// Parameter sections shared within one file only. A file repeats its own sections (";TZID=Europe/Berlin",
/// ";CN=Olga Organizer") that are not common tokens, so <see cref="ParameterSections"/> may not keep them:
/// that table lives for the process and must not fill with one user's names. This one dies with the read.
/// </summary>
internal sealed class FileSections
{
    // A file with endlessly different sections (every attendee's CN) stops being cached, not growing.
    private const int MaxEntries = 512;

    private Dictionary<string, ContentParameter[]>? _sections;
    private Dictionary<string, ContentParameter[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <param name="section">The section as <see cref="ParameterSections"/> turned it into characters.</param>
    public ContentParameter[]? TryGet(ReadOnlySpan<char> section) =>
        _sections is not null && _lookup.TryGetValue(section, out var cached) ? cached : null;

    public void TryAdd(ReadOnlySpan<byte> section, ContentParameter[] parameters, bool utf8)
    {
        Span<char> chars = stackalloc char[ParameterSections.MaxLength];
        if (ParameterSections.ToChars(section, chars, utf8) is not { } length) return;
        TryAdd(chars[..length], parameters);
    }

    /// <param name="section">The section as <see cref="ParameterSections"/> turned it into characters.</param>
    /// <param name="parameters">Its parameters.</param>
    public void TryAdd(ReadOnlySpan<char> section, ContentParameter[] parameters)
    {
        if (_sections is null)
        {
            _sections = new Dictionary<string, ContentParameter[]>(StringComparer.Ordinal);
            _lookup = _sections.GetAlternateLookup<ReadOnlySpan<char>>();
        }
        if (_sections.Count >= MaxEntries) return;
        _lookup.TryAdd(section, parameters);
    }
}
