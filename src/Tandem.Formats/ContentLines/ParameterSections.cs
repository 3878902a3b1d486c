using System.Collections.Concurrent;

namespace Tandem.Formats.ContentLines;

/// <summary>
/// Parsed parameter sections (the ";TYPE=WORK,VOICE" between name and colon) shared across lines and files.
/// Only sections made entirely of cached tokens are kept, and the table is capped, so hostile input cannot
/// grow it; the arrays are never mutated after they are stored.
/// </summary>
internal static class ParameterSections
{
    internal const int MaxLength = 96;
    private const int MaxEntries = 4096;

    private static readonly ConcurrentDictionary<string, ContentParameter[]> Sections = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, ContentParameter[]>.AlternateLookup<ReadOnlySpan<char>> Lookup =
        Sections.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The section <paramref name="fileSections"/> holds, else the shared one, else null.</summary>
    /// <param name="section">The bytes from the first ';' to the colon.</param>
    /// <param name="fileSections">The file's own table, or null.</param>
    /// <param name="utf8">Whether the line is valid UTF-8; then a section with non-ASCII text (";X-CN=Jörg") may be in the file's table.</param>
    public static ContentParameter[]? TryGet(ReadOnlySpan<byte> section, FileSections? fileSections = null, bool utf8 = false)
    {
        Span<char> chars = stackalloc char[MaxLength];
        if (ToChars(section, chars, utf8) is not { } length) return null;
        // The file's own table first: it also takes the shared sections the file uses, so that a file's lines
        // cost one lookup in a small table rather than a miss in the shared one before it.
        if (fileSections?.TryGet(chars[..length]) is { } local) return local;
        if (!Lookup.TryGetValue(chars[..length], out var cached)) return null;
        fileSections?.TryAdd(chars[..length], cached);
        return cached;
    }

    /// <summary>Keeps the section when it is made of cached tokens only; false when it is not kept.</summary>
    public static bool TryAdd(ReadOnlySpan<byte> section, ContentParameter[] parameters)
    {
        if (Sections.Count >= MaxEntries) return false;
        Span<char> chars = stackalloc char[MaxLength];
        if (ToChars(section, chars) is not { } length) return false;
        foreach (var p in parameters)
        {
            if (!TokenCache.IsCachedName(p.Name)) return false;
            foreach (var v in p.Values)
            {
                if (!TokenCache.IsCachedValue(v)) return false;
            }
        }
        Sections.TryAdd(new string(chars[..length]), parameters);
        return true;
    }

    // Short sections without quotes only: quoting and RFC 6868 make text and meaning differ. Non-ASCII bytes only
    // from valid UTF-8 lines (they read the same wherever they appear) and never for the shared table, whose
    // keys are all ASCII; each byte becomes one char, which is a key, not text.
    internal static int? ToChars(ReadOnlySpan<byte> section, Span<char> chars, bool utf8 = false)
    {
        if (section.Length > MaxLength) return null;
        for (var i = 0; i < section.Length; i++)
        {
            var b = section[i];
            if ((b >= 0x80 && !utf8) || b == (byte)'"' || b == (byte)'^') return null;
            chars[i] = (char)b;
        }
        return section.Length;
    }
}
