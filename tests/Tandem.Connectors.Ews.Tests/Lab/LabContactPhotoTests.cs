using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>
/// Contact photos over EWS, against the lab. Documented behaviour checked: a contact's picture is a file attachment with
/// IsContactPhoto true (FileAttachmentType, "Contact photos" in the EWS reference), created with CreateAttachment on the
/// contact and read with GetAttachment; GetItem lists attachments without their content; HasPicture says one is there.
/// </summary>
public sealed class LabContactPhotoTests(LabContractFixture fixture) : IClassFixture<LabContractFixture>
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private LabFixture Lab => fixture.Lab;

    [Fact]
    public async Task Create_WithPhoto_ReadBackByAnotherClientWithTheSamePicture()
    {
        var (folder, session) = await OpenAsync(Lab.Connect());
        var contact = WithPhoto("Ada", 3000, 1);

        var created = await CreateAsync(session, contact);

        var read = await ReadOneAsync(Lab.Connect(), folder);
        Assert.Equal(created.RemoteId, read.RemoteId);
        Assert.Equal(created.ChangeKey, read.ChangeKey); // the key after the photo was added: the engine sees its own write
        var photo = ((Contact)read.Item!).Photo;
        Assert.NotNull(photo);
        Assert.False(photo.IsWithheld);
        Assert.Equal(contact.Photo, photo);
        Assert.Contains(Lab.Requests, r => r.Contains("<m:CreateAttachment", StringComparison.Ordinal) && r.Contains("<t:IsContactPhoto>true</t:IsContactPhoto>", StringComparison.Ordinal));
        Lab.AssertRequestsValid();
    }

    [Fact]
    public async Task Read_UnchangedPhoto_IsNotDownloadedAgain()
    {
        var (folder, session) = await OpenAsync(Lab.Connect());
        await CreateAsync(session, WithPhoto("Grace", 2000, 2));
        await using var reader = Lab.Connect();

        var before = Lab.CountRequests("GetAttachment");
        var first = await ReadOneAsync(reader, folder);
        var afterFirst = Lab.CountRequests("GetAttachment");
        var second = await ReadOneAsync(reader, folder);
        var afterSecond = Lab.CountRequests("GetAttachment");

        Assert.Equal(before + 1, afterFirst);
        Assert.Equal(afterFirst, afterSecond);
        Assert.Equal(((Contact)first.Item!).Photo, ((Contact)second.Item!).Photo);
    }

    [Fact]
    public async Task Update_NewPhoto_ReplacesTheAttachmentAndIsAnEdit()
    {
        var (folder, session) = await OpenAsync(Lab.Connect());
        var contact = WithPhoto("Linus", 1500, 3);
        var created = await CreateAsync(session, contact);
        var edited = contact with { Photo = Png(1800, 4) };

        var updated = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, SampleItems.Stamp("photo"), edited, created.RemoteId, created.ChangeKey)], Ct));

        Assert.Equal(WriteOutcome.Ok, updated.Outcome);
        var read = await ReadOneAsync(Lab.Connect(), folder);
        Assert.Equal(updated.ChangeKey, read.ChangeKey);
        Assert.Equal(edited.Photo, ((Contact)read.Item!).Photo);
        Assert.NotEqual(ContentHash.Compute(contact), ContentHash.Compute(read.Item!));
        Assert.Equal(1, await PhotoAttachmentsAsync(folder)); // the old picture was deleted, not left beside the new one
    }

    [Fact]
    public async Task Update_WithoutPhoto_RemovesIt()
    {
        var (folder, session) = await OpenAsync(Lab.Connect());
        var contact = WithPhoto("Barbara", 1200, 5);
        var created = await CreateAsync(session, contact);

        var updated = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, SampleItems.Stamp("photo"), contact with { Photo = null }, created.RemoteId, created.ChangeKey)], Ct));

        Assert.Equal(WriteOutcome.Ok, updated.Outcome);
        var read = await ReadOneAsync(Lab.Connect(), folder);
        Assert.Null(((Contact)read.Item!).Photo);
        Assert.Equal(0, await PhotoAttachmentsAsync(folder));
    }

    [Fact]
    public async Task OverTheCap_ReadWithheld_AndAnUpdateWithoutPhotoLeavesIt()
    {
        var (folder, session) = await OpenAsync(Lab.Connect());
        var contact = WithPhoto("Edsger", 4000, 6);
        await CreateAsync(session, contact);
        await using var capped = Lab.Connect(extra: new Dictionary<string, string> { [PhotoSettings.MaxKbKey] = "2" });

        var read = await ReadOneAsync(capped, folder);

        var photo = ((Contact)read.Item!).Photo;
        Assert.NotNull(photo);
        Assert.True(photo.IsWithheld, "a photo over the cap is withheld, not read as no photo");
        Assert.Equal(contact.GivenName, ((Contact)read.Item!).GivenName); // the contact itself syncs
        // A group item without a photo (it never had this store's big one) is written: the big photo stays.
        await using var cappedSession = await capped.OpenFolderAsync(folder, ItemKind.Contact, create: false, Ct);
        var updated = Assert.Single(await cappedSession.WriteAsync([new WriteRequest(WriteKind.Update, SampleItems.Stamp("photo"), contact with { Photo = null, JobTitle = "Professor" }, read.RemoteId, read.ChangeKey)], Ct));
        Assert.Equal(WriteOutcome.Ok, updated.Outcome);
        var after = (Contact)(await ReadOneAsync(Lab.Connect(), folder)).Item!;
        Assert.Equal("Professor", after.JobTitle);
        Assert.Equal(contact.Photo, after.Photo);
    }

    [Fact]
    public async Task PhotosLeftOut_ReadWithheldAndNeverWritten()
    {
        await using var noPhotos = Lab.Connect(extra: new Dictionary<string, string> { [PhotoSettings.IncludeKey] = "false" });
        var (folder, session) = await OpenAsync(noPhotos);
        var before = Lab.CountRequests("CreateAttachment");

        await CreateAsync(session, WithPhoto("Niklaus", 1000, 7));

        Assert.Equal(before, Lab.CountRequests("CreateAttachment"));
        var read = await ReadOneAsync(noPhotos, folder);
        Assert.True(((Contact)read.Item!).Photo?.IsWithheld, "with photos left out every contact's photo is withheld");
        Assert.Equal(0, await PhotoAttachmentsAsync(folder));
    }

    private async Task<(FolderRef Folder, IFolderSession Session)> OpenAsync(IConnector connector)
    {
        var folder = FolderRef.Parse($"lab:alice@lab.test/Contacts/Photos {Guid.NewGuid():N}");
        return (folder, await connector.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct));
    }

    private static async Task<WriteResult> CreateAsync(IFolderSession session, Contact contact)
    {
        var result = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp("photo"), contact)], Ct));
        Assert.True(result.Outcome == WriteOutcome.Ok, result.Error);
        return result;
    }

    private static async Task<RemoteItem> ReadOneAsync(IConnector connector, FolderRef folder)
    {
        await using var session = await connector.OpenFolderAsync(folder, ItemKind.Contact, create: false, Ct);
        var changes = await session.ReadChangesAsync(null, Ct);
        var read = Assert.Single(changes.Upserts);
        Assert.Null(read.ParseError);
        return read;
    }

    /// <summary>How many contact-photo attachments the folder's one contact holds, as the lab's own GetItem lists them.</summary>
    private async Task<int> PhotoAttachmentsAsync(FolderRef folder) => CountIn(await RawContactAsync(folder));

    private async Task<string> RawContactAsync(FolderRef folder)
    {
        await using var connector = Lab.Connect();
        await using var session = await connector.OpenFolderAsync(folder, ItemKind.Contact, create: false, Ct);
        var id = Assert.Single((await session.ReadChangesAsync(null, Ct)).Upserts).RemoteId;
        return await LabSoap.PostAsync(Lab,
            $"""<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Attachments"/><t:FieldURI FieldURI="contacts:HasPicture"/></t:AdditionalProperties></m:ItemShape><m:ItemIds><t:ItemId Id="{id}"/></m:ItemIds></m:GetItem>""", Ct);
    }

    private static int CountIn(string getItemResponse)
    {
        var photos = getItemResponse.Split("<t:IsContactPhoto>true</t:IsContactPhoto>").Length - 1;
        Assert.Contains(photos > 0 ? "<t:HasPicture>true</t:HasPicture>" : "<t:HasPicture>false</t:HasPicture>", getItemResponse, StringComparison.Ordinal);
        return photos;
    }

    private static Contact WithPhoto(string name, int bytes, byte seed) => SampleItems.Contact(name, "Photo", name.ToLowerInvariant() + "@photo.test") with { Photo = Png(bytes, seed) };

    private static Photo Png(int bytes, byte seed) => SampleItems.PngPhoto(bytes, seed);
}
