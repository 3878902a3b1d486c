using System.Xml.Linq;
using static Tandem.Lab.Tests.LabHarness;

namespace Tandem.Lab.Tests;

public sealed class ItemOperationTests
{
    private const string Stamp = """<t:ExtendedFieldURI PropertySetId="c11ff724-aa03-4555-9952-8fa248a11c3e" PropertyName="TandemStamp" PropertyType="String"/>""";

    private const string FullContact = """
        <t:Contact>
          <t:Subject>Sadie Daniels</t:Subject>
          <t:Sensitivity>Private</t:Sensitivity>
          <t:Body BodyType="Text">Met at the fair.</t:Body>
          <t:Categories><t:String>Customer</t:String><t:String>VIP</t:String></t:Categories>
          <t:ExtendedProperty><t:ExtendedFieldURI PropertySetId="c11ff724-aa03-4555-9952-8fa248a11c3e" PropertyName="TandemStamp" PropertyType="String"/><t:Value>g1;L42</t:Value></t:ExtendedProperty>
          <t:FileAs>Daniels, Sadie</t:FileAs>
          <t:DisplayName>Sadie Daniels</t:DisplayName>
          <t:GivenName>Sadie</t:GivenName>
          <t:Initials>SD</t:Initials>
          <t:MiddleName>Ann</t:MiddleName>
          <t:Nickname>Sade</t:Nickname>
          <t:CompanyName>Contoso Ltd</t:CompanyName>
          <t:EmailAddresses>
            <t:Entry Key="EmailAddress1">sadie@contoso.example</t:Entry>
            <t:Entry Key="EmailAddress2">sadie@home.example</t:Entry>
            <t:Entry Key="EmailAddress3">sd@other.example</t:Entry>
          </t:EmailAddresses>
          <t:PhysicalAddresses>
            <t:Entry Key="Business"><t:Street>1 Main St</t:Street><t:City>Seattle</t:City><t:State>WA</t:State><t:CountryOrRegion>United States</t:CountryOrRegion><t:PostalCode>98101</t:PostalCode></t:Entry>
            <t:Entry Key="Home"><t:City>Tacoma</t:City></t:Entry>
            <t:Entry Key="Other"><t:Street>PO Box 7</t:Street></t:Entry>
          </t:PhysicalAddresses>
          <t:PhoneNumbers>
            <t:Entry Key="BusinessPhone">+1 555 0100</t:Entry>
            <t:Entry Key="MobilePhone">+1 555 0101</t:Entry>
            <t:Entry Key="HomePhone">+1 555 0102</t:Entry>
          </t:PhoneNumbers>
          <t:AssistantName>Bob</t:AssistantName>
          <t:Birthday>1980-05-12T00:00:00Z</t:Birthday>
          <t:BusinessHomePage>https://contoso.example/</t:BusinessHomePage>
          <t:Department>Sales</t:Department>
          <t:Generation>Jr.</t:Generation>
          <t:ImAddresses><t:Entry Key="ImAddress1">sip:sadie@contoso.example</t:Entry></t:ImAddresses>
          <t:JobTitle>Director</t:JobTitle>
          <t:Manager>Carol</t:Manager>
          <t:OfficeLocation>Building 4</t:OfficeLocation>
          <t:Profession>Engineer</t:Profession>
          <t:SpouseName>Sam</t:SpouseName>
          <t:Surname>Daniels</t:Surname>
          <t:WeddingAnniversary>2005-06-01T00:00:00Z</t:WeddingAnniversary>
        </t:Contact>
        """;

    [Fact]
    public async Task CreateItem_ContactWithEveryField_GetItemReturnsFieldsAsSent()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (id, changeKey) = (await lab.CreateAsync(FullContact)).Single();

        var contact = await lab.GetAsync(id, additional: Stamp);

        var sent = XElement.Parse(FullContact.Replace("<t:Contact>", $"<t:Contact xmlns:t=\"{T}\">", StringComparison.Ordinal));
        foreach (var element in sent.Elements().Where(e => e.Name.LocalName != "ExtendedProperty"))
        {
            var got = contact.Element(element.Name);
            Assert.True(got is not null, $"{element.Name.LocalName} missing");
            Assert.True(XNode.DeepEquals(Strip(element), Strip(got)), $"{element.Name.LocalName}: sent {element} got {got}");
        }

