using System.Text;
using System.Xml.Linq;
using static Tandem.Lab.Tests.LabHarness;

namespace Tandem.Lab.Tests;

/// <summary>
/// Exchange parses every property into its type and renders it canonically; it computes derived properties; deleting a
/// property deletes it. Each test names the documented behaviour it checks (EWS reference pages: the schema types of
/// the elements, CalendarItemType/IsRecurring, FirstOccurrence/LastOccurrence, TextBody, MimeContent, DeleteItemField).
/// </summary>
public sealed class TypedStoreTests(SharedLab shared) : IClassFixture<SharedLab>
{
    private LabHarness Lab => shared.Lab;

    private static string V(XElement item, string name) => item.Element(T + name)?.Value ?? throw new InvalidOperationException($"no {name} in {item}");

    /// <summary>Documented: types.xsd declares ReminderIsSet, IsAllDayEvent, IsResponseRequested and AllowNewTimeProposal as xs:boolean, whose canonical form is true/false (XML Schema Part 2, 3.2.2.2).</summary>
    [Fact]
    public async Task XsBoolean_SentAsZeroOrOne_IsRenderedTrueFalse()
    {
        var (id, _) = (await Lab.CreateAsync("""
            <t:CalendarItem><t:Subject>Booleans</t:Subject><t:ReminderIsSet>1</t:ReminderIsSet>
              <t:Start>2026-12-01T10:00:00Z</t:Start><t:End>2026-12-01T11:00:00Z</t:End>
              <t:IsAllDayEvent>0</t:IsAllDayEvent><t:IsResponseRequested>1</t:IsResponseRequested><t:AllowNewTimeProposal>0</t:AllowNewTimeProposal>
            </t:CalendarItem>
            """, "<t:DistinguishedFolderId Id=\"calendar\"/>")).Single();
        var item = await Lab.GetAsync(id, additional: """<t:FieldURI FieldURI="item:ReminderIsSet"/><t:FieldURI FieldURI="calendar:IsResponseRequested"/><t:FieldURI FieldURI="calendar:AllowNewTimeProposal"/>""");
        Assert.Equal("true", V(item, "ReminderIsSet"));
        Assert.Equal("false", V(item, "IsAllDayEvent"));
        Assert.Equal("true", V(item, "IsResponseRequested"));
        Assert.Equal("false", V(item, "AllowNewTimeProposal"));
    }

    /// <summary>Documented: "Time zones and EWS in Exchange" (date-times are stored and returned in UTC); the Subject reference page (255 characters).</summary>
    [Fact]
    public async Task XsDateTime_SentWithAnOffset_IsRenderedInUtcWithZ_AndSubjectIsKeptTo255Characters()
    {
        var subject = new string('s', 300);
        var (id, _) = (await Lab.CreateAsync($"""
            <t:CalendarItem><t:Subject>{subject}</t:Subject>
              <t:Start>2026-12-01T10:00:00+01:00</t:Start><t:End>2026-12-01T11:30:00-02:00</t:End>
            </t:CalendarItem>
            """, "<t:DistinguishedFolderId Id=\"calendar\"/>")).Single();
        var item = await Lab.GetAsync(id);
        Assert.Equal("2026-12-01T09:00:00Z", V(item, "Start"));
        Assert.Equal("2026-12-01T13:30:00Z", V(item, "End"));
        Assert.Equal(subject[..255], V(item, "Subject"));

        // A SetItemField is parsed the same way.
        await Lab.CallOneAsync($"""
            <m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange>
              <t:ItemId Id="{id}" ChangeKey="{(string)item.Element(T + "ItemId")!.Attribute("ChangeKey")!}"/>
              <t:Updates><t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2026-12-01T12:00:00+05:00</t:Start></t:CalendarItem></t:SetItemField>
              <t:SetItemField><t:FieldURI FieldURI="item:ReminderIsSet"/><t:CalendarItem><t:ReminderIsSet>0</t:ReminderIsSet></t:CalendarItem></t:SetItemField></t:Updates>
            </t:ItemChange></m:ItemChanges></m:UpdateItem>
            """);
        item = await Lab.GetAsync(id);
        Assert.Equal("2026-12-01T07:00:00Z", V(item, "Start"));
        Assert.Equal("false", V(item, "ReminderIsSet"));
    }

