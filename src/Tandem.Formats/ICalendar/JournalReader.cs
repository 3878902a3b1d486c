using Tandem.Core.Items;

namespace Tandem.Formats.ICalendar;

/// <summary>One VJOURNAL → <see cref="Note"/>; the sticky-note color travels in an X- property.</summary>
internal static class JournalReader
{
    public static Note Read(CalendarComponent c)
    {
        string? uid = null, subject = null, body = null;
        var color = NoteColor.Yellow;
        var categories = new List<string>();
        var extras = new List<ExtraProperty>();
        foreach (var p in c.Properties)
        {
            switch (p.Name)
            {
                case "UID": uid = p.RawValue.Trim(); break;
                case "SUMMARY": subject = ReadContext.Text(p); break;
                case "DESCRIPTION" when body is null: body = ReadContext.Text(p); break;
                case "CATEGORIES": ReadContext.AddCategories(categories, p); break;
                case PropertyMaps.NoteColorProperty when PropertyMaps.NoteColorFromText(p.RawValue) is { } col: color = col; break;
                default:
                    if (!ReadContext.IsNoise(p.Name)) extras.Add(ReadContext.Extra(p));
                    break;
            }
        }
        extras.AddRange(c.Children.Select(ReadContext.Extra));
        return new Note
        {
            Uid = uid,
            Subject = subject,
            Body = body,
            Color = color,
            Categories = categories.ToValueList(),
            Extras = extras.ToValueList(),
        };
    }
}