        Assert.Equal("g1;L42", contact.Element(T + "ExtendedProperty")!.Element(T + "Value")!.Value);
        Assert.Equal("Sadie", contact.Element(T + "CompleteName")!.Element(T + "FirstName")!.Value);
        Assert.Equal(changeKey, (string)contact.Element(T + "ItemId")!.Attribute("ChangeKey")!);
        Assert.Equal("IPM.Contact", contact.Element(T + "ItemClass")!.Value);
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task UpdateItem_SetAppendDelete_ChangeKeyChangesAndFieldsFollow()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (id, key1) = (await lab.CreateAsync(FullContact)).Single();

        var m = await lab.CallOneAsync($"""
            <m:UpdateItem ConflictResolution="NeverOverwrite">
              <m:ItemChanges><t:ItemChange><t:ItemId Id="{id}" ChangeKey="{key1}"/><t:Updates>
                <t:SetItemField><t:FieldURI FieldURI="contacts:JobTitle"/><t:Contact><t:JobTitle>CEO</t:JobTitle></t:Contact></t:SetItemField>
                <t:AppendToItemField><t:FieldURI FieldURI="item:Body"/><t:Contact><t:Body BodyType="Text"> Again.</t:Body></t:Contact></t:AppendToItemField>
                <t:DeleteItemField><t:FieldURI FieldURI="contacts:Manager"/></t:DeleteItemField>
                <t:SetItemField><t:IndexedFieldURI FieldURI="contacts:EmailAddress" FieldIndex="EmailAddress1"/><t:Contact><t:EmailAddresses><t:Entry Key="EmailAddress1">new@contoso.example</t:Entry></t:EmailAddresses></t:Contact></t:SetItemField>
                <t:SetItemField><t:IndexedFieldURI FieldURI="contacts:PhysicalAddress:City" FieldIndex="Business"/><t:Contact><t:PhysicalAddresses><t:Entry Key="Business"><t:City>Redmond</t:City></t:Entry></t:PhysicalAddresses></t:Contact></t:SetItemField>
                <t:DeleteItemField><t:IndexedFieldURI FieldURI="contacts:PhoneNumber" FieldIndex="HomePhone"/></t:DeleteItemField>
                <t:SetItemField>{Stamp}<t:Contact><t:ExtendedProperty>{Stamp}<t:Value>g1;L43</t:Value></t:ExtendedProperty></t:Contact></t:SetItemField>
              </t:Updates></t:ItemChange></m:ItemChanges>
            </m:UpdateItem>
            """);
        AssertSuccess(m);
        var key2 = (string)m.Descendants(T + "ItemId").Single().Attribute("ChangeKey")!;
        Assert.NotEqual(key1, key2);

