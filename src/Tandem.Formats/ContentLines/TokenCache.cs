using System.Text;

namespace Tandem.Formats.ContentLines;

/// <summary>
/// Shared strings for the names and parameter values that make up most of a file (TEL, EMAIL, TYPE, HOME…),
/// so the parser's hot path does not allocate a new string for each of them. Read-only after start-up,
/// hence safe to read from several threads.
/// </summary>
internal static class TokenCache
{
    private const int MaxCachedLength = 32;

    private static readonly string[] Names =
    [
        "BEGIN", "END", "VERSION", "PRODID", "REV", "UID", "FN", "N", "NICKNAME", "ORG", "TITLE", "ROLE", "EMAIL",
        "TEL", "ADR", "LABEL", "BDAY", "ANNIVERSARY", "URL", "IMPP", "NOTE", "CATEGORIES", "CLASS", "PHOTO", "LOGO",
        "KIND", "GENDER", "LANG", "TZ", "GEO", "SOUND", "KEY", "MAILER", "SORT-STRING", "SOURCE", "NAME", "RELATED",
        "X-ABLABEL", "X-ABUID", "X-ABADR", "X-ABDATE", "X-ABRELATEDNAMES", "X-SOCIALPROFILE", "X-AIM", "X-JABBER", "X-ICQ",
        "X-MSN", "X-YAHOO", "X-SKYPE", "X-GTALK", "X-QQ", "X-TWITTER", "X-MS-OL-DEFAULT-POSTAL-ADDRESS", "X-MS-MANAGER",
        "X-MS-ASSISTANT", "X-MS-SPOUSE", "X-MS-ANNIVERSARY", "X-MS-IMADDRESS", "X-MS-CARDPICTURE", "X-MS-OL-DESIGN",
        "X-ANNIVERSARY", "X-MANAGER", "X-ASSISTANT", "X-SPOUSE", "X-EVOLUTION-FILE-AS", "X-EVOLUTION-MANAGER",
        "X-EVOLUTION-ASSISTANT", "X-EVOLUTION-SPOUSE", "X-EVOLUTION-ANNIVERSARY", "X-EVOLUTION-BLOG-URL",
        "X-PHONETIC-FIRST-NAME", "X-PHONETIC-LAST-NAME", "X-PHONETIC-ORG", "X-TANDEM-FILE-AS", "X-TANDEM-OFFICE",
        "X-TANDEM-MAILING", "X-TANDEM-PRIVATE",
        "TYPE", "PREF", "ENCODING", "CHARSET", "VALUE", "LANGUAGE", "ALTID", "PID", "LABEL", "MEDIATYPE", "CALSCALE",
        "X-CN", "X-SERVICE-TYPE", "CN", "TZID", "ROLE", "PARTSTAT", "RSVP", "CUTYPE", "RANGE", "RELATED",
        "VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VTIMEZONE", "VALARM", "STANDARD", "DAYLIGHT", "DTSTART", "DTEND",
        "DTSTAMP", "DUE", "DURATION", "SUMMARY", "DESCRIPTION", "LOCATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID",
        "ORGANIZER", "ATTENDEE", "SEQUENCE", "STATUS", "TRANSP", "PRIORITY", "CREATED", "LAST-MODIFIED", "TZOFFSETFROM",
        "TZOFFSETTO", "TZNAME", "ACTION", "TRIGGER", "COMPLETED", "PERCENT-COMPLETE", "METHOD",
    ];

    private static readonly string[] ParameterValues =
    [
        "HOME", "WORK", "CELL", "VOICE", "FAX", "PAGER", "CAR", "ISDN", "MSG", "BBS", "MODEM", "VIDEO", "PCS", "TEXT",
        "INTERNET", "PREF", "OTHER", "MAIN", "IPHONE", "X400", "POSTAL", "PARCEL", "DOM", "INTL", "QUOTED-PRINTABLE",
        "BASE64", "B", "UTF-8", "WINDOWS-1252", "ISO-8859-1", "JPEG", "PNG", "GIF", "URI", "URL", "DATE", "DATE-TIME",
        "home", "work", "cell", "voice", "fax", "pager", "car", "isdn", "text", "internet", "pref", "other", "main",
        "iPhone", "x400", "postal", "parcel", "b", "utf-8", "jpeg", "png", "uri", "date", "date-time", "1",
        "Windows-1252", "image/jpeg", "image/png", "INDIVIDUAL", "individual", "TRUE", "FALSE", "ACCEPTED",
        "NEEDS-ACTION", "REQ-PARTICIPANT", "OPT-PARTICIPANT", "CHAIR", "GREGORIAN",
    ];

