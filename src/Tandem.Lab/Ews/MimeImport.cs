using System.Text;
using System.Xml.Linq;
using Tandem.Lab.Soap;
using Tandem.Lab.Store;

namespace Tandem.Lab.Ews;

/// <summary>
/// item:MimeContent in a CreateItem: a message from its MIME text (<see cref="MessageMime"/>), a contact from a vCard
/// (<see cref="ContactMime"/>), a calendar item from iCalendar (<see cref="CalendarMime"/>). Other kinds keep ignoring
/// it: Exchange documents no MIME import for them. Content that cannot be read is refused with
/// ErrorMimeContentConversionFailed, never stored half-read.
/// </summary>
internal static class MimeImport
{
    /// <summary>Adds what the MIME text holds to <paramref name="props"/>; returns the steps to take once the item exists, if any.</summary>
    public static Action<LabStore, LabItem>? Absorb(string kind, XElement item, List<XElement> props)
    {
        if (kind == "Message")
        {
            MessageMime.Absorb(item, props);
            return null;
        }

        if (kind is not ("Contact" or "CalendarItem") || item.Element(Ns.T + MessageMime.Element) is not { } mime) return null;
        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(mime.Value.Trim()));
        }
        catch (FormatException)
        {
            throw new EwsException("ErrorMimeContentInvalidBase64String", "The MIME content is not a valid base64 string.");
        }

        try
        {
            return kind == "Contact" ? ContactMime.Absorb(text, props) : CalendarMime.Absorb(text, props);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException)
        {
            throw new EwsException("ErrorMimeContentConversionFailed", "The MIME content could not be converted: " + e.Message);
        }
    }
}
