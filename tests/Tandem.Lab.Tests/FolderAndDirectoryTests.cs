using static Tandem.Lab.Tests.LabHarness;
using Tandem.Testing.Time;

namespace Tandem.Lab.Tests;

public sealed class FolderAndDirectoryTests
{
    [Fact]
    public async Task CreateFolder_ThenSyncFolderHierarchyAndFindFolder_ShowIt()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        const string sync = """<m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:SyncFolderId><t:DistinguishedFolderId Id="msgfolderroot"/></m:SyncFolderId>{0}</m:SyncFolderHierarchy>""";
        var first = await lab.CallOneAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, sync, string.Empty));
        Assert.Contains(first.Descendants(T + "DisplayName"), d => d.Value == "Contacts");
        var state = first.Element(M + "SyncState")!.Value;

        const string create = """<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="contacts"/></m:ParentFolderId><m:Folders><t:ContactsFolder><t:DisplayName>Company</t:DisplayName></t:ContactsFolder></m:Folders></m:CreateFolder>""";
        AssertSuccess(await lab.CallOneAsync(create));
        Assert.Equal("ErrorFolderExists", Code(await lab.CallOneAsync(create)));

        var next = await lab.CallOneAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, sync, $"<m:SyncState>{state}</m:SyncState>"));
        var created = next.Element(M + "Changes")!.Elements(T + "Create").Single();
        Assert.Equal("Company", created.Descendants(T + "DisplayName").Single().Value);
        Assert.Contains(next.Element(M + "Changes")!.Elements(T + "Update"), u => u.Descendants(T + "DisplayName").Single().Value == "Contacts");

        var deep = await lab.CallOneAsync("""<m:FindFolder Traversal="Deep"><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:ParentFolderIds><t:DistinguishedFolderId Id="msgfolderroot"/></m:ParentFolderIds></m:FindFolder>""");
        var company = deep.Descendants(T + "ContactsFolder").Single(f => f.Element(T + "DisplayName")!.Value == "Company");
        Assert.Equal("IPF.Contact", company.Element(T + "FolderClass")!.Value);
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task PublicFolders_TreeReplicaListAndDeepTraversalRefused()
    {
        await using var lab = await LabHarness.StartAsync();
        var root = await lab.CallOneAsync("""<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="folder:DisplayName"/><t:FieldURI FieldURI="folder:TotalCount"/><t:ExtendedFieldURI PropertyTag="0x6698" PropertyType="Binary"/></t:AdditionalProperties></m:FolderShape><m:ParentFolderIds><t:DistinguishedFolderId Id="publicfoldersroot"/></m:ParentFolderIds></m:FindFolder>""");
        var contacts = root.Descendants(T + "ContactsFolder").Single();
        Assert.Equal("300", contacts.Element(T + "TotalCount")!.Value);
        var replica = Convert.FromBase64String(contacts.Element(T + "ExtendedProperty")!.Element(T + "Value")!.Value);
        Assert.True(Guid.TryParse(System.Text.Encoding.ASCII.GetString(replica).TrimEnd('\0'), out _));

        var projects = root.Descendants(T + "Folder").Single(f => f.Element(T + "DisplayName")!.Value == "Projects");
        var children = await lab.CallOneAsync($"""<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:ParentFolderIds><t:FolderId Id="{projects.Element(T + "FolderId")!.Attribute("Id")!.Value}"/></m:ParentFolderIds></m:FindFolder>""");
        Assert.Equal("Tasks", children.Descendants(T + "TasksFolder").Single().Element(T + "DisplayName")!.Value);

        var deep = await lab.CallOneAsync("""<m:FindFolder Traversal="Deep"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:ParentFolderIds><t:DistinguishedFolderId Id="publicfoldersroot"/></m:ParentFolderIds></m:FindFolder>""");
        Assert.Equal("ErrorInvalidOperation", Code(deep));
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task ResolveNamesAndConvertId_AnswerLikeExchange()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var one = await lab.CallOneAsync("""<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>carol</m:UnresolvedEntry></m:ResolveNames>""");
        AssertSuccess(one);
        Assert.Equal("carol@lab.test", one.Descendants(T + "EmailAddress").Single().Value);
        var none = await lab.CallOneAsync("""<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>zzz</m:UnresolvedEntry></m:ResolveNames>""");
        Assert.Equal("ErrorNameResolutionNoResults", Code(none));

        var (id, _) = (await lab.CreateAsync("<t:Contact><t:GivenName>X</t:GivenName></t:Contact>")).Single();
        var converted = await lab.CallAsync($"""<m:ConvertId DestinationFormat="HexEntryId"><m:SourceIds><t:AlternateId Format="EwsId" Id="{id}" Mailbox="alice@lab.test"/><t:AlternateId Format="EwsId" Id="DUMMY" Mailbox="DUMMY"/></m:SourceIds></m:ConvertId>""");
        Assert.Equal(Convert.ToHexString(Convert.FromBase64String(id)), (string?)converted[0].Element(M + "AlternateId")!.Attribute("Id"));
        Assert.Equal("ErrorInvalidIdMalformed", Code(converted[1]));
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task NotesAndTasks_RoundTripAndMoveToDeletedItems()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (note, _) = (await lab.CreateAsync("""<t:Message><t:ItemClass>IPM.StickyNote</t:ItemClass><t:Subject>Buy milk</t:Subject><t:Body BodyType="Text">2 litres</t:Body></t:Message>""", "<t:DistinguishedFolderId Id=\"notes\"/>")).Single();
        var (task, _) = (await lab.CreateAsync("""<t:Task><t:Subject>Ship it</t:Subject><t:DueDate>2026-12-24T17:00:00Z</t:DueDate><t:PercentComplete>50</t:PercentComplete><t:Status>InProgress</t:Status></t:Task>""", "<t:DistinguishedFolderId Id=\"tasks\"/>")).Single();

        var n = await lab.GetAsync(note);
        Assert.Equal("IPM.StickyNote", n.Element(T + "ItemClass")!.Value);
        Assert.Equal("2 litres", n.Element(T + "Body")!.Value);
        var t = await lab.GetAsync(task);
        Assert.Equal(["Ship it", "50", "InProgress"], new[] { "Subject", "PercentComplete", "Status" }.Select(x => t.Element(T + x)!.Value));

        Assert.Equal("ErrorAffectedTaskOccurrencesRequired", Code(await lab.CallOneAsync($"""<m:DeleteItem DeleteType="HardDelete"><m:ItemIds><t:ItemId Id="{task}"/></m:ItemIds></m:DeleteItem>""")));
        AssertSuccess(await lab.CallOneAsync($"""<m:DeleteItem DeleteType="MoveToDeletedItems"><m:ItemIds><t:ItemId Id="{note}"/></m:ItemIds></m:DeleteItem>"""));
        Assert.Equal("ErrorItemNotFound", Code(await lab.CallOneAsync($"""<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="{note}"/></m:ItemIds></m:GetItem>""")));
        var deleted = await lab.CallOneAsync("""<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>Default</t:BaseShape></m:ItemShape><m:ParentFolderIds><t:DistinguishedFolderId Id="deleteditems"/></m:ParentFolderIds></m:FindItem>""");
        Assert.Equal("Buy milk", deleted.Descendants(T + "Subject").Single().Value);
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task PullSubscription_EventsThenExpiryAfterTimeoutWithoutGetEvents()
    {
        var time = new TestClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        await using var lab = await LabHarness.StartAsync("empty", time: time);
        var sub = await lab.CallOneAsync("""<m:Subscribe><m:PullSubscriptionRequest><t:FolderIds><t:DistinguishedFolderId Id="contacts"/></t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType><t:EventType>ModifiedEvent</t:EventType></t:EventTypes><t:Timeout>5</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>""");
        var id = sub.Element(M + "SubscriptionId")!.Value;
        var watermark = sub.Element(M + "Watermark")!.Value;
        var (item, _) = (await lab.CreateAsync("<t:Contact><t:GivenName>Pull</t:GivenName></t:Contact>")).Single();

        var events = await lab.CallOneAsync($"""<m:GetEvents><m:SubscriptionId>{id}</m:SubscriptionId><m:Watermark>{watermark}</m:Watermark></m:GetEvents>""");
        var created = events.Descendants(T + "CreatedEvent").Single();
        Assert.Equal(item, (string?)created.Element(T + "ItemId")!.Attribute("Id"));
        Assert.Equal("2026-11-21T12:00:00Z", created.Element(T + "TimeStamp")!.Value);
        var last = events.Descendants(T + "Watermark").Last().Value;

        var quiet = await lab.CallOneAsync($"""<m:GetEvents><m:SubscriptionId>{id}</m:SubscriptionId><m:Watermark>{last}</m:Watermark></m:GetEvents>""");
        Assert.Single(quiet.Descendants(T + "StatusEvent"));

        time.Advance(TimeSpan.FromMinutes(6));
        var expired = await lab.CallOneAsync($"""<m:GetEvents><m:SubscriptionId>{id}</m:SubscriptionId><m:Watermark>{last}</m:Watermark></m:GetEvents>""");
        Assert.Equal("ErrorSubscriptionNotFound", Code(expired));
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task StreamingSubscription_IdleWithoutConnectionForHalfAnHour_Expires()
    {
        var time = new TestClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        await using var lab = await LabHarness.StartAsync("empty", time: time);
        var id = (await lab.CallOneAsync("""<m:Subscribe><m:StreamingSubscriptionRequest><t:FolderIds><t:DistinguishedFolderId Id="contacts"/></t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>""")).Element(M + "SubscriptionId")!.Value;
        time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal("NoError", Code(await lab.CallOneAsync($"<m:Unsubscribe><m:SubscriptionId>{id}</m:SubscriptionId></m:Unsubscribe>")));

        var id2 = (await lab.CallOneAsync("""<m:Subscribe><m:StreamingSubscriptionRequest><t:FolderIds><t:DistinguishedFolderId Id="contacts"/></t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes></m:StreamingSubscriptionRequest></m:Subscribe>""")).Element(M + "SubscriptionId")!.Value;
        time.Advance(TimeSpan.FromMinutes(31));
        await lab.CreateAsync("<t:Contact><t:GivenName>Late</t:GivenName></t:Contact>");
        var stream = await SampleConformanceTests.FirstEnvelopeAsync(lab, id2);
        Assert.Equal("ErrorSubscriptionNotFound", stream.Descendants(M + "ResponseCode").Single().Value);
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task FindItem_LastModifiedTimeRestriction_UsesTheInjectedClock()
    {
        var time = new TestClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var lab = await LabHarness.StartAsync("empty", time: time);
        await lab.CreateAsync("<t:Contact><t:GivenName>Old</t:GivenName></t:Contact>");
        time.Advance(TimeSpan.FromDays(30));
        await lab.CreateAsync("<t:Contact><t:GivenName>New</t:GivenName></t:Contact>");

        var found = await lab.CallOneAsync("""
            <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="contacts:GivenName"/><t:FieldURI FieldURI="item:LastModifiedTime"/></t:AdditionalProperties></m:ItemShape>
              <m:Restriction><t:IsGreaterThan><t:FieldURI FieldURI="item:LastModifiedTime"/><t:FieldURIOrConstant><t:Constant Value="2026-01-15T00:00:00Z"/></t:FieldURIOrConstant></t:IsGreaterThan></m:Restriction>
              <m:SortOrder><t:FieldOrder Order="Descending"><t:FieldURI FieldURI="item:LastModifiedTime"/></t:FieldOrder></m:SortOrder>
              <m:ParentFolderIds><t:DistinguishedFolderId Id="contacts"/></m:ParentFolderIds></m:FindItem>
            """);
        var contact = found.Descendants(T + "Contact").Single();
        Assert.Equal("New", contact.Element(T + "GivenName")!.Value);
        Assert.Equal("2026-01-31T00:00:00Z", contact.Element(T + "LastModifiedTime")!.Value);
        lab.AssertAllExchangesValid();
    }
}
