using Tandem.Panel.Security;
using Tandem.State.Admin;
using Tandem.State.Sqlite;

namespace Tandem.Cli.Tests;

/// <summary><c>tandem init --admin</c> and <c>tandem admin …</c>: accounts for the panel, hashed, audited, never echoed.</summary>
public sealed class AdminCommandTests : IDisposable
{
    private readonly CliRun _cli = new();

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task InitAdmin_ThenAddPasswdTokenRemove_WorkOnTheStateAndAreAudited()
    {
        _cli.Input = "first passphrase\n";
        var init = await _cli.RunAsync("init", "--admin", "alice", "--password-stdin");
        Assert.True(init.Exit == 0, init.Err);
        Assert.Contains("added administrator 'alice'", init.Out, StringComparison.Ordinal);

        _cli.Input = "";
        _cli.Environment[AdminInput.PasswordVariable] = "second passphrase";
        Assert.Equal(0, (await _cli.RunAsync("admin", "add", "bob", "--role", "operator")).Exit);
        var token = await _cli.RunAsync("admin", "token", "bob", "--label", "nightly");
        Assert.Equal(0, token.Exit);
        Assert.StartsWith("tdm_", token.Out.Trim(), StringComparison.Ordinal);

        var list = await _cli.RunAsync("admin", "list");
        Assert.Contains("alice\tadministrator", list.Out, StringComparison.Ordinal);
        Assert.Contains("bob\toperator", list.Out, StringComparison.Ordinal);
        Assert.Contains("nightly", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("argon2", list.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(token.Out.Trim(), list.Out, StringComparison.Ordinal);

        _cli.Input = "third passphrase\n";
        Assert.Equal(0, (await _cli.RunAsync("admin", "passwd", "bob", "--password-stdin", "--role", "viewer")).Exit);

        await using (var store = await SqliteStateStore.OpenAsync(_cli.StatePath, TimeProvider.System, default))
        {
            var alice = await store.GetAdminAsync("alice", default);
            var bob = await store.GetAdminAsync("bob", default);
            Assert.True(PasswordHasher.Verify("first passphrase", alice!.PasswordHash));
            Assert.True(PasswordHasher.Verify("third passphrase", bob!.PasswordHash));
            Assert.Equal(AdminRole.Viewer, bob.Role);
            Assert.NotNull(await ApiTokens.ValidateAsync(store, token.Out.Trim(), default));
            var audit = await store.ReadAuditAsync(new AuditQuery(), default);
            Assert.Equal(["account.passwd", "token.create", "account.add", "account.add"], audit.Select(e => e.Action).ToArray());
            Assert.All(audit, e => Assert.Equal("cli", e.Source));
        }

        Assert.Equal(0, (await _cli.RunAsync("admin", "remove", "bob")).Exit);
        Assert.DoesNotContain("bob", (await _cli.RunAsync("admin", "list")).Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdminAdd_WithAShortPasswordOrUnknownRole_IsRefusedAndStoresNothing()
    {
        Assert.Equal(0, (await _cli.RunAsync("init")).Exit);
        _cli.Input = "short\n";
        var shortPassword = await _cli.RunAsync("admin", "add", "carol", "--password-stdin");
        Assert.Equal(1, shortPassword.Exit);
        Assert.Contains("at least 10 characters", shortPassword.Err, StringComparison.Ordinal);
        _cli.Input = "long enough passphrase\n";
        var badRole = await _cli.RunAsync("admin", "add", "carol", "--role", "root", "--password-stdin");
        Assert.Equal(1, badRole.Exit);
        Assert.Contains("unknown role 'root'", badRole.Err, StringComparison.Ordinal);
        var noPassword = await _cli.RunAsync("admin", "add", "carol");
        Assert.Equal(2, noPassword.Exit);
        Assert.Contains("no accounts", (await _cli.RunAsync("admin", "list")).Out, StringComparison.Ordinal);
    }
}
