using Tandem.Connectors.Ews.Protocol;
using Tandem.Connectors.Ews.Sessions;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Ews.Tests.Lab;

/// <summary>
/// A member folder its user deletes in Outlook is moved to Deleted Items (its id still opens): the member fails with
/// that reason instead of syncing on in the trash; a folder merely renamed or moved elsewhere is followed and keeps syncing.
/// </summary>
public sealed class LabDeletedFolderTests
{
    private static readonly FolderRef Member = FolderRef.Parse("lab:alice@lab.test/Contacts/Clients");

    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(3)).Token;

    private static WriteRequest Create(int i) =>
        new(WriteKind.Create, new ItemStamp("g1", "L" + i, "I" + i), SampleItems.FullContact("-" + i));

    /// <summary>The member folder with two contacts, read once: its results and the token the engine would store.</summary>
    private static async Task<(IReadOnlyList<WriteResult> Written, string Token)> SeedAsync(IConnector connector)
    {
        await using var session = await connector.OpenFolderAsync(Member, ItemKind.Contact, create: true, Ct);
        var written = await session.WriteAsync([Create(1), Create(2)], Ct);
        Assert.All(written, w => Assert.Equal(WriteOutcome.Ok, w.Outcome));
        var read = await session.ReadChangesAsync(null, Ct);
        Assert.Equal(2, read.Upserts.Count);
        return (written, read.NewToken);
    }

    private static async Task PostOkAsync(LabFixture lab, string operation)
    {
        var answer = await LabSoap.PostAsync(lab, operation, Ct);
        Assert.Contains("ResponseClass=\"Success\"", answer, StringComparison.Ordinal);
        Assert.DoesNotContain("ResponseClass=\"Error\"", answer, StringComparison.Ordinal);
    }

    private static string DeleteItem(string id) =>
        $"""<m:DeleteItem DeleteType="HardDelete"><m:ItemIds><t:ItemId Id="{id}"/></m:ItemIds></m:DeleteItem>""";

    [Fact]
    public async Task MemberFolderMovedToDeletedItems_FailsWithReason_AndItsDeletionsAreNeverHandedOn()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        var (written, token) = await SeedAsync(connector);
        var folderId = FolderToken.FolderId(token)!;
        await using var open = await connector.OpenFolderAsync(Member, ItemKind.Contact, create: false, token, Ct);

        // deleted in Outlook: moved to Deleted Items under a subfolder there (the walk goes up more than one level)
        await PostOkAsync(lab, """<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="deleteditems"/></m:ParentFolderId><m:Folders><t:Folder><t:DisplayName>Old stuff</t:DisplayName></t:Folder></m:Folders></m:CreateFolder>""");
        await PostOkAsync(lab, $"""<m:DeleteFolder DeleteType="MoveToDeletedItems"><m:FolderIds><t:FolderId Id="{folderId}"/></m:FolderIds></m:DeleteFolder>""");
        var folders = await connector.ListFoldersAsync("alice@lab.test", Ct);
        Assert.Contains(folders, f => f.Path == "Deleted Items/Clients");
        var trashFolder = Assert.Single(folders, f => f.Path == "Deleted Items/Old stuff").RemoteId!;
        await PostOkAsync(lab, $"""<m:MoveFolder><m:ToFolderId><t:FolderId Id="{trashFolder}"/></m:ToFolderId><m:FolderIds><t:FolderId Id="{folderId}"/></m:FolderIds></m:MoveFolder>""");

        // the session the service kept open: a read that brings a deletion fails instead of handing it on
        await PostOkAsync(lab, DeleteItem(written[0].RemoteId!));
        var onRead = await Assert.ThrowsAsync<EwsException>(() => open.ReadChangesAsync(token, Ct));
        Assert.Contains("was deleted (it is in Deleted Items now)", onRead.Message, StringComparison.Ordinal);
        Assert.Contains(Member.ToString(), onRead.Message, StringComparison.Ordinal);

        // the next cycle opens by the stored token: the member fails with the same reason, on a fresh connection too
        await using var fresh = lab.Connect();
        var onOpen = await Assert.ThrowsAsync<EwsException>(() => fresh.OpenFolderAsync(Member, ItemKind.Contact, create: false, token, Ct));
        Assert.Contains("was deleted (it is in Deleted Items now)", onOpen.Message, StringComparison.Ordinal);
        Assert.Equal(EwsCodes.FolderNotFound, onOpen.ResponseCode);
        // nothing was created again at the old path
        Assert.DoesNotContain(await fresh.ListFoldersAsync("alice@lab.test", Ct), f => f.Path == "Contacts/Clients");
        lab.AssertRequestsValid();
    }

    [Fact]
    public async Task MemberFolderRenamedAndMovedElsewhere_IsFollowedAndKeepsSyncing()
    {
        await using var lab = await LabFixture.StartAsync("empty");
        await using var connector = lab.Connect();
        var (written, token) = await SeedAsync(connector);
        var folderId = FolderToken.FolderId(token)!;
        await using var open = await connector.OpenFolderAsync(Member, ItemKind.Contact, create: false, token, Ct);

        await PostOkAsync(lab, $"""
            <m:UpdateFolder><m:FolderChanges><t:FolderChange><t:FolderId Id="{folderId}"/><t:Updates>
              <t:SetFolderField><t:FieldURI FieldURI="folder:DisplayName"/><t:ContactsFolder><t:DisplayName>Clients 2027</t:DisplayName></t:ContactsFolder></t:SetFolderField>
            </t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>
            """);
        await PostOkAsync(lab, $"""<m:MoveFolder><m:ToFolderId><t:DistinguishedFolderId Id="inbox"/></m:ToFolderId><m:FolderIds><t:FolderId Id="{folderId}"/></m:FolderIds></m:MoveFolder>""");

        // a deletion read from the open session is checked and handed on: the folder is not in Deleted Items
        await PostOkAsync(lab, DeleteItem(written[0].RemoteId!));
        var changes = await open.ReadChangesAsync(token, Ct);
        Assert.Equal(written[0].RemoteId, Assert.Single(changes.Deletions));

        await using var fresh = lab.Connect();
        await using var reopened = await fresh.OpenFolderAsync(Member, ItemKind.Contact, create: false, changes.NewToken, Ct);
        var more = await reopened.WriteAsync([Create(3)], Ct);
        Assert.Equal(WriteOutcome.Ok, Assert.Single(more).Outcome);
        var next = await reopened.ReadChangesAsync(changes.NewToken, Ct);
        Assert.Empty(next.Deletions);
        var all = await reopened.ReadChangesAsync(null, Ct);
        Assert.Equal(2, all.Upserts.Count);
        Assert.Contains(await fresh.ListFoldersAsync("alice@lab.test", Ct), f => f.Path == "Inbox/Clients 2027" && f.ItemCount == 2);
        lab.AssertRequestsValid();
    }
}
