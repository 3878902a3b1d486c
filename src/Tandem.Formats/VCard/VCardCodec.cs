using System.Text;
using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.VCard;

/// <summary>
/// vCard 2.1, 3.0 and 4.0 ↔ <see cref="Contact"/>. Fields vCard has no property for travel in properties other
/// clients already use where one exists: X-EVOLUTION-FILE-AS (file as), X-PHONETIC-* (yomi), X-MS-MANAGER /
/// X-MS-ASSISTANT / X-MS-SPOUSE, X-EVOLUTION-* phone types, X-MS-IMADDRESS; and our own where none does:
/// the X-CN parameter on EMAIL (display name), X-TANDEM-OFFICE (office location), X-BUSINESS2/X-HOME2 types.
/// A date without a year is year 1604 (Apple's convention). Whatever the model cannot hold is kept in
/// <see cref="CanonicalItem.Extras"/> and written back.
/// </summary>
public static class VCardCodec
{
    /// <exception cref="FormatParseException">The first card (or stretch of text) that cannot be read.</exception>
    public static IReadOnlyList<Contact> ReadAll(ReadOnlySpan<byte> data, string? fileName = null)
    {
        var contacts = new List<Contact>();
        Read(data, fileName, contacts, null);
        return contacts;
    }

    public static IReadOnlyList<Contact> ReadAll(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return ReadAll(Encoding.UTF8.GetBytes(text), fileName);
    }

    /// <summary>Reads every card; a card that cannot be read becomes an error entry and the others are still read.</summary>
    public static IReadOnlyList<ParseResult<Contact>> ReadEach(ReadOnlySpan<byte> data, string? fileName = null)
    {
        var results = new List<ParseResult<Contact>>();
        Read(data, fileName, null, results);
        return results;
    }

    /// <summary>Into <paramref name="contacts"/>, throwing at the first card that cannot be read, or into <paramref name="results"/>.</summary>
    private static void Read(ReadOnlySpan<byte> data, string? fileName, List<Contact>? contacts, List<ParseResult<Contact>>? results)
    {
        var segments = VCardSplitter.Split(data);
        contacts?.Capacity = segments.Count;
        results?.Capacity = segments.Count;
        // One set of lines for all cards: the contact reader keeps no line once it returns.
        var lines = new RecycledLines();
        var lists = new VCardContactReader.Lists();
        var sections = new FileSections();
        // The values stay bytes in the arena until the contact reader asks for them. No line outlives its card, so
        // each card starts the arena over: a small one that stays in the cache (one with a large photo makes it grow).
        var arena = LineArena.Pooled(Math.Min(data.Length, 64 * 1024));
        try
        {
            foreach (var segment in segments)
            {
                var (contact, error) = ReadCard(data, fileName, segment, (lines, lists, sections, arena));
                if (error is not null && results is null) throw error;
                if (results is not null) results.Add(new(contact, error, contact is null ? null : ReadNotes.Of(contact, fileName)));
                else contacts!.Add(contact!);
            }
        }
        finally
        {
            arena.Release();
        }
    }

    private static (Contact? Contact, FormatParseException? Error) ReadCard(
        ReadOnlySpan<byte> data, string? fileName, CardSegment segment,
        (RecycledLines Lines, VCardContactReader.Lists Lists, FileSections Sections, LineArena Arena) reuse)
    {
        if (segment.Error is not null) return (null, new FormatParseException(fileName, segment.FirstLine, segment.Error));
        var (lines, lists, sections, arena) = reuse;
        try
        {
            lines.Clear();
            arena.TruncateTo(0);
            ContentLineReader.ReadInto(lines, data.Slice(segment.Start, segment.Length), fileName, segment.FirstLine, sections, arena);
            return (VCardContactReader.Read(lines, fileName, lists), null);
        }
        catch (FormatParseException ex)
        {
            return (null, ex);
        }
    }

    public static string Write(Contact contact, VCardVersion version = VCardVersion.V30)
    {
        ArgumentNullException.ThrowIfNull(contact);
        var sb = new StringBuilder(512);
        VCardContactWriter.Write(sb, contact, version);
        return sb.ToString();
    }

    public static string WriteAll(IEnumerable<Contact> contacts, VCardVersion version = VCardVersion.V30)
    {
        ArgumentNullException.ThrowIfNull(contacts);
        var sb = new StringBuilder(4096);
        foreach (var contact in contacts) VCardContactWriter.Write(sb, contact, version);
        return sb.ToString();
    }
}
