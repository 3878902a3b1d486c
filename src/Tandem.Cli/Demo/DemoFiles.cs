using System.Text;
using Tandem.Core.Items;
using Tandem.Formats.ICalendar;
using Tandem.Formats.VCard;

namespace Tandem.Cli.Demo;

/// <summary>
/// The demo's stand-in for users: it writes and edits .vcf/.ics files directly, as a person or another program
/// would, never through Tandem.
/// </summary>
internal sealed class DemoFiles(string root, TimeProvider time)
{
    public string Folder(string mailbox, string path) => Path.Combine([root, mailbox, .. path.Split('/')]);

    public void WriteContact(string folder, string fileName, Contact contact) => Write(folder, fileName, VCardCodec.Write(contact, VCardVersion.V30));

    public void WriteEvent(string folder, string fileName, Event meeting) => Write(folder, fileName, ICalendarCodec.Write(meeting));

    public IReadOnlyList<(string File, Contact Contact)> Contacts(string folder) =>
        Directory.GetFiles(folder, "*.vcf").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), VCardCodec.ReadAll(File.ReadAllBytes(f), f).Single()))
            .ToList();

    public IReadOnlyList<(string File, Event Event)> Events(string folder) =>
        Directory.GetFiles(folder, "*.ics").Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), (Event)ICalendarCodec.ReadAll(File.ReadAllBytes(f), f).Single()))
            .ToList();

    public string FileOf(string folder, Func<Contact, bool> match) => Contacts(folder).First(c => match(c.Contact)).File;

    public string EventFileOf(string folder, string subject) => Events(folder).First(e => e.Event.Subject == subject).File;

    /// <summary>Rewrites one contact file with an edit, as a user's address book would.</summary>
    public void EditContact(string folder, string fileName, Func<Contact, Contact> edit)
    {
        var path = Path.Combine(folder, fileName);
        var contact = VCardCodec.ReadAll(File.ReadAllBytes(path), path).Single();
        Write(folder, fileName, VCardCodec.Write(edit(contact), VCardVersion.V30));
    }

    public void EditEvent(string folder, string fileName, Func<Event, Event> edit)
    {
        var path = Path.Combine(folder, fileName);
        var meeting = (Event)ICalendarCodec.ReadAll(File.ReadAllBytes(path), path).Single();
        Write(folder, fileName, ICalendarCodec.Write(edit(meeting)));
    }

    private void Write(string folder, string fileName, string text)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, fileName);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        // an edit within the same clock tick as the last sync must still look like an edit
        File.SetLastWriteTimeUtc(path, time.GetUtcNow().UtcDateTime.AddSeconds(1));
    }
}
