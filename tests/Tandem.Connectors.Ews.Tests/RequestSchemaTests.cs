using System.Xml.Linq;
using Microsoft.Extensions.Logging.Abstractions;
using Tandem.Connectors.Ews.Mapping;
using Tandem.Connectors.Ews.Operations;
using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Items;
using Tandem.Testing.Items;
using Tandem.Testing.Ews;

namespace Tandem.Connectors.Ews.Tests;

/// <summary>Every request the connector can build is valid against the official EWS schemas.</summary>
public sealed class RequestSchemaTests
{
    private static readonly FolderAddress Folder = FolderAddress.ById("AAMkFolder=");

    private static string Envelope(XElement operation, string? impersonate = "alice@lab.test")
    {
        using var http = new HttpClient();
        var client = new EwsClient(http, new Uri("http://127.0.0.1/EWS/Exchange.asmx"), NoAuth.Instance,
            new ServerGate(TimeProvider.System, 4, 2), new EwsClientOptions(), TimeProvider.System, NullLogger.Instance);
        return client.BuildEnvelope(operation, new EwsCall("alice@lab.test", impersonate)).ToString();
    }

    public static TheoryData<string> ItemNames() => new(SampleItems.All().Select(i => i.Title));

    private static CanonicalItem ByTitle(string title) => SampleItems.All().Single(i => i.Title == title);

    [Theory]
    [MemberData(nameof(ItemNames))]
    public void CreateItem_EveryItemKindWithAllFields_IsSchemaValid(string title)
    {
        var item = ByTitle(title);
        var op = ItemRequests.CreateItem(item.Kind, Folder, [ItemMapper.ToCreateElement(item, SampleItems.Stamp()), ItemMapper.ToCreateElement(item, null)]);
        EwsSchema.AssertValid(Envelope(op));
    }

    [Theory]
    [MemberData(nameof(ItemNames))]
    public void UpdateItem_EveryItemKindWithAllFields_IsSchemaValid(string title)
    {
        var item = ByTitle(title);
        var op = ItemRequests.UpdateItem(item.Kind, [new ItemChange("AAMkItem1=", "CK1", ItemMapper.ToUpdates(item, SampleItems.Stamp()))]);
        EwsSchema.AssertValid(Envelope(op));
    }

    [Fact]
    public void UpdateItem_EmptyContact_DeletesFieldsAndIsSchemaValid()
    {
        var updates = ItemMapper.ToUpdates(new Contact { GivenName = "Only" }, null);
        var op = ItemRequests.UpdateItem(ItemKind.Contact, [new ItemChange("AAMkItem1=", "CK1", updates)]);
        EwsSchema.AssertValid(Envelope(op));
        Assert.Contains(updates.Elements(), u => u.Name.LocalName == "DeleteItemField");
    }

    [Theory]
    [InlineData(ItemKind.Contact)]
    [InlineData(ItemKind.Event)]
    [InlineData(ItemKind.Task)]
    [InlineData(ItemKind.Note)]
    public void GetAndDeleteItem_EveryKind_AreSchemaValid(ItemKind kind)
    {
        EwsSchema.AssertValid(Envelope(ItemRequests.GetItem(kind, ["AAMk1=", "AAMk2="])));
        EwsSchema.AssertValid(Envelope(ItemRequests.DeleteItem(kind, [ItemRequests.ItemId("AAMk1=", "CK"), ItemRequests.OccurrenceId("AAMk2=", 3)], "MoveToDeletedItems")));
    }

    [Fact]
    public void FindItem_WithStampRestriction_IsSchemaValid()
    {
        EwsSchema.AssertValid(Envelope(ItemRequests.FindItemScan(Folder, 500, ItemRequests.StampRestriction("g", ["a", "b"]))));
        EwsSchema.AssertValid(Envelope(ItemRequests.FindItemScan(FolderAddress.Named("contacts", "bob@lab.test"), 0, ItemRequests.StampRestriction("g", ["a"]))));
        EwsSchema.AssertValid(Envelope(ItemRequests.FindItemScan(Folder, 0), impersonate: null));
    }

    [Fact]
    public void SyncFolderItems_WithAndWithoutState_IsSchemaValid()
    {
        EwsSchema.AssertValid(Envelope(ItemRequests.SyncFolderItems(Folder, null)));
        EwsSchema.AssertValid(Envelope(ItemRequests.SyncFolderItems(FolderAddress.Named("contacts"), "H4sIAAA=")));
    }