    private const string WeeklySeries = """
        <t:CalendarItem><t:Subject>Weekly</t:Subject>
          <t:Start>2016-01-05T09:00:00Z</t:Start><t:End>2016-01-05T10:00:00Z</t:End>
          <t:Recurrence><t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Tuesday</t:DaysOfWeek></t:WeeklyRecurrence>
            <t:EndDateRecurrence><t:StartDate>2016-01-05</t:StartDate><t:EndDate>2016-01-26</t:EndDate></t:EndDateRecurrence></t:Recurrence>
          <t:StartTimeZone Id="W. Europe Standard Time"/><t:EndTimeZone Id="W. Europe Standard Time"/>
        </t:CalendarItem>
        """;

    /// <summary>Documented: EWS reference IsRecurring and CalendarItemType (a RecurringMaster is not itself an occurrence), FirstOccurrence and LastOccurrence, and the xs:date StartDate/EndDate of the recurrence range.</summary>
    [Fact]
    public async Task RecurringMaster_HasIsRecurringFalse_FirstAndLastOccurrence_AndRangeDatesWithZoneOffset()
    {
        var (id, _) = (await Lab.CreateAsync(WeeklySeries, "<t:DistinguishedFolderId Id=\"calendar\"/>")).Single();
        var master = await Lab.GetAsync(id);
        Assert.Equal("RecurringMaster", V(master, "CalendarItemType"));
        Assert.Equal("false", V(master, "IsRecurring"));
        var range = master.Element(T + "Recurrence")!.Element(T + "EndDateRecurrence")!;
        Assert.Equal("2016-01-05+01:00", V(range, "StartDate"));
        Assert.Equal("2016-01-26+01:00", V(range, "EndDate"));
        Assert.Equal("2016-01-05T09:00:00Z", V(master.Element(T + "FirstOccurrence")!, "Start"));
        Assert.Equal("2016-01-26T09:00:00Z", V(master.Element(T + "LastOccurrence")!, "Start"));

        var occurrence = await Lab.CallOneAsync($"""
            <m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>
            <m:ItemIds><t:OccurrenceItemId RecurringMasterId="{id}" InstanceIndex="2"/></m:ItemIds></m:GetItem>
            """);
        var view = occurrence.Element(M + "Items")!.Elements().Single();
        Assert.Equal("Occurrence", V(view, "CalendarItemType"));
        Assert.Equal("true", V(view, "IsRecurring"));
    }

    /// <summary>Documented: EWS reference IsRecurring (Task): whether the task is part of a recurring task.</summary>
    [Fact]
    public async Task TaskIsRecurring_FollowsItsRecurrence()
    {
        var ids = await Lab.CreateAsync("""
            <t:Task><t:Subject>Once</t:Subject></t:Task>
            <t:Task><t:Subject>Every week</t:Subject>
              <t:Recurrence><t:WeeklyRegeneration><t:Interval>1</t:Interval></t:WeeklyRegeneration><t:NoEndRecurrence><t:StartDate>2026-12-01</t:StartDate></t:NoEndRecurrence></t:Recurrence>
            </t:Task>
            """, "<t:DistinguishedFolderId Id=\"tasks\"/>");
        Assert.Equal("false", V(await Lab.GetAsync(ids[0].Id), "IsRecurring"));
        Assert.Equal("true", V(await Lab.GetAsync(ids[1].Id), "IsRecurring"));
    }

    /// <summary>Documented: EWS reference TextBody: the text-formatted version of the item's body.</summary>
    [Fact]
    public async Task TextBody_IsDerivedFromAnHtmlBody()
    {
        var (id, _) = (await Lab.CreateAsync("""
            <t:Message><t:Subject>Html</t:Subject><t:Body BodyType="HTML">&lt;html&gt;&lt;head&gt;&lt;style&gt;p{}&lt;/style&gt;&lt;/head&gt;&lt;body&gt;&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;&lt;p&gt;Bye&lt;/p&gt;&lt;/body&gt;&lt;/html&gt;</t:Body></t:Message>
            """, "<t:DistinguishedFolderId Id=\"drafts\"/>")).Single();
        var item = await Lab.GetAsync(id, "IdOnly", """<t:FieldURI FieldURI="item:TextBody"/>""");
        var text = item.Element(T + "TextBody")!;
        Assert.Equal("Text", (string?)text.Attribute("BodyType"));
        Assert.Equal("Hello & welcome\nBye", text.Value);
    }

