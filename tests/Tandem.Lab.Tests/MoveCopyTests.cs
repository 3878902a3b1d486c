using static Tandem.Lab.Tests.LabHarness;

namespace Tandem.Lab.Tests;

public sealed class MoveCopyTests
{
    [Fact]
    public async Task MoveItem_NewIdInTargetAndDeleteInSourceSync_CopyItemKeepsOriginal()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        var ids = await lab.CreateAsync("<t:Contact><t:GivenName>Move</t:GivenName></t:Contact><t:Contact><t:GivenName>Copy</t:GivenName></t:Contact>");
        var state = (await lab.CallOneAsync("""<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="contacts"/></m:SyncFolderId><m:MaxChangesReturned>100</m:MaxChangesReturned></m:SyncFolderItems>""")).Element(M + "SyncState")!.Value;

        var moved = await lab.CallOneAsync($"""<m:MoveItem><m:ToFolderId><t:DistinguishedFolderId Id="deleteditems"/></m:ToFolderId><m:ItemIds><t:ItemId Id="{ids[0].Id}"/></m:ItemIds></m:MoveItem>""");
        var copied = await lab.CallOneAsync($"""<m:CopyItem><m:ToFolderId><t:DistinguishedFolderId Id="inbox"/></m:ToFolderId><m:ItemIds><t:ItemId Id="{ids[1].Id}"/></m:ItemIds></m:CopyItem>""");

        var newId = (string)moved.Descendants(T + "ItemId").Single().Attribute("Id")!;
        Assert.NotEqual(ids[0].Id, newId);
        Assert.Equal("Move", (await lab.GetAsync(newId)).Element(T + "GivenName")!.Value);
        Assert.Equal("Copy", (await lab.GetAsync((string)copied.Descendants(T + "ItemId").Single().Attribute("Id")!)).Element(T + "GivenName")!.Value);
        Assert.Equal("Copy", (await lab.GetAsync(ids[1].Id)).Element(T + "GivenName")!.Value);

        var sync = await lab.CallOneAsync($"""<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="contacts"/></m:SyncFolderId><m:SyncState>{state}</m:SyncState><m:MaxChangesReturned>100</m:MaxChangesReturned></m:SyncFolderItems>""");
        Assert.Equal([("Delete", ids[0].Id)], sync.Element(M + "Changes")!.Elements().Select(c => (c.Name.LocalName, (string)c.Descendants(T + "ItemId").Single().Attribute("Id")!)));
        lab.AssertAllExchangesValid();
    }

    [Fact]
    public async Task Subscribe_PublicFolderTogetherWithAnotherFolder_IsRefused()
    {
        await using var lab = await LabHarness.StartAsync();
        var company = (string)(await lab.PublicFolderAsync("Company Contacts")).Element(T + "FolderId")!.Attribute("Id")!;
        var mixed = await lab.CallOneAsync($"""<m:Subscribe><m:PullSubscriptionRequest><t:FolderIds><t:FolderId Id="{company}"/><t:DistinguishedFolderId Id="contacts"/></t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes><t:Timeout>10</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>""");
        Assert.Equal("ErrorInvalidSubscriptionRequest", Code(mixed));
        var single = await lab.CallOneAsync($"""<m:Subscribe><m:PullSubscriptionRequest><t:FolderIds><t:FolderId Id="{company}"/></t:FolderIds><t:EventTypes><t:EventType>CreatedEvent</t:EventType></t:EventTypes><t:Timeout>10</t:Timeout></m:PullSubscriptionRequest></m:Subscribe>""");
        AssertSuccess(single);
        await lab.CreateAsync("<t:Contact><t:GivenName>Public</t:GivenName></t:Contact>", $"<t:FolderId Id=\"{company}\"/>", "bob@lab.test");
        var events = await lab.CallOneAsync($"""<m:GetEvents><m:SubscriptionId>{single.Element(M + "SubscriptionId")!.Value}</m:SubscriptionId><m:Watermark>{single.Element(M + "Watermark")!.Value}</m:Watermark></m:GetEvents>""");
        Assert.Single(events.Descendants(T + "CreatedEvent"));
        lab.AssertAllExchangesValid();
    }
}
