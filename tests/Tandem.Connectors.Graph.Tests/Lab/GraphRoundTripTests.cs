using Tandem.Connectors.Graph.Sessions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Graph.Tests.Lab;

/// <summary>
/// What the Graph connector's work costs in HTTP round trips to the lab (a $batch is one): new messages stamped in one
/// $batch, contacts without a photo read without photo requests, a member with a token opened without a folder look-up.
/// </summary>
public sealed class GraphRoundTripTests(GraphLab lab) : IClassFixture<GraphLab>
{
    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private long Requests => lab.Server.Graph.Faults.Requests;

    [Fact]
    public async Task NewMessages_PostedInOneBatch_StampedInOneMore()
    {
        await using var connector = lab.Connect();
        var session = await connector.OpenFolderAsync(FolderRef.Parse($"lab:bob@lab.test/Inbox/Batched {Guid.NewGuid():N}"), ItemKind.Message, create: true, Ct);
        var writes = Enumerable.Range(0, 12)
            .Select(i => SampleItems.Create(SampleItems.Mail("Batched " + i, messageId: $"b{i}-{Guid.NewGuid():N}@lab.test") with { Categories = ["Tandem"] }, "L-m" + i, "mail"))
            .ToList();

        var before = Requests;
        var results = await session.WriteAsync(writes, Ct);

        Assert.All(results, r => Assert.Equal(WriteOutcome.Ok, r.Outcome));
        Assert.Equal(2, Requests - before);
        var read = (await session.ReadChangesAsync(null, Ct)).Upserts;
        Assert.Equal(writes.Select(w => w.Stamp.LogicalId).Order(), read.Select(r => r.Stamp?.LogicalId).Order());
        Assert.All(read, r => Assert.Equal(["Tandem"], ((Message)r.Item!).Categories));
        // the change key each result returns is the stamped message's: reading it back is no edit
        Assert.All(read, r => Assert.Equal(results.Single(w => w.RemoteId == r.RemoteId).ChangeKey, r.ChangeKey));
    }

    [Fact]
    public async Task ContactsWithoutAPhoto_CostNoPhotoRequest_OneWithAPhotoOne()
    {
        var folder = FolderRef.Parse($"lab:bob@lab.test/Contacts/Counted {Guid.NewGuid():N}");
        await using (var writer = lab.Connect())
        {
            var session = await writer.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct);
            var writes = Enumerable.Range(0, 25).Select(i => SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "Plain " + i), "L-c" + i, "count")).ToList();
            writes.Add(SampleItems.Create(SampleItems.ContactWithPhoto("Pictured"), "L-photo", "count"));
            Assert.All(await session.WriteAsync(writes, Ct), r => Assert.Equal(WriteOutcome.Ok, r.Outcome));
        }

        await using var reader = lab.Connect();
        var fresh = await reader.OpenFolderAsync(folder, ItemKind.Contact, create: false, Ct);
        var before = Requests;
        var read = (await fresh.ReadChangesAsync(null, Ct)).Upserts;

        Assert.Equal(26, read.Count);
        Assert.Equal(2, Requests - before); // the delta page, and one $batch with the one photo
        Assert.Equal(SampleItems.PngPhoto(), ((Contact)Assert.Single(read, r => r.Stamp?.LogicalId == "L-photo").Item!).Photo);
        Assert.All(read.Where(r => r.Stamp?.LogicalId != "L-photo"), r => Assert.Null(((Contact)r.Item!).Photo));
    }

    [Fact]
    public async Task MemberWithAToken_OpenedWithoutAFolderLookup_AndReadsOnFromIt()
    {
        var folder = FolderRef.Parse($"lab:bob@lab.test/Contacts/Token {Guid.NewGuid():N}");
        string token;
        await using (var first = lab.Connect())
        {
            var session = await first.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct);
            token = (await session.ReadChangesAsync(null, Ct)).NewToken;
            Assert.Equal(WriteOutcome.Ok, Assert.Single(await session.WriteAsync([SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "Later"), "L-later", "token")], Ct)).Outcome);
        }

        await using var next = lab.Connect();
        var before = Requests;
        var reopened = await next.OpenFolderAsync(folder, ItemKind.Contact, create: true, token, Ct);
        Assert.Equal(0, Requests - before);

        var changes = await reopened.ReadChangesAsync(token, Ct);
        Assert.Equal(["L-later"], changes.Upserts.Select(u => u.Stamp?.LogicalId));
    }

    [Fact]
    public async Task MessageGraphRefuses_ComesBackRefusedWithGraphsReason_TheRestWritten()
    {
        await using var connector = lab.Connect();
        var session = await connector.OpenFolderAsync(FolderRef.Parse($"lab:bob@lab.test/Inbox/Refused {Guid.NewGuid():N}"), ItemKind.Message, create: true, Ct);
        var headerless = Message.FromMime("no header fields, only text"u8);
        var good = SampleItems.Mail("Writable", messageId: $"w-{Guid.NewGuid():N}@lab.test");

        var results = await session.WriteAsync([SampleItems.Create(headerless, "L-bad", "refuse"), SampleItems.Create(good, "L-good", "refuse")], Ct);

        Assert.Equal(WriteOutcome.Refused, results[0].Outcome);
        Assert.StartsWith("400 ", results[0].Error, StringComparison.Ordinal);
        Assert.Contains("no header fields", results[0].Error, StringComparison.Ordinal);
        Assert.Equal(WriteOutcome.Ok, results[1].Outcome);
        Assert.Equal(["L-good"], (await session.ReadChangesAsync(null, Ct)).Upserts.Select(u => u.Stamp?.LogicalId));
    }

    [Theory]
    [InlineData("http://127.0.0.1:5/v1.0/users/frank%40lab.test/contactFolders/AAk%3D/contacts/delta?$deltatoken=x", "frank@lab.test", ItemKind.Contact, "AAk=")]
    [InlineData("https://graph.microsoft.com/v1.0/users('frank@lab.test')/contactFolders('AAk=')/contacts/delta()?$deltatoken=x", "frank@lab.test", ItemKind.Contact, "AAk=")]
    [InlineData("https://graph.microsoft.com/beta/users/frank@lab.test/calendars/C1/events/delta?$deltatoken=x", "FRANK@lab.test", ItemKind.Event, "C1")]
    [InlineData("https://graph.microsoft.com/v1.0/users/frank@lab.test/todo/lists/L1/tasks/delta?$deltatoken=x", "frank@lab.test", ItemKind.Task, "L1")]
    [InlineData("https://graph.microsoft.com/v1.0/users/frank@lab.test/mailFolders/M1/messages/delta?$deltatoken=x", "frank@lab.test", ItemKind.Message, "M1")]
    [InlineData("https://graph.microsoft.com/v1.0/users/gina@lab.test/contactFolders/AAk=/contacts/delta?$deltatoken=x", "frank@lab.test", ItemKind.Contact, null)]
    [InlineData("https://graph.microsoft.com/v1.0/users/frank@lab.test/mailFolders/M1/messages/delta?$deltatoken=x", "frank@lab.test", ItemKind.Contact, null)]
    [InlineData("not a link", "frank@lab.test", ItemKind.Contact, null)]
    public void DeltaLinkFolder_FindsTheFolderOfItsOwnMailboxAndKind(string link, string mailbox, ItemKind kind, string? folderId) =>
        Assert.Equal(folderId, DeltaLinkFolder.Of(link, mailbox, kind)?.FolderId);
}
