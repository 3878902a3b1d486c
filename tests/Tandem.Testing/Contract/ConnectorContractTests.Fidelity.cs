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
        Skip.IfNot(Kinds.Contains(ItemKind.Contact), "this connector does not store contacts");
        await using var folder = await StartAsync(ItemKind.Contact);
        var contact = SampleItems.ContactWithPhoto();
        var created = await CreateAsync(folder, contact, "L-photo");
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
        Skip.IfNot(Kinds.Contains(ItemKind.Event), "this connector does not store events");
        await using var folder = await StartAsync(ItemKind.Event);
        var item = SampleItems.OrganizedWithBothBodies();

        await CreateAsync(folder, item, "L-organized");

        AssertSameContent(item, Assert.Single(await folder.ContentAsync()));
    }

    [SkippableFact]
    public async Task RoundTrip_FloatingSeries_StaysFloating()
    {
        Skip.IfNot(Kinds.Contains(ItemKind.Event), "this connector does not store events");
        await using var folder = await StartAsync(ItemKind.Event);
        var item = SampleItems.FloatingSeries();

        await CreateAsync(folder, item, "L-floating");

        var read = Assert.Single(await folder.ContentAsync());
        Assert.True(((Event)read.Item!).Start.IsFloating, "a floating start reads back floating, not in a zone");
        AssertSameContent(item, read);
    }

    [SkippableFact]
    public async Task Update_SeriesWithAnExceptionRemoved_ReadsBackWithoutIt()
    {
        Skip.IfNot(Kinds.Contains(ItemKind.Event), "this connector does not store events");
        await using var folder = await StartAsync(ItemKind.Event);
        var series = SampleItems.SeriesWithExceptions();
        var created = await CreateAsync(folder, series, "L-series");
        var plain = series with { Exceptions = [] };

        var result = await WriteOneAsync(folder, new WriteRequest(WriteKind.Update, created.Request.Stamp, plain, created.RemoteId, created.ChangeKey));

        Assert.Equal(WriteOutcome.Ok, result.Outcome);
        var read = Assert.Single(await folder.ContentAsync());
        Assert.Empty(((Event)read.Item!).Exceptions);
        AssertSameContent(plain, read);
    }
}
