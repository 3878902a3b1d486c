using System.Xml.Linq;
using static Tandem.Lab.Tests.LabHarness;

namespace Tandem.Lab.Tests;

/// <summary>
/// Folder operations as documented for EWS: UpdateFolder (SetFolderField), MoveFolder, DeleteFolder, EmptyFolder and
/// the SyncFolderHierarchy Update/Delete changes they cause; CreateFolder of a plain Folder; the non-IPM subtree of a
/// mailbox; ConvertId naming the id's mailbox; GetServerTimeZones.
/// </summary>
public sealed class FolderChangeTests(SharedLab shared) : IClassFixture<SharedLab>
{
    private LabHarness Lab => shared.Lab;

    private async Task<string> CreateFolderAsync(string name, string parent = "<t:DistinguishedFolderId Id=\"contacts\"/>", string element = "ContactsFolder", string user = "alice@lab.test")
    {
        var m = await Lab.CallOneAsync($"""
            <m:CreateFolder><m:ParentFolderId>{parent}</m:ParentFolderId>
            <m:Folders><t:{element}><t:DisplayName>{name}</t:DisplayName></t:{element}></m:Folders></m:CreateFolder>
            """, user);
        AssertSuccess(m);
        return (string)m.Descendants(T + "FolderId").Single().Attribute("Id")!;
    }

    private async Task<(string State, List<XElement> Changes)> SyncHierarchyAsync(string? state, string user)
    {
        var m = await Lab.CallOneAsync($"""
            <m:SyncFolderHierarchy><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape>
            {(state is null ? string.Empty : $"<m:SyncState>{state}</m:SyncState>")}</m:SyncFolderHierarchy>
            """, user);
        AssertSuccess(m);
        return (m.Element(M + "SyncState")!.Value, m.Element(M + "Changes")!.Elements().ToList());
    }

    /// <summary>Documented: EWS reference UpdateFolder, MoveFolder, DeleteFolder, and the Update / Delete changes of SyncFolderHierarchy.</summary>
    [Fact]
    public async Task RenameMoveDeleteFolder_ShowAsUpdateAndDeleteInSyncFolderHierarchy()
    {
        const string user = "bob@lab.test";
        var folder = await CreateFolderAsync("Partners", user: user);
        var other = await CreateFolderAsync("Archive", user: user);
        var (state, _) = await SyncHierarchyAsync(null, user);

        var rename = await Lab.CallOneAsync($"""
            <m:UpdateFolder><m:FolderChanges><t:FolderChange><t:FolderId Id="{folder}"/><t:Updates>
              <t:SetFolderField><t:FieldURI FieldURI="folder:DisplayName"/><t:ContactsFolder><t:DisplayName>Partners 2027</t:DisplayName></t:ContactsFolder></t:SetFolderField>
            </t:Updates></t:FolderChange></m:FolderChanges></m:UpdateFolder>
            """, user);
        AssertSuccess(rename);
        var (afterRename, renamed) = await SyncHierarchyAsync(state, user);
        var update = Assert.Single(renamed);
        Assert.Equal("Update", update.Name.LocalName);
        Assert.Equal("Partners 2027", update.Descendants(T + "DisplayName").Single().Value);
        Assert.Equal(folder, (string)update.Descendants(T + "FolderId").Single().Attribute("Id")!);

        var move = await Lab.CallOneAsync($"""<m:MoveFolder><m:ToFolderId><t:FolderId Id="{other}"/></m:ToFolderId><m:FolderIds><t:FolderId Id="{folder}"/></m:FolderIds></m:MoveFolder>""", user);
        AssertSuccess(move);
        Assert.Equal(folder, (string)move.Descendants(T + "FolderId").Single().Attribute("Id")!);
        var (afterMove, moved) = await SyncHierarchyAsync(afterRename, user);
        Assert.Contains(moved, c => c.Name.LocalName == "Update" && (string?)c.Descendants(T + "ParentFolderId").Single().Attribute("Id") == other);

        var delete = await Lab.CallOneAsync($"""<m:DeleteFolder DeleteType="HardDelete"><m:FolderIds><t:FolderId Id="{other}"/></m:FolderIds></m:DeleteFolder>""", user);
        AssertSuccess(delete);
        var (_, deleted) = await SyncHierarchyAsync(afterMove, user);
        Assert.Equal(new[] { folder, other }.Order(StringComparer.Ordinal),
            deleted.Where(c => c.Name.LocalName == "Delete").Select(c => (string)c.Element(T + "FolderId")!.Attribute("Id")!).Order(StringComparer.Ordinal));
        var gone = await Lab.CallOneAsync($"""<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:FolderId Id="{folder}"/></m:FolderIds></m:GetFolder>""", user);
        Assert.Equal("ErrorFolderNotFound", Code(gone));
        Lab.AssertAllExchangesValid();
    }

