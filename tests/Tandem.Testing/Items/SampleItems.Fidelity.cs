using Tandem.Core.Items;

namespace Tandem.Testing.Items;

/// <summary>Items for the fields that are easy to lose between stores: photos, organizers, two bodies, floating times.</summary>
public static partial class SampleItems
{
    /// <summary>A PNG signature followed by a repeatable pattern, <paramref name="bytes"/> long in all.</summary>
    public static Photo PngPhoto(int bytes = 2048, byte seed = 1)
    {
        var data = new byte[bytes];
        byte[] signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(data, 0);
        for (var i = signature.Length; i < data.Length; i++) data[i] = (byte)(i * 31 + seed);
        return new Photo("image/png", Convert.ToBase64String(data));
    }

    public static Contact ContactWithPhoto(string name = "Ada") =>
        ((Contact)Simple(ItemKind.Contact, name)) with { Photo = PngPhoto() };

    /// <summary>An appointment carrying its organizer as data, and a text and an HTML body that differ.</summary>
    public static Event OrganizedWithBothBodies() => new()
    {
        Uid = "organized-both-bodies@example.com",
        Subject = "Planning",
        Start = new ItemTime(new DateTime(2026, 4, 14, 10, 0, 0), "Europe/Berlin"),
        End = new ItemTime(new DateTime(2026, 4, 14, 11, 0, 0), "Europe/Berlin"),
        Organizer = new Attendee("boss@example.com", "The Boss", AttendeeRole.Chair),
        Body = "Agenda (plain text version)",
        HtmlBody = "<p><b>Agenda</b> (rich version)</p>",
    };

    /// <summary>A weekly series at 09:30 local time wherever it is read: no zone (iCalendar without TZID or Z).</summary>
    public static Event FloatingSeries() => new()
    {
        Uid = "floating-series@example.com",
        Subject = "Morning stretch",
        Start = ItemTime.Floating(new DateTime(2026, 3, 3, 9, 30, 0)),
        End = ItemTime.Floating(new DateTime(2026, 3, 3, 9, 45, 0)),
        Recurrence = new RecurrenceRule { Frequency = Frequency.Weekly, ByDay = [new WeekdayNum(DayOfWeek.Tuesday)], Count = 5 },
    };
}