    /// <summary>Documented: EWS reference MimeContent and "Export items by using EWS in Exchange" (contacts as vCard, calendar items as iCalendar, messages as MIME).</summary>
    [Fact]
    public async Task MimeContent_IsVCardForContacts_ICalendarForCalendarItems_MimeForMessages()
    {
        var contact = (await Lab.CreateAsync("""
            <t:Contact><t:GivenName>Ada</t:GivenName>
              <t:EmailAddresses><t:Entry Key="EmailAddress1">ada@engines.example</t:Entry></t:EmailAddresses><t:Surname>Lovelace</t:Surname></t:Contact>
            """)).Single().Id;
        var series = (await Lab.CreateAsync(WeeklySeries, "<t:DistinguishedFolderId Id=\"calendar\"/>")).Single().Id;
        var message = (await Lab.CreateAsync("<t:Message><t:Subject>Mime</t:Subject><t:Body BodyType=\"Text\">Body text</t:Body></t:Message>", "<t:DistinguishedFolderId Id=\"drafts\"/>")).Single().Id;

        async Task<string> Mime(string id)
        {
            var m = await Lab.CallOneAsync($"""<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent></m:ItemShape><m:ItemIds><t:ItemId Id="{id}"/></m:ItemIds></m:GetItem>""");
            return Encoding.UTF8.GetString(Convert.FromBase64String(m.Descendants(T + "MimeContent").Single().Value));
        }

        var card = await Mime(contact);
        Assert.StartsWith("BEGIN:VCARD\r\nVERSION:3.0\r\n", card, StringComparison.Ordinal);
        Assert.Contains("N:Lovelace;Ada;;;\r\n", card, StringComparison.Ordinal);
        Assert.Contains("EMAIL;TYPE=INTERNET:ada@engines.example\r\n", card, StringComparison.Ordinal);
        var ics = await Mime(series);
        Assert.Contains("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TU;UNTIL=20160126T235959Z\r\n", ics, StringComparison.Ordinal);
        Assert.Contains("DTSTART:20160105T090000Z\r\n", ics, StringComparison.Ordinal);
        var mime = await Mime(message);
        Assert.Contains("Subject: Mime\r\n", mime, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\nBody text", mime, StringComparison.Ordinal);
    }

    /// <summary>Documented: EWS reference DeleteItemField with IndexedFieldURI (PhysicalAddress parts) and FileAs.</summary>
    [Fact]
    public async Task DeleteItemField_OfEveryPartOfAnAddress_RemovesTheEntry_AndADeletedFileAsStaysDeleted()
    {
        var (id, changeKey) = (await Lab.CreateAsync("""
            <t:Contact><t:GivenName>Grace</t:GivenName>
              <t:PhysicalAddresses><t:Entry Key="Home"><t:Street>1 Navy Way</t:Street><t:City>Arlington</t:City></t:Entry>
                <t:Entry Key="Business"><t:City>Washington</t:City></t:Entry></t:PhysicalAddresses><t:Surname>Hopper</t:Surname></t:Contact>
            """)).Single();
        Assert.Equal("Hopper, Grace", V(await Lab.GetAsync(id), "FileAs"));
        var update = await Lab.CallOneAsync($"""
            <m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange><t:ItemId Id="{id}" ChangeKey="{changeKey}"/><t:Updates>
              <t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:Street" FieldIndex="Home"/></t:DeleteItemField>
              <t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:City" FieldIndex="Home"/></t:DeleteItemField>
              <t:DeleteItemField><t:FieldURI FieldURI="contacts:FileAs"/></t:DeleteItemField>
            </t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>
            """);
        AssertSuccess(update);
        var item = await Lab.GetAsync(id, additional: """<t:FieldURI FieldURI="contacts:FileAs"/>""");
        var entries = item.Element(T + "PhysicalAddresses")!.Elements(T + "Entry").Select(e => (string?)e.Attribute("Key")).ToList();
        Assert.Equal(["Business"], entries);
        Assert.Null(item.Element(T + "FileAs"));
        Lab.AssertAllExchangesValid();
    }

    /// <summary>Documented: EWS ResponseCode ErrorInvalidChangeKey ("the change key is invalid").</summary>
    [Fact]
    public async Task MalformedChangeKey_IsRefusedWithErrorInvalidChangeKey_InUpdateItemAndDeleteItem()
    {
        var (id, _) = (await Lab.CreateAsync("<t:Contact><t:GivenName>Key</t:GivenName></t:Contact>")).Single();
        var update = await Lab.CallOneAsync($"""
            <m:UpdateItem ConflictResolution="AutoResolve"><m:ItemChanges><t:ItemChange><t:ItemId Id="{id}" ChangeKey="not-a-change-key"/><t:Updates>
              <t:SetItemField><t:FieldURI FieldURI="contacts:GivenName"/><t:Contact><t:GivenName>New</t:GivenName></t:Contact></t:SetItemField>
            </t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>
            """);
        Assert.Equal("ErrorInvalidChangeKey", Code(update));
        var delete = await Lab.CallOneAsync($"""<m:DeleteItem DeleteType="HardDelete"><m:ItemIds><t:ItemId Id="{id}" ChangeKey="@@"/></m:ItemIds></m:DeleteItem>""");
        Assert.Equal("ErrorInvalidChangeKey", Code(delete));
        Assert.Equal("Key", V(await Lab.GetAsync(id), "GivenName"));
    }

    /// <summary>Documented: EWS reference CalendarView (items in the StartDate-EndDate window), as Exchange answers at the window's edge.</summary>
    [Fact]
    public async Task CalendarView_IncludesAnItemEndingExactlyAtTheViewStart()
    {
        var folder = await Lab.CallOneAsync("""
            <m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderId>
            <m:Folders><t:CalendarFolder><t:DisplayName>Edge</t:DisplayName></t:CalendarFolder></m:Folders></m:CreateFolder>
            """);
        var folderId = (string)folder.Descendants(T + "FolderId").Single().Attribute("Id")!;
        await Lab.CreateAsync("""
            <t:CalendarItem><t:Subject>Ends at view start</t:Subject><t:Start>2026-12-01T08:00:00Z</t:Start><t:End>2026-12-01T09:00:00Z</t:End></t:CalendarItem>
            <t:CalendarItem><t:Subject>Ends before</t:Subject><t:Start>2026-12-01T07:00:00Z</t:Start><t:End>2026-12-01T08:59:00Z</t:End></t:CalendarItem>
            """, $"<t:FolderId Id=\"{folderId}\"/>");
        var view = await Lab.CallOneAsync($"""
            <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>
            <m:CalendarView StartDate="2026-12-01T09:00:00Z" EndDate="2026-12-01T18:00:00Z"/>
            <m:ParentFolderIds><t:FolderId Id="{folderId}"/></m:ParentFolderIds></m:FindItem>
            """);
        Assert.Equal(["Ends at view start"], view.Descendants(T + "Subject").Select(s => s.Value));
    }

    /// <summary>Documented: EWS reference CreateAttachment, GetAttachment, DeleteAttachment, FileAttachment/IsContactPhoto and Contact/HasPicture.</summary>
    [Fact]
    public async Task Attachments_CreateGetDelete_ContactPhotoSetsHasPicture_InlineAttachmentsOfCreateItemAreKept()
    {
        var photo = Convert.ToBase64String(Encoding.ASCII.GetBytes("not really a jpeg"));
        var (id, key) = (await Lab.CreateAsync("""
            <t:Contact><t:Attachments><t:FileAttachment><t:Name>notes.txt</t:Name><t:ContentType>text/plain</t:ContentType><t:Content>aGVsbG8=</t:Content></t:FileAttachment></t:Attachments>
              <t:GivenName>Pic</t:GivenName></t:Contact>
            """)).Single();
        var before = await Lab.GetAsync(id);
        Assert.Equal("true", V(before, "HasAttachments"));
        Assert.Equal("false", V(before, "HasPicture"));
        Assert.Equal("notes.txt", before.Element(T + "Attachments")!.Descendants(T + "Name").Single().Value);

        var created = await Lab.CallOneAsync($"""
            <m:CreateAttachment><m:ParentItemId Id="{id}" ChangeKey="{key}"/><m:Attachments>
              <t:FileAttachment><t:Name>ContactPicture.jpg</t:Name><t:ContentType>image/jpeg</t:ContentType><t:IsContactPhoto>1</t:IsContactPhoto><t:Content>{photo}</t:Content></t:FileAttachment>
            </m:Attachments></m:CreateAttachment>
            """);
        AssertSuccess(created);
        var attachmentId = created.Descendants(T + "AttachmentId").Single();
        Assert.Equal(id, (string?)attachmentId.Attribute("RootItemId"));
        Assert.NotEqual(key, (string?)attachmentId.Attribute("RootItemChangeKey"));

        var after = await Lab.GetAsync(id);
        Assert.Equal("true", V(after, "HasPicture"));
        Assert.Empty(after.Descendants(T + "Content"));
        var got = await Lab.CallOneAsync($"""<m:GetAttachment><m:AttachmentIds><t:AttachmentId Id="{(string)attachmentId.Attribute("Id")!}"/></m:AttachmentIds></m:GetAttachment>""");
        var file = got.Descendants(T + "FileAttachment").Single();
        Assert.Equal(photo, V(file, "Content"));
        Assert.Equal("true", V(file, "IsContactPhoto"));
        Assert.Equal("17", V(file, "Size"));

        var deleted = await Lab.CallOneAsync($"""<m:DeleteAttachment><m:AttachmentIds><t:AttachmentId Id="{(string)attachmentId.Attribute("Id")!}"/></m:AttachmentIds></m:DeleteAttachment>""");
        AssertSuccess(deleted);
        Assert.Equal(id, (string?)deleted.Element(M + "RootItemId")!.Attribute("RootItemId"));
        Assert.Equal("false", V(await Lab.GetAsync(id), "HasPicture"));
        Lab.AssertAllExchangesValid();
    }

    /// <summary>Documented: EWS reference AcceptItem, DeclineItem, CancelCalendarItem (response objects sent with CreateItem).</summary>
    [Fact]
    public async Task ResponseObjects_AreProcessedOrRefused_NeverStoredAsItems()
    {
        var folder = await Lab.CallOneAsync("""
            <m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderId>
            <m:Folders><t:CalendarFolder><t:DisplayName>Responses</t:DisplayName></t:CalendarFolder></m:Folders></m:CreateFolder>
            """);
        var folderId = (string)folder.Descendants(T + "FolderId").Single().Attribute("Id")!;
        var ids = await Lab.CreateAsync("""
            <t:CalendarItem><t:Subject>Accept me</t:Subject><t:Start>2026-12-02T10:00:00Z</t:Start><t:End>2026-12-02T11:00:00Z</t:End></t:CalendarItem>
            <t:CalendarItem><t:Subject>Cancel me</t:Subject><t:Start>2026-12-03T10:00:00Z</t:Start><t:End>2026-12-03T11:00:00Z</t:End></t:CalendarItem>
            """, $"<t:FolderId Id=\"{folderId}\"/>");
        var responses = await Lab.CallAsync($"""
            <m:CreateItem MessageDisposition="SaveOnly" SendMeetingInvitations="SendToNone"><m:SavedItemFolderId><t:FolderId Id="{folderId}"/></m:SavedItemFolderId><m:Items>
              <t:AcceptItem><t:ReferenceItemId Id="{ids[0].Id}" ChangeKey="{ids[0].ChangeKey}"/></t:AcceptItem>
              <t:CancelCalendarItem><t:ReferenceItemId Id="{ids[1].Id}" ChangeKey="{ids[1].ChangeKey}"/></t:CancelCalendarItem>
              <t:ReplyToItem><t:ReferenceItemId Id="{ids[0].Id}" ChangeKey="{ids[0].ChangeKey}"/></t:ReplyToItem>
            </m:Items></m:CreateItem>
            """);
        Assert.Equal(["NoError", "NoError", "ErrorInvalidOperation"], responses.Select(Code));
        var found = await Lab.CallOneAsync($"""
            <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape>
            <m:ParentFolderIds><t:FolderId Id="{folderId}"/></m:ParentFolderIds></m:FindItem>
            """);
        var items = found.Descendants(T + "Items").Single().Elements().ToList();
        var accepted = Assert.Single(items);
        Assert.Equal("Accept me", V(accepted, "Subject"));
        Assert.Equal("Accept", V(accepted, "MyResponseType"));
    }
}