    /// <summary>Documented: EWS ResponseCodes ErrorDeleteDistinguishedFolder and ErrorMoveDistinguishedFolder.</summary>
    [Fact]
    public async Task DistinguishedFolders_CannotBeDeletedOrMoved()
    {
        var (contacts, _) = await Lab.FolderIdAsync("contacts", "carol@lab.test");
        var delete = await Lab.CallOneAsync($"""<m:DeleteFolder DeleteType="HardDelete"><m:FolderIds><t:FolderId Id="{contacts}"/></m:FolderIds></m:DeleteFolder>""", "carol@lab.test");
        Assert.Equal("ErrorDeleteDistinguishedFolder", Code(delete));
        var move = await Lab.CallOneAsync("""<m:MoveFolder><m:ToFolderId><t:DistinguishedFolderId Id="inbox"/></m:ToFolderId><m:FolderIds><t:DistinguishedFolderId Id="contacts"/></m:FolderIds></m:MoveFolder>""", "carol@lab.test");
        Assert.Equal("ErrorMoveDistinguishedFolder", Code(move));
    }

    /// <summary>Documented: EWS reference EmptyFolder (DeleteType, DeleteSubFolders).</summary>
    [Fact]
    public async Task EmptyFolder_DeletesItsItems_AndSubfoldersWhenAsked()
    {
        const string user = "dave@lab.test";
        var folder = await CreateFolderAsync("Scratch", user: user);
        var child = await CreateFolderAsync("Inner", $"<t:FolderId Id=\"{folder}\"/>", user: user);
        await Lab.CreateAsync("<t:Contact><t:GivenName>A</t:GivenName></t:Contact><t:Contact><t:GivenName>B</t:GivenName></t:Contact>", $"<t:FolderId Id=\"{folder}\"/>", user);
        var empty = await Lab.CallOneAsync($"""<m:EmptyFolder DeleteType="HardDelete" DeleteSubFolders="true"><m:FolderIds><t:FolderId Id="{folder}"/></m:FolderIds></m:EmptyFolder>""", user);
        AssertSuccess(empty);
        var after = await Lab.CallOneAsync($"""<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:FolderId Id="{folder}"/></m:FolderIds></m:GetFolder>""", user);
        Assert.Equal("0", after.Descendants(T + "TotalCount").Single().Value);
        Assert.Equal("0", after.Descendants(T + "ChildFolderCount").Single().Value);
        var inner = await Lab.CallOneAsync($"""<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:FolderId Id="{child}"/></m:FolderIds></m:GetFolder>""", user);
        Assert.Equal("ErrorFolderNotFound", Code(inner));
    }

    /// <summary>Documented: EWS reference CreateFolder and Folder (FolderClass is optional and is not invented for a plain t:Folder).</summary>
    [Fact]
    public async Task CreateFolder_OfAPlainFolder_HasNoFolderClass()
    {
        var id = await CreateFolderAsync("Plain", "<t:DistinguishedFolderId Id=\"msgfolderroot\"/>", "Folder", "erin@lab.test");
        var m = await Lab.CallOneAsync($"""<m:GetFolder><m:FolderShape><t:BaseShape>AllProperties</t:BaseShape></m:FolderShape><m:FolderIds><t:FolderId Id="{id}"/></m:FolderIds></m:GetFolder>""", "erin@lab.test");
        Assert.Empty(m.Descendants(T + "FolderClass"));
        Assert.Equal("Plain", m.Descendants(T + "DisplayName").Single().Value);
    }

    /// <summary>Documented: EWS reference DistinguishedFolderId (root, msgfolderroot, recoverableitemsroot …) and "Work with hidden folders by using EWS".</summary>
    [Fact]
    public async Task MailboxRoot_HoldsTheNonIpmSubtree_AndRecoverableItems()
    {
        var m = await Lab.CallOneAsync("""
            <m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>
            <m:ParentFolderIds><t:DistinguishedFolderId Id="root"/></m:ParentFolderIds></m:FindFolder>
            """);
        var names = m.Descendants(T + "DisplayName").Select(d => d.Value).ToList();
        Assert.Contains("Top of Information Store", names);
        Assert.Contains("Recoverable Items", names);
        var deletions = await Lab.CallOneAsync("""<m:GetFolder><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="recoverableitemsdeletions"/></m:FolderIds></m:GetFolder>""");
        Assert.Equal("Deletions", deletions.Descendants(T + "DisplayName").Single().Value);
    }

