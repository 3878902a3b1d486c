using Microsoft.Data.Sqlite;
using Tandem.Core.Groups;

namespace Tandem.State.Tests;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task OpenAsync_NewFile_RecordsEveryMigrationOnce()
    {
        using var db = new TempDatabase();
        await (await db.OpenAsync()).DisposeAsync();
        await (await db.OpenAsync()).DisposeAsync();

        await using var raw = new SqliteConnection($"Data Source={db.Path};Pooling=False");
        await raw.OpenAsync();
        await using var command = raw.CreateCommand();
        command.CommandText = "SELECT COUNT(*), MAX(version) FROM migrations";
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(Migrations.Latest, reader.GetInt32(0));
        Assert.Equal(Migrations.Latest, reader.GetInt32(1));
        command.Dispose();
        await using var mode = raw.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode";
        await reader.DisposeAsync();
        Assert.Equal("wal", (string?)await mode.ExecuteScalarAsync());
    }

    [Fact]
    public async Task OpenAsync_Reopened_KeepsConnectionsGroupsAndMembers()
    {
        using var db = new TempDatabase();
        await using (var store = await db.OpenAsync())
        {
            await store.AddConnectionAsync(TempDatabase.Local("files"), new Dictionary<string, string>(), default);
            await store.AddGroupAsync(TempDatabase.Group("company", "files:hq/Company") with { Conflict = ConflictPolicy.Merge }, default);
            await store.AddMemberAsync("company", new MemberDefinition(FolderRef.Parse("files:alice/Contacts/Company"), MemberRole.Target), default);
        }

        await using var reopened = await db.OpenAsync();
        var connection = Assert.Single(await reopened.ListConnectionsAsync(default));
        Assert.Equal("/srv/files", connection.Setting("root"));
        var group = await reopened.GetGroupAsync("company", default);
        Assert.NotNull(group);
        Assert.Equal(ConflictPolicy.Merge, group.Conflict);
        Assert.Equal(["files:hq/Company", "files:alice/Contacts/Company"], group.Members.Select(m => m.Folder.ToString()));
        Assert.Equal(MemberRole.Target, group.Members[1].Role);
    }

    [Fact]
    public async Task AddGroupAsync_NameTaken_ThrowsOneLineError()
    {
        using var db = new TempDatabase();
        await using var store = await db.OpenAsync();
        await store.AddGroupAsync(TempDatabase.Group("company"), default);

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() => store.AddGroupAsync(TempDatabase.Group("company"), default));

        Assert.Equal("group 'company' already exists", error.Message);
    }

    [Fact]
    public async Task AddMemberAsync_UnknownConnection_ThrowsAndAddsNothing()
    {
        using var db = new TempDatabase();
        await using var store = await db.OpenAsync();
        await store.AddGroupAsync(TempDatabase.Group("company"), default);

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() =>
            store.AddMemberAsync("company", new MemberDefinition(FolderRef.Parse("nowhere:hq/Company"), MemberRole.Source), default));

        Assert.Contains("unknown connection 'nowhere'", error.Message, StringComparison.Ordinal);
        Assert.Empty((await store.GetGroupAsync("company", default))!.Members);
    }

    [Fact]
    public async Task AddMemberAsync_FolderAlreadyMember_Throws()
    {
        using var db = new TempDatabase();
        await using var store = await db.OpenAsync();
        await store.AddConnectionAsync(TempDatabase.Local("files"), new Dictionary<string, string>(), default);
        await store.AddGroupAsync(TempDatabase.Group("company", "files:hq/Company"), default);

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() =>
            store.AddMemberAsync("company", new MemberDefinition(FolderRef.Parse("files:hq/Company"), MemberRole.Target), default));

        Assert.Contains("already a member", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGroupAsync_PriorityPolicyWithoutPriorityMember_Throws()
    {
        using var db = new TempDatabase();
        await using var store = await db.OpenAsync();

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() =>
            store.AddGroupAsync(TempDatabase.Group("company") with { Conflict = ConflictPolicy.Priority }, default));

        Assert.Contains("priority member", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveConnectionAsync_UsedByMember_RefusesAndNamesTheGroup()
    {
        using var db = new TempDatabase();
        await using var store = await db.OpenAsync();
        await store.AddConnectionAsync(TempDatabase.Local("files"), new Dictionary<string, string>(), default);
        await store.AddGroupAsync(TempDatabase.Group("company", "files:hq/Company"), default);

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() => store.RemoveConnectionAsync("files", default));

        Assert.Contains("group 'company'", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await store.GetConnectionAsync("files", default));
        await store.RemoveMemberAsync("company", FolderRef.Parse("files:hq/Company"), default);
        await store.RemoveConnectionAsync("files", default);
        Assert.Null(await store.GetConnectionAsync("files", default));
    }

    [Fact]
    public async Task SetRulesAsync_InvalidRules_ThrowsAndKeepsOldRules()
    {
        using var db = new TempDatabase();
        await using var store = await db.OpenAsync();
        await store.AddGroupAsync(TempDatabase.Group("company"), default);
        await store.SetRulesAsync("company", """{"modify":[{"action":"addCategory","value":"HQ"}]}""", default);

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() =>
            store.SetRulesAsync("company", """{"filter":{"conditions":[{"field":"CompanyName","op":"equals"}]}}""", default));

        Assert.Contains("needs a value", error.Message, StringComparison.Ordinal);
        Assert.Contains("HQ", (await store.GetGroupAsync("company", default))!.RulesJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateGroupAsync_UnknownGroup_Throws()
    {
        using var db = new TempDatabase();
        await using var store = await db.OpenAsync();

        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() => store.UpdateGroupAsync(TempDatabase.Group("ghost"), default));

        Assert.Equal("unknown group 'ghost'", error.Message);
    }
}
