using System.Runtime.CompilerServices;
using Tandem.Core.Items;
using Tandem.Formats.ContentLines;

namespace Tandem.Formats.ICalendar;

/// <summary>What a component reader needs besides the component: the file name for errors and the calendar's zones.</summary>
internal sealed class ReadContext(string? fileName, ZoneTable zones)
{
    /// <summary>Store noise: changes on every save, says nothing about the item, never reaches the model.</summary>
    private static readonly HashSet<string> Noise = ["DTSTAMP", "LAST-MODIFIED", "SEQUENCE", "CREATED", "PRODID"];

    public string? FileName { get; } = fileName;

    public ZoneTable Zones { get; } = zones;

    /// <summary>Attendees as often as they repeat; a file with endlessly different ones stops being shared, not growing.</summary>
    private const int MaxAttendees = 4096;

    private readonly Dictionary<(string, string?, AttendeeRole, ResponseStatus), Attendee> _attendees = new(SameStrings.Instance);

    /// <summary>The calendar's repeated texts (organizers, attendees, rooms, categories), one string each.</summary>
    public StringTable Strings { get; } = new();

    public static bool IsNoise(string name) => Noise.Contains(name);

    public static string Text(ContentLine line, StringTable? strings = null) => line.UnescapedText(strings);

    public static void AddCategories(List<string> categories, ContentLine line, StringTable? strings = null)
    {
        Span<char> buffer = stackalloc char[256];
        var value = line.Chars(buffer);
        foreach (var part in new UnescapedParts(value, ',', ',')) AddCategory(categories, value[part], strings);
    }

    private static void AddCategory(List<string> categories, ReadOnlySpan<char> escaped, StringTable? strings)
    {
        var category = TextValue.Unescape(escaped, strings).Trim();
        if (category.Length > 0) categories.Add(category);
    }

    public static ExtraProperty Extra(ContentLine line) => new(line.Name, line.ToUnfoldedLine());

    /// <summary>An unknown sub-component kept whole: its unfolded lines joined by LF (content lines never contain one).</summary>
    public static ExtraProperty Extra(CalendarComponent component) => new(component.Name, string.Join('\n', component.ToUnfoldedLines()));

    public static bool IsEmptyAddress(ContentLine line)
    {
        Span<char> buffer = stackalloc char[64];
        var address = line.Chars(buffer).Trim();
        return address.Length == 0 || address.Equals("mailto:", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The ORGANIZER or ATTENDEE. The same person in the same role is one (immutable) object for the whole read: a
    /// calendar names its organizer on every event, and each copy would live as long as the items.
    /// </summary>
    public Attendee ReadAttendee(ContentLine line)
    {
        // One string, the address without its scheme, made from the line's characters.
        Span<char> buffer = stackalloc char[256];
        var address = line.Chars(buffer).Trim();
        if (address.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)) address = address[7..];
        var name = line.Param("CN");
        var key = (
            Strings.Get(address),
            string.IsNullOrEmpty(name) ? null : name,
            PropertyMaps.RoleFromIcal(line.Param("ROLE"), line.Param("CUTYPE")),
            PropertyMaps.ResponseFromPartstat(line.Param("PARTSTAT")));
        if (_attendees.TryGetValue(key, out var known)) return known;
        var made = new Attendee(key.Item1, key.Item2, key.Item3, key.Item4);
        if (_attendees.Count < MaxAttendees) _attendees.Add(key, made);
        return made;
    }

    /// <summary>
    /// Attendee keys compared by their strings' identity: the address comes from <see cref="Strings"/> and the name from
    /// a shared parameter section, so a repeated attendee has the very same strings, and hashing a reference is cheaper
    /// than hashing text. Equal text in different strings is only a missed share (a new, equal attendee).
    /// </summary>
    private sealed class SameStrings : IEqualityComparer<(string, string?, AttendeeRole, ResponseStatus)>
    {
        public static readonly SameStrings Instance = new();

        public bool Equals((string, string?, AttendeeRole, ResponseStatus) x, (string, string?, AttendeeRole, ResponseStatus) y) =>
            ReferenceEquals(x.Item1, y.Item1) && ReferenceEquals(x.Item2, y.Item2) && x.Item3 == y.Item3 && x.Item4 == y.Item4;

        public int GetHashCode((string, string?, AttendeeRole, ResponseStatus) key) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(key.Item1), key.Item2 is null ? 0 : RuntimeHelpers.GetHashCode(key.Item2), (int)key.Item3, (int)key.Item4);
    }

    public FormatParseException Error(ContentLine line, string reason) => new(FileName, line.LineNumber, reason);

    public FormatParseException Error(CalendarComponent component, string reason) => new(FileName, component.Line, reason);
}
