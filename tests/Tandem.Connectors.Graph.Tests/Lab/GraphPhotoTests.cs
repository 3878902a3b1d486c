using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Graph.Tests.Lab;

/// <summary>Contact photos over Graph (/contacts/{id}/photo/$value) against the lab, beyond the contract's round trip.</summary>
public sealed class GraphPhotoTests(GraphLab lab) : IClassFixture<GraphLab>
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    [Fact]
    public async Task PhotoRemovedByTheGroup_ReadsAsNone_ANewPictureByAUserReadsAsIt_AndTheOldOneCanComeBack()
    {
        var folder = FolderRef.Parse($"lab:erin@lab.test/Contacts/Photos {Guid.NewGuid():N}");
        await using var writer = lab.Connect();
        var session = await writer.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct);
        var contact = SampleItems.ContactWithPhoto("Rita");
        var created = Assert.Single(await session.WriteAsync([SampleItems.Create(contact, "L-rita", "photos")], Ct));
        var removed = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, created.Request.Stamp, contact with { Photo = null }, created.RemoteId, created.ChangeKey)], Ct));
        Assert.Equal(WriteOutcome.Ok, removed.Outcome);

        // Graph cannot delete a contact's photo: the picture is still there, and a reader with no memory of it reads none
        using (var http = lab.Http())
        {
            var held = await http.GetAsync($"users/erin@lab.test/contacts/{Uri.EscapeDataString(created.RemoteId!)}/photo/$value", Ct);
            Assert.True(held.IsSuccessStatusCode, "the lab keeps the picture, as Graph does");
            var metadata = await GraphFaceTests.SendAsync(http, HttpMethod.Get, $"users/erin@lab.test/contacts/{Uri.EscapeDataString(created.RemoteId!)}/photo");
            var names = GraphFaceTests.Names();
            Assert.Equal("image/png", (string?)metadata.Body!["@odata.mediaContentType"]);
            Assert.All(metadata.Body!.AsObject().Select(p => p.Key).Where(k => !k.StartsWith('@')), k => Assert.Contains(k, names["profilePhoto"].Concat(names["entity"])));
        }

        Assert.Null(await FreshReadAsync(folder));
        var current = await FreshItemAsync(folder);
        Assert.Equal(removed.ChangeKey, current.ChangeKey);

        // a user puts another picture there (Outlook, not Tandem: the mark stays): that is an edit, read as it is
        var userPicture = SampleItems.PngPhoto(1500, 7);
        using (var http = lab.Http())
        {
            using var body = new ByteArrayContent(Convert.FromBase64String(userPicture.Data));
            body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("image/png");
            var put = await http.PutAsync($"users/erin@lab.test/contacts/{Uri.EscapeDataString(created.RemoteId!)}/photo/$value", body, Ct);
            Assert.True(put.IsSuccessStatusCode, $"PUT photo: {(int)put.StatusCode}");
        }

        current = await FreshItemAsync(folder);
        Assert.NotEqual(removed.ChangeKey, current.ChangeKey);
        Assert.Equal(userPicture, await FreshReadAsync(folder));

        // the first picture again: the mark of its removal does not hide it
        var back = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, created.Request.Stamp, contact, created.RemoteId, current.ChangeKey)], Ct));
        Assert.Equal(WriteOutcome.Ok, back.Outcome);
        Assert.Equal(contact.Photo, await FreshReadAsync(folder));
    }

    [Fact]
    public async Task PhotosLeftOut_ReadWithheld_AndAWriteLeavesThePictureAlone()
    {
        var folder = FolderRef.Parse($"lab:erin@lab.test/Contacts/Left out {Guid.NewGuid():N}");
        await using var full = lab.Connect();
        var session = await full.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct);
        var contact = SampleItems.ContactWithPhoto("Sam");
        Assert.Equal(WriteOutcome.Ok, Assert.Single(await session.WriteAsync([SampleItems.Create(contact, "L-sam", "photos")], Ct)).Outcome);

        var connection = GraphLab.Connection(lab.GraphUrl);
        connection = connection with { Settings = new Dictionary<string, string>(connection.Settings) { [PhotoSettings.IncludeKey] = "false" } };
        await using (var without = new GraphConnectorFactory().Create(connection, new Dictionary<string, string>()))
        {
            var leftOut = await without.OpenFolderAsync(folder, ItemKind.Contact, create: false, Ct);
            var seen = Assert.Single((await leftOut.ReadChangesAsync(null, Ct)).Upserts);
            Assert.True(((Contact)seen.Item!).Photo?.IsWithheld, "photos left out read as withheld");
            var update = new WriteRequest(WriteKind.Update, seen.Stamp!, contact with { Surname = "Edited", Photo = null }, seen.RemoteId, seen.ChangeKey);
            Assert.Equal(WriteOutcome.Ok, Assert.Single(await leftOut.WriteAsync([update], Ct)).Outcome);
        }

        Assert.Equal(contact.Photo, await FreshReadAsync(folder));
    }

    /// <summary>The contact's photo as a connector that never saw it reads it.</summary>
    private async Task<Photo?> FreshReadAsync(FolderRef folder) => ((Contact)(await FreshItemAsync(folder)).Item!).Photo;

    private async Task<RemoteItem> FreshItemAsync(FolderRef folder)
    {
        await using var reader = lab.Connect();
        var session = await reader.OpenFolderAsync(folder, ItemKind.Contact, create: false, Ct);
        return Assert.Single((await session.ReadChangesAsync(null, Ct)).Upserts);
    }
}
