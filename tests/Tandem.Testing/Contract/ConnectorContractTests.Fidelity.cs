using System.Runtime.CompilerServices;
using Tandem.Core.Connectors;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Testing.Contract;

/// <summary>Fields that are easy to lose between stores: a contact's photo, an event's organizer, two bodies, floating times, removed exceptions.</summary>
public abstract partial class ConnectorContractTests
{
    [SkippableFact]
    public async Task RoundTrip_ContactPhoto_SameContentAndChangesAreEdits()
    {
        var contact = SampleItems.ContactWithPhoto();
        var (folder, created) = await StartWithAsync(contact);
        await using var _ = folder;
        AssertSameContent(contact, Assert.Single(await folder.ContentAsync()));

        var edited = contact with { Photo = SampleItems.PngPhoto(3000, 9) };
        var result = await WriteOneAsync(folder, new WriteRequest(WriteKind.Update, created.Request.Stamp, edited, created.RemoteId, created.ChangeKey));

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        var read = Assert.Single(await folder.ContentAsync());
        Assert.NotEqual(created.ChangeKey, read.ChangeKey);
        AssertSameContent(edited, read);
    }

    [SkippableFact]
    public async Task RoundTrip_EventOrganizerAndBothBodies_Kept()
    {
        var item = SampleItems.OrganizedWithBothBodies();

        var (folder, _) = await StartWithAsync(item);
        await using var _ = folder;

        AssertSameContent(item, Assert.Single(await folder.ContentAsync()));
    }

    [SkippableFact]
    public async Task RoundTrip_FloatingSeries_StaysFloating()
    {
        var item = SampleItems.FloatingSeries();

        var (folder, _) = await StartWithAsync(item);
        await using var _ = folder;

        var read = Assert.Single(await folder.ContentAsync());
        Assert.True(((Event)read.Item!).Start.IsFloating, "a floating start reads back floating, not in a zone");
        AssertSameContent(item, read);
    }

    [SkippableFact]
    public async Task Update_SeriesWithAnExceptionRemoved_ReadsBackWithoutIt()
    {
        // its own UID: Cyrus refuses a second scheduling object with a UID the user already has in another calendar
        // (unique-scheduling-object-resource), and the round-trip cases stored this sample's UID before
        var series = SampleItems.SeriesWithExceptions() with { Uid = "series-exception-removed@example.com" };
        var (folder, created) = await StartWithAsync(series);
        await using var _ = folder;
        var plain = series with { Exceptions = [] };

        var result = await WriteOneAsync(folder, new WriteRequest(WriteKind.Update, created.Request.Stamp, plain, created.RemoteId, created.ChangeKey));

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        var read = Assert.Single(await folder.ContentAsync());
        Assert.Empty(((Event)read.Item!).Exceptions);
        AssertSameContent(plain, read);
    }

    /// <summary>Starts a case in a folder of the item's kind (skipped when the connector has no such folders) and creates the item.</summary>
    private async Task<(ContractFolder Folder, WriteResult Created)> StartWithAsync(CanonicalItem item, [CallerMemberName] string name = "")
    {
        Skip.IfNot(Kinds.Contains(item.Kind), $"this connector does not store {item.Kind} items");
        var folder = await StartAsync(item.Kind, name);
        return (folder, await CreateAsync(folder, item, "L-" + name));
    }
}
