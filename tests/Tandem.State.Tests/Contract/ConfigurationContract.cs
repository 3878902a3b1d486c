using Tandem.Core.Groups;

namespace Tandem.State.Tests.Contract;

/// <summary>Connections, groups, members and rules: what every provider's <see cref="IConfigurationStore"/> must do.</summary>
public abstract class ConfigurationContract : StoreContract
{
    [SkippableFact]
    public async Task Reopened_KeepsConnectionsGroupsAndMembers()
    {
        await using (var store = await OpenStoreAsync())
        {
            await store.AddConnectionAsync(Local("files"), new Dictionary<string, string>(), default);
            await store.AddGroupAsync(Group("company", "files:hq/Company") with { Conflict = ConflictPolicy.Merge }, default);
            await store.AddMemberAsync("company", new MemberDefinition(FolderRef.Parse("files:alice/Contacts/Company"), MemberRole.Target), default);
        }

        await using var reopened = await OpenStoreAsync();
        var connection = Assert.Single(await reopened.ListConnectionsAsync(default));
        Assert.Equal("/srv/files", connection.Setting("root"));
        var group = await reopened.GetGroupAsync("company", default);
        Assert.NotNull(group);
        Assert.Equal(ConflictPolicy.Merge, group.Conflict);
        Assert.Equal(["files:hq/Company", "files:alice/Contacts/Company"], group.Members.Select(m => m.Folder.ToString()));
        Assert.Equal(MemberRole.Target, group.Members[1].Role);
    }

    [SkippableFact]
    public async Task AddGroupAsync_NameTaken_ThrowsOneLineError()
    {
        await using var store = await OpenStoreAsync();
        await store.AddGroupAsync(Group("company"), default);

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() => store.AddGroupAsync(Group("company"), default));

        Assert.Equal("group 'company' already exists", error.Message);
    }

    [SkippableFact]
    public async Task AddMemberAsync_UnknownConnection_ThrowsAndAddsNothing()
    {
        await using var store = await OpenStoreAsync();
        await store.AddGroupAsync(Group("company"), default);

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() =>
            store.AddMemberAsync("company", new MemberDefinition(FolderRef.Parse("nowhere:hq/Company"), MemberRole.Source), default));

        Assert.Contains("unknown connection 'nowhere'", error.Message, StringComparison.Ordinal);
        Assert.Empty((await store.GetGroupAsync("company", default))!.Members);
    }

    [SkippableFact]
    public async Task AddMemberAsync_FolderAlreadyMember_Throws()
    {
        await using var store = await OpenStoreAsync();
        await store.AddConnectionAsync(Local("files"), new Dictionary<string, string>(), default);
        await store.AddGroupAsync(Group("company", "files:hq/Company"), default);

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() =>
            store.AddMemberAsync("company", new MemberDefinition(FolderRef.Parse("files:hq/Company"), MemberRole.Target), default));

        Assert.Contains("already a member", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task AddGroupAsync_PriorityPolicyWithoutPriorityMember_Throws()
    {
        await using var store = await OpenStoreAsync();

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() =>
            store.AddGroupAsync(Group("company") with { Conflict = ConflictPolicy.Priority }, default));

        Assert.Contains("priority member", error.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task RemoveConnectionAsync_UsedByMember_RefusesAndNamesTheGroup()
    {
        await using var store = await OpenStoreAsync();
        await store.AddConnectionAsync(Local("files"), new Dictionary<string, string>(), default);
        await store.AddGroupAsync(Group("company", "files:hq/Company"), default);

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() => store.RemoveConnectionAsync("files", default));

        Assert.Contains("group 'company'", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await store.GetConnectionAsync("files", default));
        await store.RemoveMemberAsync("company", FolderRef.Parse("files:hq/Company"), default);
        await store.RemoveConnectionAsync("files", default);
        Assert.Null(await store.GetConnectionAsync("files", default));
    }

    [SkippableFact]
    public async Task SetRulesAsync_InvalidRules_ThrowsAndKeepsOldRules()
    {
        await using var store = await OpenStoreAsync();
        await store.AddGroupAsync(Group("company"), default);
        await store.SetRulesAsync("company", """{"modify":[{"action":"addCategory","value":"HQ"}]}""", default);

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() =>
            store.SetRulesAsync("company", """{"filter":{"conditions":[{"field":"CompanyName","op":"equals"}]}}""", default));

        Assert.Contains("needs a value", error.Message, StringComparison.Ordinal);
        Assert.Contains("HQ", (await store.GetGroupAsync("company", default))!.RulesJson, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task UpdateGroupAsync_UnknownGroup_Throws()
    {
        await using var store = await OpenStoreAsync();

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() => store.UpdateGroupAsync(Group("ghost"), default));

        Assert.Equal("unknown group 'ghost'", error.Message);
    }

    [SkippableFact]
    public async Task GetSecretsAsync_AfterAddAndUpdate_GivesTheLatestSecrets()
    {
        await using var store = await OpenStoreAsync();
        await store.AddConnectionAsync(Local("hq"), new Dictionary<string, string> { ["password"] = "first" }, default);
        await store.AddConnectionAsync(Local("plain"), new Dictionary<string, string>(), default);
        Assert.Equal("first", (await store.GetSecretsAsync("hq", default))["password"]);

        await store.UpdateConnectionAsync(Local("hq") with { Type = "ews" }, null, default);
        Assert.Equal("first", (await store.GetSecretsAsync("hq", default))["password"]);
        Assert.Equal("ews", (await store.GetConnectionAsync("hq", default))!.Type);

        await store.UpdateConnectionAsync(Local("hq"), new Dictionary<string, string> { ["password"] = "second", ["user"] = "svc" }, default);
        var secrets = await store.GetSecretsAsync("hq", default);
        Assert.Equal("second", secrets["password"]);
        Assert.Equal("svc", secrets["user"]);
        Assert.Empty(await store.GetSecretsAsync("plain", default));
    }

    [SkippableFact]
    public async Task GetSecretsAsync_Reopened_StillDecrypts()
    {
        await using (var store = await OpenStoreAsync())
        {
            await store.AddConnectionAsync(Local("hq"), new Dictionary<string, string> { ["password"] = "kept" }, default);
        }

        await using var reopened = await OpenStoreAsync();

        Assert.Equal("kept", (await reopened.GetSecretsAsync("hq", default))["password"]);
    }

    [SkippableFact]
    public async Task GetSecretsAsync_UnknownConnection_Throws()
    {
        await using var store = await OpenStoreAsync();

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() => store.GetSecretsAsync("ghost", default));

        Assert.Equal("unknown connection 'ghost'", error.Message);
    }
}