    // The values of BEGIN, END and VERSION: a calendar has thousands of these lines, and all say the same few things.
    private static readonly string[] MarkerValues =
    [
        "VCARD", "VCALENDAR", "VEVENT", "VTODO", "VJOURNAL", "VTIMEZONE", "VALARM", "STANDARD", "DAYLIGHT",
        "2.0", "2.1", "3.0", "4.0",
    ];

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> NameLookup = Build(Names);

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> MarkerLookup = Build(MarkerValues);

    private static readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ValueLookup = Build(ParameterValues);

    // The cached names by length, as bytes: a line's name is found by comparing its bytes with the few names of its
    // length, without turning it into characters and hashing them (this runs for every line of every file).
    private static readonly (byte[] Bytes, string Name)[][] NamesByLength = ByLength(NameLookup.Dictionary.Values);

    /// <summary>An ASCII name, upper-cased.</summary>
    public static string UpperName(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length < NamesByLength.Length && ascii.Length > 0)
        {
            var first = ascii[0] | 0x20;
            foreach (var (bytes, name) in NamesByLength[ascii.Length])
            {
                if ((bytes[0] | 0x20) == first && Ascii.EqualsIgnoreCase(ascii, bytes)) return name;
            }
        }
        return ToUpperString(ascii);
    }

    /// <summary>A parameter value as written (case kept), shared when it is a common one.</summary>
    public static string? TryValue(ReadOnlySpan<byte> ascii) => TryGet(ValueLookup, ascii);

    /// <summary>The value of a BEGIN, END or VERSION line as written (case kept), shared when it is a usual one.</summary>
    public static string? TryMarkerValue(ReadOnlySpan<byte> ascii) => TryGet(MarkerLookup, ascii);

    private static string? TryGet(Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length > MaxCachedLength) return null;
        Span<char> chars = stackalloc char[ascii.Length];
        for (var i = 0; i < ascii.Length; i++)
        {
            if (ascii[i] >= 0x80) return null;
            chars[i] = (char)ascii[i];
        }
        return lookup.TryGetValue(chars, out var cached) ? cached : null;
    }

    /// <summary>Whether the string is the cache's own instance of a name (so it came from a bounded set).</summary>
    public static bool IsCachedName(string s) => NameLookup.TryGetValue(s, out var cached) && ReferenceEquals(cached, s);

    /// <summary>Whether the string is the cache's own instance of a parameter value.</summary>
    public static bool IsCachedValue(string s) => ValueLookup.TryGetValue(s, out var cached) && ReferenceEquals(cached, s);

    private static string ToUpperString(ReadOnlySpan<byte> ascii)
    {
        if (ascii.Length > MaxCachedLength)
        {
            return string.Create(ascii.Length, ascii.ToArray(), static (span, bytes) =>
            {
                for (var i = 0; i < bytes.Length; i++) span[i] = ToUpper(bytes[i]);
            });
        }
        Span<char> chars = stackalloc char[ascii.Length];
        for (var i = 0; i < ascii.Length; i++) chars[i] = ToUpper(ascii[i]);
        return new string(chars);
    }

    private static (byte[] Bytes, string Name)[][] ByLength(IEnumerable<string> names)
    {
        var byLength = new List<(byte[], string)>[MaxCachedLength + 1];
        for (var i = 0; i < byLength.Length; i++) byLength[i] = [];
        foreach (var name in names) byLength[name.Length].Add((Encoding.ASCII.GetBytes(name), name));
        return byLength.Select(l => l.ToArray()).ToArray();
    }

    private static char ToUpper(byte b) => b is >= (byte)'a' and <= (byte)'z' ? (char)(b - 32) : (char)b;

    private static Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> Build(string[] tokens)
    {
        var dict = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var t in tokens) dict.TryAdd(t, t);
        return dict.GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
