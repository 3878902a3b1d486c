using System.Text;
using System.Xml.Linq;
using static Tandem.Lab.Tests.LabHarness;

namespace Tandem.Lab.Tests;

/// <summary>
/// CreateItem from item:MimeContent, as "Import items by using EWS in Exchange" documents it: EWS imports .eml and
/// iCal (.ics) through the MIME stream (and links a vCard import sample); the MimeContent reference says the stream may
/// hold the same data as the item's other properties. A property the client also sent as an element keeps that value.
/// </summary>
public sealed class MimeImportTests(SharedLab shared) : IClassFixture<SharedLab>
{
    private LabHarness Lab => shared.Lab;

    private const string Calendar = "<t:DistinguishedFolderId Id=\"calendar\"/>";

    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

    private static string Mime(string text) => $"<t:MimeContent CharacterSet=\"UTF-8\">{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))}</t:MimeContent>";

    private static string V(XElement item, string name) => item.Element(T + name)?.Value ?? throw new InvalidOperationException($"no {name} in {item}");

    private static string Entry(XElement item, string container, string key) =>
        item.Element(T + container)!.Elements(T + "Entry").Single(e => (string?)e.Attribute("Key") == key).Value;

    [Fact]
    public async Task CreateItem_ContactFromAVCard_TakesTheCardsProperties_ElementsTheClientSentWin()
    {
        const string Card = "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Augusta;Ada;;\r\nFN:Ada Lovelace\r\nORG:Analytical Engines\\, Ltd;Research\r\n"
            + "TITLE:Analyst\r\nEMAIL;TYPE=INTERNET,WORK:ada@engines.example\r\nEMAIL;TYPE=INTERNET,HOME:ada@home.example\r\n"
            + "TEL;TYPE=HOME,VOICE:+44 20 1234\r\nTEL;TYPE=CELL:+44 7700 900\r\nADR;TYPE=WORK:;;12 St James's Square;London;;SW1Y 4JH;United Kingdom\r\n"
            + "NOTE:Wrote the first\\nprogram.\r\nBDAY:1815-12-10\r\nCATEGORIES:Mathematics,Poetry\r\nPHOTO;ENCODING=b;TYPE=PNG:" + Png + "\r\nEND:VCARD\r\n";
        var (id, _) = (await Lab.CreateAsync($"<t:Contact>{Mime(Card)}<t:GivenName>Ada</t:GivenName></t:Contact>")).Single();

        var contact = await Lab.GetAsync(id);
        Assert.Equal("Ada", V(contact, "GivenName")); // the element wins over the card's N
        Assert.Equal("Lovelace", V(contact, "Surname"));
        Assert.Equal("Ada", V(contact, "MiddleName"));
        Assert.Equal("Ada Lovelace", V(contact, "DisplayName"));
        Assert.Equal("Analytical Engines, Ltd", V(contact, "CompanyName"));
        Assert.Equal("Research", V(contact, "Department"));
        Assert.Equal("Analyst", V(contact, "JobTitle"));
        Assert.Equal("ada@engines.example", Entry(contact, "EmailAddresses", "EmailAddress1"));
        Assert.Equal("ada@home.example", Entry(contact, "EmailAddresses", "EmailAddress2"));
        Assert.Equal("+44 20 1234", Entry(contact, "PhoneNumbers", "HomePhone"));
        Assert.Equal("+44 7700 900", Entry(contact, "PhoneNumbers", "MobilePhone"));
        var work = contact.Element(T + "PhysicalAddresses")!.Elements(T + "Entry").Single(e => (string?)e.Attribute("Key") == "Business");
        Assert.Equal(["12 St James's Square", "London", "United Kingdom", "SW1Y 4JH"], work.Elements().Select(e => e.Value));
        Assert.Equal("Wrote the first\nprogram.", V(contact, "Body"));
        Assert.Equal("1815-12-10T00:00:00Z", V(contact, "Birthday"));
        Assert.Equal(["Mathematics", "Poetry"], contact.Element(T + "Categories")!.Elements().Select(e => e.Value));
        Assert.Equal("true", V(await Lab.GetAsync(id, additional: """<t:FieldURI FieldURI="contacts:HasPicture"/>"""), "HasPicture"));
        var photoId = (string)contact.Descendants(T + "AttachmentId").Single().Attribute("Id")!;
        var photo = (await Lab.CallOneAsync($"""<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="{photoId}"/></m:AttachmentIds></m:GetAttachment>""")).Descendants(T + "FileAttachment").Single();
        Assert.Equal(("true", "image/png", Png), (photo.Element(T + "IsContactPhoto")!.Value, photo.Element(T + "ContentType")!.Value, photo.Element(T + "Content")!.Value));

        // The card is not kept as sent: a contact's MimeContent is rendered from its properties.
        var rendered = await Lab.CallOneAsync($"""<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent></m:ItemShape><m:ItemIds><t:ItemId Id="{id}"/></m:ItemIds></m:GetItem>""");
        var card = Encoding.UTF8.GetString(Convert.FromBase64String(rendered.Descendants(T + "MimeContent").Single().Value));
        Assert.Contains("N:Lovelace;Ada;Ada;;\r\n", card, StringComparison.Ordinal);
        Lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task CreateItem_CalendarItemFromICalendar_SeriesInItsZone_WithADeletedOccurrenceAndAnException()
    {
        const string Ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n"
            + "BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
            + "BEGIN:VEVENT\r\nUID:weekly-import@test\r\nSUMMARY:Planning\r\nLOCATION:Room 1\r\nDESCRIPTION:Agenda\\, then tasks\r\n"
            + "DTSTART;TZID=Europe/Berlin:20260105T100000\r\nDTEND;TZID=Europe/Berlin:20260105T110000\r\nRRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=4\r\n"
            + "EXDATE;TZID=Europe/Berlin:20260112T100000\r\nBEGIN:VALARM\r\nTRIGGER:-PT15M\r\nACTION:DISPLAY\r\nDESCRIPTION:alarm text\r\nEND:VALARM\r\nEND:VEVENT\r\n"
            + "BEGIN:VEVENT\r\nUID:weekly-import@test\r\nRECURRENCE-ID;TZID=Europe/Berlin:20260119T100000\r\nSUMMARY:Planning (moved)\r\n"
            + "DTSTART;TZID=Europe/Berlin:20260119T140000\r\nDTEND;TZID=Europe/Berlin:20260119T150000\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        var (id, _) = (await Lab.CreateAsync($"<t:CalendarItem>{Mime(Ics)}</t:CalendarItem>", Calendar)).Single();

        var master = await Lab.GetAsync(id, additional: """<t:FieldURI FieldURI="calendar:StartTimeZone"/><t:FieldURI FieldURI="calendar:UID"/>""");
        Assert.Equal("Planning", V(master, "Subject"));
        Assert.Equal("Agenda, then tasks", V(master, "Body")); // the VALARM's DESCRIPTION is not the event's
        Assert.Equal("Room 1", V(master, "Location"));
        Assert.Equal("weekly-import@test", V(master, "UID"));
        Assert.Equal("2026-01-05T09:00:00Z", V(master, "Start")); // 10:00 in Berlin, stored in UTC
        Assert.Equal("W. Europe Standard Time", (string?)master.Element(T + "StartTimeZone")!.Attribute("Id"));
        Assert.Equal("RecurringMaster", V(master, "CalendarItemType"));
        Assert.Equal("Monday", master.Descendants(T + "DaysOfWeek").Single().Value);
        Assert.Equal("4", master.Descendants(T + "NumberOfOccurrences").Single().Value);
        Assert.Equal("2026-01-12T09:00:00Z", master.Element(T + "DeletedOccurrences")!.Descendants(T + "Start").Single().Value);
        var modified = master.Element(T + "ModifiedOccurrences")!.Elements().Single();
        Assert.Equal("2026-01-19T13:00:00Z", V(modified, "Start"));
        Assert.Equal("2026-01-19T09:00:00Z", V(modified, "OriginalStart"));

        var exception = await Lab.GetAsync((string)modified.Element(T + "ItemId")!.Attribute("Id")!);
        Assert.Equal("Planning (moved)", V(exception, "Subject"));
        Assert.Equal("Exception", V(exception, "CalendarItemType"));
        Lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task CreateItem_AllDayEventFromICalendar_IsAllDay_AndAMessageFromMimeTakesItsHeadersAndBody()
    {
        const string Ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:holiday@test\r\nSUMMARY:Holiday\r\n"
            + "DTSTART;VALUE=DATE:20260501\r\nTRANSP:TRANSPARENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
        var (id, _) = (await Lab.CreateAsync($"<t:CalendarItem>{Mime(Ics)}</t:CalendarItem>", Calendar)).Single();
        var day = await Lab.GetAsync(id);
        Assert.Equal("true", V(day, "IsAllDayEvent"));
        Assert.Equal("2026-05-01T00:00:00Z", V(day, "Start"));
        Assert.Equal("2026-05-02T00:00:00Z", V(day, "End")); // a DATE without DTEND lasts one day (RFC 5545 §3.6.1)
        Assert.Equal("Free", V(day, "LegacyFreeBusyStatus"));

        var eml = "From: \"Zoë, M.\" <zoe@example.org>\r\nTo: alice@lab.test, Bob <bob@lab.test>\r\nSubject: =?utf-8?B?" + Convert.ToBase64String(Encoding.UTF8.GetBytes("Grüße")) + "?=\r\n"
            + "Date: Wed, 04 Mar 2026 16:30:00 +0100\r\nMessage-ID: <greet@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"b\"\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nHallo\r\n--b\r\nContent-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "<p>Gr=C3=BC=C3=9Fe</p>\r\n--b--\r\n";
        var (message, _) = (await Lab.CreateAsync($"<t:Message>{Mime(eml)}</t:Message>", "<t:DistinguishedFolderId Id=\"inbox\"/>")).Single();
        var read = await Lab.GetAsync(message, additional: """<t:FieldURI FieldURI="item:DateTimeSent"/><t:FieldURI FieldURI="message:CcRecipients"/>""");
        Assert.Equal("Grüße", V(read, "Subject"));
        Assert.Equal("<greet@example.org>", V(read, "InternetMessageId"));
        Assert.Equal(("Zoë, M.", "zoe@example.org"), (read.Element(T + "From")!.Descendants(T + "Name").Single().Value, read.Element(T + "From")!.Descendants(T + "EmailAddress").Single().Value));
        Assert.Equal(["alice@lab.test", "bob@lab.test"], read.Element(T + "ToRecipients")!.Descendants(T + "EmailAddress").Select(e => e.Value));
        Assert.Equal("2026-03-04T15:30:00Z", V(read, "DateTimeSent"));
        var body = read.Element(T + "Body")!;
        Assert.Equal(("HTML", "<p>Grüße</p>"), ((string?)body.Attribute("BodyType"), body.Value)); // the HTML alternative is the body
    }

    [Theory]
    [InlineData("Contact", "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")]
    [InlineData("CalendarItem", "BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n")]
    [InlineData("CalendarItem", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20260101T100000Z\r\nRRULE:FREQ=HOURLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")]
    [InlineData("CalendarItem", "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:tomorrow\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")]
    public async Task CreateItem_MimeContentThatCannotBeConverted_IsErrorMimeContentConversionFailed_AndNothingIsStored(string kind, string text)
    {
        var folder = kind == "Contact" ? "contacts" : "calendar";
        var (folderId, _) = await Lab.FolderIdAsync(folder);
        var before = await Count(folderId);
        var m = await Lab.CallOneAsync($"""<m:CreateItem SendMeetingInvitations="SendToNone"><m:SavedItemFolderId><t:FolderId Id="{folderId}"/></m:SavedItemFolderId><m:Items><t:{kind}>{Mime(text)}</t:{kind}></m:Items></m:CreateItem>""");
        Assert.Equal("ErrorMimeContentConversionFailed", Code(m));
        Assert.Equal(before, await Count(folderId));
    }

    private async Task<int> Count(string folderId)
    {
        var m = await Lab.CallOneAsync($"""<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds><t:FolderId Id="{folderId}"/></m:ParentFolderIds></m:FindItem>""");
        return int.Parse((string)m.Element(M + "RootFolder")!.Attribute("TotalItemsInView")!, System.Globalization.CultureInfo.InvariantCulture);
    }
}
