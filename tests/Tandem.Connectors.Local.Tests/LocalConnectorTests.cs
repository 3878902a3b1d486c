using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Local.Tests;

public sealed class LocalConnectorTests
{
    [Fact]
    public async Task ListFolders_NestedFolders_ListsEachWithKindAndCount()
    {
        using var root = new TempRoot();
        var contacts = await Samples.OpenAsync(root.Path, "files:alice@contoso.com/Contacts/Company");
        await contacts.WriteAsync([Samples.Create(SampleItems.Contact("Ann", "Lee"), "a"), Samples.Create(SampleItems.Contact("Bo", "Ng"), "b")], default);
        var calendar = await Samples.OpenAsync(root.Path, "files:bob@contoso.com/Calendar", ItemKind.Event);
        await calendar.WriteAsync([Samples.Create(SampleItems.Meeting("Review", 4), "m")], default);

        var folders = await Samples.Connector(root.Path).ListFoldersAsync(null, default);

        Assert.Equal(
            [
                new FolderInfo("alice@contoso.com", "Contacts", null, 0),
                new FolderInfo("alice@contoso.com", "Contacts/Company", ItemKind.Contact, 2),
                new FolderInfo("bob@contoso.com", "Calendar", ItemKind.Event, 1),
            ],
            folders);
        Assert.Single(await Samples.Connector(root.Path).ListFoldersAsync("bob@contoso.com", default));
    }

    [Fact]
    public async Task OpenFolder_MissingWithoutCreate_ThrowsNamingTheFolder()
    {
        using var root = new TempRoot();

        var error = await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            Samples.Connector(root.Path).OpenFolderAsync(FolderRef.Parse("files:alice/Contacts"), ItemKind.Contact, create: false, default));

        Assert.Contains("files:alice/Contacts", error.Message);
    }

    [Fact]
    public async Task OpenFolder_RootMissing_RefusesEvenWithCreate()
    {
        using var root = new TempRoot();
        var missing = root.Combine("unmounted-share");

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() =>
            Samples.Connector(missing).OpenFolderAsync(FolderRef.Parse("files:alice/Contacts"), ItemKind.Contact, create: true, default));

        Assert.False(Directory.Exists(missing));
    }

    [Theory]
    [InlineData("files:../Contacts")]
    [InlineData("files:alice/../../etc")]
    [InlineData("files:alice/.tandem")]
    public async Task OpenFolder_SegmentThatWouldEscapeOrHide_IsRefused(string reference)
    {
        using var root = new TempRoot();

        await Assert.ThrowsAsync<ArgumentException>(() =>
            Samples.Connector(root.Path).OpenFolderAsync(FolderRef.Parse(reference), ItemKind.Contact, create: true, default));
    }

    [Fact]
    public void Create_WithoutRoot_ThrowsAClearError()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new LocalConnectorFactory().Create(new ConnectionDefinition("files", "local", new Dictionary<string, string>()), new Dictionary<string, string>()));

        Assert.Contains("root", error.Message);
    }

    [Fact]
    public async Task Subscribe_FileAddedByAUser_CallsBack()
    {
        using var root = new TempRoot();
        var session = await Samples.OpenAsync(root.Path);
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await using var subscription = await session.SubscribeAsync(() => fired.TrySetResult(), default);
        File.WriteAllText(Path.Combine(session.DirectoryPath, "new.vcf"), Samples.HandMadeCard("New One", "New", "One"));

        Assert.NotNull(subscription);
        var finished = await Task.WhenAny(fired.Task, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(fired.Task, finished);
    }
}
