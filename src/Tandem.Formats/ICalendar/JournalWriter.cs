using Tandem.Core.Items;

namespace Tandem.Formats.ICalendar;

/// <summary><see cref="Note"/> → VJOURNAL.</summary>
internal static class JournalWriter
{
    private static readonly HashSet<string> Owned =
    [
        "UID", "DTSTAMP", "SUMMARY", "CATEGORIES", PropertyMaps.NoteColorProperty, "BEGIN", "END", "VERSION",
        "LAST-MODIFIED", "SEQUENCE", "CREATED", "PRODID",
    ];

    public static void Write(WriteContext w, Note n, string uid)
    {
        w.Raw("BEGIN", "VJOURNAL");
        w.Raw("UID", uid);
        w.Raw("DTSTAMP", w.Stamp);
        w.Text("SUMMARY", n.Subject);
        w.Text("DESCRIPTION", n.Body);
        w.Categories(n.Categories);
        if (n.Color != NoteColor.Yellow) w.Raw(PropertyMaps.NoteColorProperty, n.Color.ToString().ToUpperInvariant());
        var owned = new HashSet<string>(Owned);
        if (n.Body is not null) owned.Add("DESCRIPTION");
        w.Extras(n.Extras, owned);
        w.Raw("END", "VJOURNAL");
    }
}