    /// <summary>Documented: EWS reference ConvertId and AlternateId (the Mailbox the id belongs to).</summary>
    [Fact]
    public async Task ConvertId_AnswersWithTheMailboxTheIdBelongsTo()
    {
        var (root, _) = await Lab.FolderIdAsync("msgfolderroot");
        var m = await Lab.CallOneAsync($"""
            <m:ConvertId DestinationFormat="EwsId"><m:SourceIds><t:AlternateId Format="EwsId" Id="{root}" Mailbox="blah@blah.com"/></m:SourceIds></m:ConvertId>
            """);
        AssertSuccess(m);
        Assert.Equal("alice@lab.test", (string?)m.Element(M + "AlternateId")!.Attribute("Mailbox"));
    }

    /// <summary>Documented: PidTagMessageSize (PR_MESSAGE_SIZE, 0x0E08) of a folder: the size of its messages.</summary>
    [Fact]
    public async Task FolderSize_IsThePrMessageSizeOfItsItems()
    {
        const string user = "carol@lab.test";
        var folder = await CreateFolderAsync("Sized", user: user);
        const string size = """<t:ExtendedFieldURI PropertyTag="0x0E08" PropertyType="Long"/>""";
        async Task<long> SizeAsync()
        {
            var m = await Lab.CallOneAsync($"""<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties>{size}</t:AdditionalProperties></m:FolderShape><m:FolderIds><t:FolderId Id="{folder}"/></m:FolderIds></m:GetFolder>""", user);
            return long.Parse(m.Descendants(T + "Value").Single().Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(0, await SizeAsync());
        var (id, _) = (await Lab.CreateAsync("<t:Contact><t:GivenName>Sized</t:GivenName></t:Contact>", $"<t:FolderId Id=\"{folder}\"/>", user)).Single();
        var itemSize = long.Parse((await Lab.GetAsync(id, user: user)).Element(T + "Size")!.Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(itemSize > 0);
        Assert.Equal(itemSize, await SizeAsync());
    }

    /// <summary>Documented: EWS reference GetServerTimeZones and TimeZoneDefinition (Periods, TransitionsGroups, Transitions).</summary>
    [Fact]
    public async Task GetServerTimeZones_DescribesAWindowsZoneWithItsPeriodsAndTransitions()
    {
        var m = await Lab.CallOneAsync("""
            <m:GetServerTimeZones ReturnFullTimeZoneData="true"><m:Ids><t:Id>W. Europe Standard Time</t:Id></m:Ids></m:GetServerTimeZones>
            """);
        AssertSuccess(m);
        var zone = m.Descendants(T + "TimeZoneDefinition").Single();
        Assert.Equal("W. Europe Standard Time", (string?)zone.Attribute("Id"));
        var biases = zone.Descendants(T + "Period").Select(p => (string?)p.Attribute("Bias")).ToList();
        Assert.Equal(["-PT1H", "-PT2H"], biases);
        Assert.Equal(["3", "10"], zone.Descendants(T + "Month").Select(x => x.Value));
        Lab.AssertAllExchangesValid();
    }

    /// <summary>Documented: EWS reference FindFolder (Restriction) and ResponseCodes ErrorUnsupportedPathForQuery / ErrorInvalidValueForProperty.</summary>
    [Fact]
    public async Task FindFolder_HonoursItsRestriction_AndRestrictionsOnUnsearchablePropertiesAreRefused()
    {
        const string user = "erin@lab.test";
        await CreateFolderAsync("Clients A", user: user);
        await CreateFolderAsync("Suppliers", user: user);
        var m = await Lab.CallOneAsync("""
            <m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape>
            <m:Restriction><t:Contains ContainmentMode="Prefixed" ContainmentComparison="IgnoreCase"><t:FieldURI FieldURI="folder:DisplayName"/><t:Constant Value="clients"/></t:Contains></m:Restriction>
            <m:ParentFolderIds><t:DistinguishedFolderId Id="contacts"/></m:ParentFolderIds></m:FindFolder>
            """, user);
        Assert.Equal(["Clients A"], m.Descendants(T + "DisplayName").Select(d => d.Value));

        var unsearchable = await Lab.CallOneAsync("""
            <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>
            <m:Restriction><t:Exists><t:FieldURI FieldURI="calendar:Recurrence"/></t:Exists></m:Restriction>
            <m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>
            """, user);
        Assert.Equal("ErrorUnsupportedPathForQuery", Code(unsearchable));
        var badValue = await Lab.CallOneAsync("""
            <m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape>
            <m:Restriction><t:IsGreaterThan><t:FieldURI FieldURI="calendar:Start"/><t:FieldURIOrConstant><t:Constant Value="next tuesday"/></t:FieldURIOrConstant></t:IsGreaterThan></m:Restriction>
            <m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>
            """, user);
        Assert.Equal("ErrorInvalidValueForProperty", Code(badValue));
    }
}
