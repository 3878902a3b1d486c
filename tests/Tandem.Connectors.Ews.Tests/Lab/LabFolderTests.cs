using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Connectors.Ews.Tests.Lab;

public sealed class LabFolderTests
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    [Fact]
    public async Task ListFolders_DemoSeed_ListsMailboxAndPublicFoldersWithKindsAndCounts()
    {
        await using var lab = await LabFixture.StartAsync();
        await using var connector = lab.Connect();
        var folders = await connector.ListFoldersAsync(null, Ct);
        var contacts = Assert.Single(folders, f => f.Mailbox == "alice@lab.test" && f.Path == "Contacts");
        Assert.Equal(ItemKind.Contact, contacts.Kind);
        var company = Assert.Single(folders, f => f.Mailbox == "public" && f.Path == "Company Contacts");
        Assert.Equal(ItemKind.Contact, company.Kind);
        Assert.Equal(300, company.ItemCount);
        Assert.Contains(folders, f => f.Mailbox == "public" && f.Path == "Projects/Tasks" && f.Kind == ItemKind.Task);
        Assert.Contains(folders, f => f.Mailbox == "alice@lab.test" && f.Path == "Calendar" && f.Kind == ItemKind.Event);
        var lines = EwsFolderListing.Format(folders);
        Assert.Contains(lines, l => l.StartsWith("public/Company Contacts", StringComparison.Ordinal) && l.Contains("contacts", StringComparison.Ordinal) && l.EndsWith("300 items", StringComparison.Ordinal));
        lab.AssertRequestsValid();
    }

    [Fact]
    public async Task ListAsync_CliHelper_PrintsPublicFoldersOnly()
    {
        await using var lab = await LabFixture.StartAsync();
        var connection = LabFixture.Connection(new Dictionary<string, string>
        {
            [EwsSettingKeys.Url] = lab.Server.EwsUrl.ToString(),
            [EwsSettingKeys.User] = "alice@lab.test",
        });
        var lines = await EwsFolderListing.ListAsync(connection, new Dictionary<string, string> { [EwsSettingKeys.PasswordSecret] = "lab" }, "public", Ct);
        Assert.Contains(lines, l => l.StartsWith("public/Company Calendar", StringComparison.Ordinal) && l.Contains("calendar", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("public/Projects/Tasks", StringComparison.Ordinal) && l.Contains("tasks", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.StartsWith("public/", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task OpenFolder_MissingPathWithCreate_CreatesNestedFoldersWithFolderClass()
    {
        await using var lab = await LabFixture.StartAsync();
        await using var connector = lab.Connect();
        var folder = FolderRef.Parse("lab:alice@lab.test/Contacts/Company/Partners");
        await Assert.ThrowsAsync<EwsException>(() => connector.OpenFolderAsync(folder, ItemKind.Contact, create: false, Ct));
        await using var session = await connector.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct);
        var folders = await connector.ListFoldersAsync("alice@lab.test", Ct);
        Assert.Contains(folders, f => f.Path == "Contacts/Company" && f.Kind == ItemKind.Contact);
        Assert.Contains(folders, f => f.Path == "Contacts/Company/Partners" && f.Kind == ItemKind.Contact);
        // Opening again finds the folder instead of creating a twin.
        await using var again = await connector.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct);
        var after = await connector.ListFoldersAsync("alice@lab.test", Ct);
        Assert.Single(after, f => f.Path == "Contacts/Company/Partners");
        lab.AssertRequestsValid();
    }
}
