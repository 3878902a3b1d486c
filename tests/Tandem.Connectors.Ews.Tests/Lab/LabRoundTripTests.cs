using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>create → read back → equal after ItemNormalizer, for every item kind, against the lab.</summary>
public sealed class LabRoundTripTests
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    public static TheoryData<string> Items() => new(SampleItems.All().Select(i => i.Title));

    [Theory]
    [MemberData(nameof(Items))]
    public async Task CreateThenRead_EveryKindWithAllFields_ReadsBackEqual(string title)
    {
        var item = SampleItems.All().Single(i => i.Title == title);
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        var folder = FolderRef.Parse($"lab:alice@lab.test/{FolderFor(item.Kind)}/Round trip");
        await using var session = await connector.OpenFolderAsync(folder, item.Kind, create: true, Ct);

        var written = await session.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp(), item)], Ct);
        var result = Assert.Single(written);
        Assert.True(result.Outcome == WriteOutcome.Ok, result.Error);

        // A fresh session reads what the server stored (the writing one would recognise its own write).
        await using var reader = await connector.OpenFolderAsync(folder, item.Kind, create: false, Ct);
        var changes = await reader.ReadChangesAsync(null, Ct);
        Assert.True(changes.IsComplete);
        var read = Assert.Single(changes.Upserts);
        Assert.Equal(result.RemoteId, read.RemoteId);
        Assert.Equal(result.ChangeKey, read.ChangeKey);
        Assert.Equal(SampleItems.Stamp(), read.Stamp);
        Assert.Null(read.ParseError);
        Assert.Equal(ItemJson.Serialize(ItemNormalizer.Normalize(item)), ItemJson.Serialize(ItemNormalizer.Normalize(read.Item!)));
        if (item is Event { Uid: not null } e) Assert.Equal(e.Uid, read.Item!.Uid);
        if (item is Event { Uid: null }) Assert.False(string.IsNullOrEmpty(read.Item!.Uid)); // the server assigns one
        lab.AssertRequestsValid();
    }

    [Theory]
    [MemberData(nameof(Items))]
    public async Task Update_ChangedAndClearedFields_ReadsBackEqual(string title)
    {
        var item = SampleItems.All().Single(i => i.Title == title);
        var edited = Edit(item);
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        var folder = FolderRef.Parse($"lab:alice@lab.test/{FolderFor(item.Kind)}/Updates");
        await using var session = await connector.OpenFolderAsync(folder, item.Kind, true, Ct);
        var created = (await session.WriteAsync([new WriteRequest(WriteKind.Create, SampleItems.Stamp(), item)], Ct))[0];
        var first = await session.ReadChangesAsync(null, Ct);

        var updated = Assert.Single(await session.WriteAsync([new WriteRequest(WriteKind.Update, SampleItems.Stamp(), edited, created.RemoteId, created.ChangeKey)], Ct));
        Assert.Equal(WriteOutcome.Ok, updated.Outcome);
        Assert.NotEqual(created.ChangeKey, updated.ChangeKey);

        await using var reader = await connector.OpenFolderAsync(folder, item.Kind, false, Ct);
        var changes = await reader.ReadChangesAsync(first.NewToken, Ct);
        Assert.False(changes.IsComplete);
        var read = Assert.Single(changes.Upserts);
        Assert.Equal(updated.ChangeKey, read.ChangeKey);
        Assert.Equal(ItemJson.Serialize(ItemNormalizer.Normalize(edited)), ItemJson.Serialize(ItemNormalizer.Normalize(read.Item!)));
        lab.AssertRequestsValid();
    }

    private static CanonicalItem Edit(CanonicalItem item) => item switch
    {
        Contact c => c with { GivenName = "Augusta", Phones = [new Phone(PhoneKind.Home, "+44 1")], Addresses = [], MailingAddress = null, Notes = null, Birthday = null, Categories = [] },
        Event e => e with { Subject = e.Subject + " (moved)", Location = null, Attendees = [], Recurrence = e.Recurrence is null ? null : e.Recurrence with { Count = 3 }, ReminderMinutesBefore = null },
        TaskItem t => t with { Status = TaskItemStatus.Completed, PercentComplete = 100, Completed = new DateTime(2026, 4, 10, 12, 0, 0), Recurrence = null, Body = null },
        Note n => n with { Body = "changed", Color = NoteColor.Pink },
        Message m => m with { Categories = ["Archived"] },
        _ => item,
    };

    internal static string FolderFor(ItemKind kind) => kind switch
    {
        ItemKind.Contact => "Contacts",
        ItemKind.Event => "Calendar",
        ItemKind.Task => "Tasks",
        ItemKind.Message => "Inbox",
        _ => "Notes",
    };
}