        var c = await lab.GetAsync(id, additional: Stamp);
        Assert.Equal("CEO", c.Element(T + "JobTitle")!.Value);
        Assert.Equal("Met at the fair. Again.", c.Element(T + "Body")!.Value);
        Assert.Null(c.Element(T + "Manager"));
        Assert.Equal("new@contoso.example", c.Element(T + "EmailAddresses")!.Elements().Single(e => (string?)e.Attribute("Key") == "EmailAddress1").Value);
        Assert.Equal("sadie@home.example", c.Element(T + "EmailAddresses")!.Elements().Single(e => (string?)e.Attribute("Key") == "EmailAddress2").Value);
        var business = c.Element(T + "PhysicalAddresses")!.Elements().Single(e => (string?)e.Attribute("Key") == "Business");
        Assert.Equal("Redmond", business.Element(T + "City")!.Value);
        Assert.Equal("1 Main St", business.Element(T + "Street")!.Value);
        Assert.DoesNotContain(c.Element(T + "PhoneNumbers")!.Elements(), e => (string?)e.Attribute("Key") == "HomePhone");
        Assert.Equal("g1;L43", c.Element(T + "ExtendedProperty")!.Element(T + "Value")!.Value);
        lab.AssertAllExchangesValid();
    }

    [Theory]
    [InlineData("NeverOverwrite", "contacts:JobTitle", "ErrorIrresolvableConflict")]
    [InlineData("AutoResolve", "contacts:JobTitle", "ErrorIrresolvableConflict")]
    [InlineData("AutoResolve", "contacts:Department", "NoError")]
    [InlineData("AlwaysOverwrite", "contacts:JobTitle", "NoError")]
    public async Task UpdateItem_StaleChangeKey_FollowsConflictResolution(string resolution, string field, string expected)
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (id, stale) = (await lab.CreateAsync(FullContact)).Single();
        AssertSuccess(await lab.CallOneAsync(Update(id, stale, "NeverOverwrite", "contacts:JobTitle", "<t:JobTitle>Other writer</t:JobTitle>")));

        var element = field == "contacts:JobTitle" ? "<t:JobTitle>Mine</t:JobTitle>" : "<t:Department>Mine</t:Department>";
        var m = await lab.CallOneAsync(Update(id, stale, resolution, field, element));

        Assert.Equal(expected, Code(m));
        var c = await lab.GetAsync(id);
        var expectTitle = expected == "NoError" && field == "contacts:JobTitle" ? "Mine" : "Other writer";
        Assert.Equal(expectTitle, c.Element(T + "JobTitle")!.Value);
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task UpdateItem_WithoutChangeKey_IsRefused()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (id, _) = (await lab.CreateAsync(FullContact)).Single();
        var m = await lab.CallOneAsync($"""<m:UpdateItem ConflictResolution="AlwaysOverwrite"><m:ItemChanges><t:ItemChange><t:ItemId Id="{id}"/><t:Updates><t:DeleteItemField><t:FieldURI FieldURI="contacts:Manager"/></t:DeleteItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>""");
        Assert.Equal("ErrorChangeKeyRequiredForWriteOperations", Code(m));
    }

    [Fact]
    public async Task DeleteItem_ThenGetItem_ErrorItemNotFound()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var ids = await lab.CreateAsync(FullContact + FullContact);
        var deleted = await lab.CallAsync($"""<m:DeleteItem DeleteType="HardDelete"><m:ItemIds><t:ItemId Id="{ids[0].Id}"/><t:ItemId Id="{ids[0].Id}"/></m:ItemIds></m:DeleteItem>""");
        Assert.Equal(["NoError", "ErrorItemNotFound"], deleted.Select(Code));
        var got = await lab.CallAsync($"""<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="{ids[0].Id}"/><t:ItemId Id="{ids[1].Id}"/><t:ItemId Id="bm90IGFuIGlk"/></m:ItemIds></m:GetItem>""");
        Assert.Equal(["ErrorItemNotFound", "NoError", "ErrorInvalidIdMalformed"], got.Select(Code));
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task CreateItem_CalendarItem_GetsUidAndCleanGlobalObjectId()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var (id, _) = (await lab.CreateAsync("""
            <t:CalendarItem><t:Subject>Review</t:Subject><t:ReminderMinutesBeforeStart>10</t:ReminderMinutesBeforeStart>
              <t:Start>2026-12-01T10:00:00Z</t:Start><t:End>2026-12-01T11:00:00Z</t:End><t:IsAllDayEvent>false</t:IsAllDayEvent>
              <t:LegacyFreeBusyStatus>Tentative</t:LegacyFreeBusyStatus><t:Location>Room 1</t:Location>
              <t:Recurrence><t:DailyRecurrence><t:Interval>2</t:Interval></t:DailyRecurrence><t:NumberedRecurrence><t:StartDate>2026-12-01</t:StartDate><t:NumberOfOccurrences>5</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>
              <t:StartTimeZone Id="W. Europe Standard Time"/><t:EndTimeZone Id="W. Europe Standard Time"/>
            </t:CalendarItem>
            """, "<t:DistinguishedFolderId Id=\"calendar\"/>")).Single();

        var item = await lab.GetAsync(id, additional: """<t:ExtendedFieldURI DistinguishedPropertySetId="Meeting" PropertyId="35" PropertyType="Binary"/>""");

        var uid = item.Element(T + "UID")!.Value;
        Assert.StartsWith("040000008200E00074C5B7101A82E008", uid, StringComparison.Ordinal);
        var clean = Convert.FromBase64String(item.Element(T + "ExtendedProperty")!.Element(T + "Value")!.Value);
        Assert.Equal(uid[..32], Convert.ToHexString(clean)[..32]);
        Assert.Equal("RecurringMaster", item.Element(T + "CalendarItemType")!.Value);
        Assert.Equal("Tentative", item.Element(T + "LegacyFreeBusyStatus")!.Value);
        Assert.Equal("2", item.Element(T + "Recurrence")!.Descendants(T + "Interval").Single().Value);
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task FindItem_RestrictionOnExtendedPropertyAndPaging_FindsOnlyMatches()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var items = string.Concat(Enumerable.Range(0, 25).Select(i =>
            $"""<t:Contact><t:Subject>C{i}</t:Subject><t:ExtendedProperty>{Stamp}<t:Value>{(i % 5 == 0 ? "mine" : "other")}</t:Value></t:ExtendedProperty><t:GivenName>C{i}</t:GivenName></t:Contact>"""));
        var created = await lab.CreateAsync(items);
        await lab.CreateAsync("<t:Contact><t:GivenName>NoStamp</t:GivenName></t:Contact>");

        var found = await lab.CallOneAsync($"""
            <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>{Stamp}</t:AdditionalProperties></m:ItemShape>
              <m:IndexedPageItemView MaxEntriesReturned="3" Offset="0" BasePoint="Beginning"/>
              <m:Restriction><t:And><t:Exists>{Stamp}</t:Exists><t:IsEqualTo>{Stamp}<t:FieldURIOrConstant><t:Constant Value="mine"/></t:FieldURIOrConstant></t:IsEqualTo></t:And></m:Restriction>
              <m:ParentFolderIds><t:DistinguishedFolderId Id="contacts"/></m:ParentFolderIds></m:FindItem>
            """);
        var root = found.Element(M + "RootFolder")!;
        Assert.Equal("5", (string?)root.Attribute("TotalItemsInView"));
        Assert.Equal("false", (string?)root.Attribute("IncludesLastItemInRange"));
        Assert.Equal("3", (string?)root.Attribute("IndexedPagingOffset"));
        var ids = root.Descendants(T + "ItemId").Select(i => (string)i.Attribute("Id")!).ToList();
        Assert.Equal(created.Where((_, i) => i % 5 == 0).Take(3).Select(c => c.Id), ids);

        var exists = await lab.CallOneAsync($"""
            <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>
              <m:Restriction><t:Not><t:Exists>{Stamp}</t:Exists></t:Not></m:Restriction>
              <m:ParentFolderIds><t:DistinguishedFolderId Id="contacts"/></m:ParentFolderIds></m:FindItem>
            """);
        Assert.Equal("1", (string?)exists.Element(M + "RootFolder")!.Attribute("TotalItemsInView"));
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task GetItem_EverySeededItemInAllProperties_IsSchemaValid()
    {
        await using var lab = await LabHarness.StartAsync("demo");
        var folders = new List<string>();
        foreach (var name in new[] { "Company Contacts", "Company Calendar" })
        {
            folders.Add((string)(await lab.PublicFolderAsync(name)).Element(T + "FolderId")!.Attribute("Id")!);
        }

        var total = 0;
        foreach (var parent in folders.Select(f => $"<t:FolderId Id=\"{f}\"/>").Concat(["<t:DistinguishedFolderId Id=\"calendar\"/>", "<t:DistinguishedFolderId Id=\"notes\"/>", "<t:DistinguishedFolderId Id=\"tasks\"/>", "<t:DistinguishedFolderId Id=\"inbox\"/>"]))
        {
            var found = await lab.CallOneAsync($"""<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ParentFolderIds>{parent}</m:ParentFolderIds></m:FindItem>""");
            var ids = found.Descendants(T + "ItemId").Select(i => $"<t:ItemId Id=\"{i.Attribute("Id")!.Value}\"/>").ToList();
            total += ids.Count;
            var got = await lab.CallAsync($"""<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds>{string.Concat(ids)}</m:ItemIds></m:GetItem>""");
            Assert.All(got, AssertSuccess);
        }

        Assert.True(total > 300, $"only {total} items");
        lab.AssertAllExchangesValid();
    }

    private static string Update(string id, string changeKey, string resolution, string field, string element) => $"""
        <m:UpdateItem ConflictResolution="{resolution}"><m:ItemChanges><t:ItemChange><t:ItemId Id="{id}" ChangeKey="{changeKey}"/><t:Updates>
          <t:SetItemField><t:FieldURI FieldURI="{field}"/><t:Contact>{element}</t:Contact></t:SetItemField>
        </t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>
        """;

    private static XElement Strip(XElement e)
    {
        var copy = new XElement(e);
        foreach (var d in copy.DescendantsAndSelf())
        {
            d.Attributes().Where(a => a.IsNamespaceDeclaration).Remove();
            if (!d.HasElements)
            {
                d.Value = d.Value.Trim();
            }
        }

        return copy;
    }
}
