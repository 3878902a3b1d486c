using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;
using Tandem.Testing.Python;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>
/// Contact photos between Tandem and an independent EWS client (Debian's python3-exchangelib), both ways, through the lab:
/// a picture exchangelib attaches as the contact photo (CreateAttachment with IsContactPhoto) is the photo Tandem reads,
/// and the one Tandem writes is the one exchangelib reads (GetAttachment), with HasPicture set.
/// </summary>
public sealed class ExchangelibPhotoTests(LabContractFixture fixture) : IClassFixture<LabContractFixture>
{
    [SkippableFact]
    public async Task ExchangelibWritesPhoto_TandemReadsTheSamePicture()
    {
        var python = PythonOracle.Require("exchangelib");
        var name = "Photos " + Guid.NewGuid().ToString("N");
        await using var connector = fixture.Lab.Connect();
        var folder = FolderRef.Parse($"lab:alice@lab.test/Contacts/{name}");
        await using var session = await connector.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct());
        var photo = SampleItems.PngPhoto(2500, 11);

        var written = await RunAsync(python, "write", name, "Grace", photo.Data);
        Assert.True(written.GetProperty("created").GetBoolean());

        var read = Assert.Single((await session.ReadChangesAsync(null, Ct())).Upserts);
        var contact = (Contact)read.Item!;
        Assert.Equal("Grace", contact.GivenName);
        Assert.Equal(photo.Data, contact.Photo?.Data);
        Assert.False(contact.Photo!.IsWithheld);
    }

    [SkippableFact]
    public async Task TandemWritesPhoto_ExchangelibReadsTheSamePicture()
    {
        var python = PythonOracle.Require("exchangelib");
        var name = "Photos " + Guid.NewGuid().ToString("N");
        await using var connector = fixture.Lab.Connect();
        var folder = FolderRef.Parse($"lab:alice@lab.test/Contacts/{name}");
        await using var session = await connector.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct());
        var contact = SampleItems.Contact("Hedy", "Lamarr", "hedy@example.org") with { Photo = SampleItems.PngPhoto(1700, 12) };
        var result = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp("hedy"), contact)], Ct()));
        Assert.Equal(WriteOutcome.Ok, result.Outcome);

        var read = await RunAsync(python, "read", name, "Hedy");

        Assert.Equal(1, read.GetProperty("photos").GetInt32());
        Assert.Equal(contact.Photo!.Data, read.GetProperty("photo").GetString());
        Assert.True(read.GetProperty("has_picture").GetBoolean());
    }

    private static CancellationToken Ct() => new CancellationTokenSource(TimeSpan.FromMinutes(4)).Token;

    private async Task<System.Text.Json.JsonElement> RunAsync(PythonOracle python, params string[] args)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "python", "exchangelib_photo.py");
        var result = await python.RunAsync(script, null, [fixture.Lab.Server.EwsUrl.ToString(), .. args], Ct());
        return result.LastLineJson();
    }
}