    [Fact]
    public void SyncFolderItems_MaxChangesAboveSchemaLimit_IsClampedTo512()
    {
        var op = ItemRequests.SyncFolderItems(Folder, null, 10_000);
        Assert.Equal("512", op.Element(Ns.M + "MaxChangesReturned")!.Value);
        EwsSchema.AssertValid(Envelope(op));
    }

    [Fact]
    public void FolderOperations_AreSchemaValid()
    {
        EwsSchema.AssertValid(Envelope(FolderRequests.GetFolder(FolderAddress.Named("msgfolderroot", "alice@lab.test"), FolderAddress.Named("publicfoldersroot"))));
        EwsSchema.AssertValid(Envelope(FolderRequests.FindFolder(FolderAddress.Named("publicfoldersroot"), 0)));
        EwsSchema.AssertValid(Envelope(FolderRequests.GetReplicaList(Folder)));
        foreach (var kind in Enum.GetValues<ItemKind>())
        {
            EwsSchema.AssertValid(Envelope(FolderRequests.CreateFolder(Folder, "Company", ItemMapper.FolderElement(kind), ItemMapper.FolderClass(kind))));
        }
    }

    [Fact]
    public void CalendarWrites_Always_SendNothingToAttendees()
    {
        var evt = SampleItems.RecurringEvent();
        Assert.Equal("SendToNone", (string?)ItemRequests.CreateItem(ItemKind.Event, Folder, [ItemMapper.ToCreateElement(evt, null)]).Attribute("SendMeetingInvitations"));
        var update = ItemRequests.UpdateItem(ItemKind.Event, [new ItemChange("A", "B", ItemMapper.ToUpdates(evt, null))]);
        Assert.Equal("SendToNone", (string?)update.Attribute("SendMeetingInvitationsOrCancellations"));
        Assert.Equal("NeverOverwrite", (string?)update.Attribute("ConflictResolution"));
        Assert.Equal("SendToNone", (string?)ItemRequests.DeleteItem(ItemKind.Event, [ItemRequests.ItemId("A")], "MoveToDeletedItems").Attribute("SendMeetingCancellations"));
    }

    [Fact]
    public void BuildHttpRequest_PublicFolderAndImpersonation_SetsRoutingHeaders()
    {
        using var http = new HttpClient();
        var client = new EwsClient(http, new Uri("https://mail.example.org/EWS/Exchange.asmx"), NoAuth.Instance,
            new ServerGate(TimeProvider.System, 4, 2), new EwsClientOptions(), TimeProvider.System, NullLogger.Instance);
        var call = new EwsCall("public", AnchorMailbox: "SharedPublicFolder@x.test", PublicFolderMailbox: "1ec2@x.test");
        using var pf = client.BuildHttpRequest(client.BuildEnvelope(FolderRequests.FindFolder(FolderAddress.Named("publicfoldersroot"), 0), call), call);
        Assert.Equal("SharedPublicFolder@x.test", pf.Headers.GetValues("X-AnchorMailbox").Single());
        Assert.Equal("1ec2@x.test", pf.Headers.GetValues("X-PublicFolderMailbox").Single());
        var impersonated = new EwsCall("bob@x.test", ImpersonatedMailbox: "bob@x.test");
        using var imp = client.BuildHttpRequest(client.BuildEnvelope(FolderRequests.GetFolder(FolderAddress.Named("contacts")), impersonated), impersonated);
        Assert.Equal("bob@x.test", imp.Headers.GetValues("X-AnchorMailbox").Single());
        Assert.False(imp.Headers.Contains("X-PublicFolderMailbox"));
    }

    [Fact]
    public void CreateItem_ExtendedPropertyAfterContactField_IsRejectedBySchema()
    {
        // Guards the validator itself: the order trap of ews-notes.md §1.5 must be caught.
        var contact = ItemMapper.ToCreateElement(SampleItems.FullContact(), SampleItems.Stamp());
        var ext = contact.Elements(Ns.T + "ExtendedProperty").First();
        ext.Remove();
        contact.Add(ext);
        var op = ItemRequests.CreateItem(ItemKind.Contact, Folder, [contact]);
        Assert.NotEmpty(EwsSchema.Errors(Envelope(op)));
    }
}
