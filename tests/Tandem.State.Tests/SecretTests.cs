using System.Text;

namespace Tandem.State.Tests;

public sealed class SecretTests
{
    private const string Secret = "Pa55-w0rd-that-must-not-leak";

    [Fact]
    public async Task AddConnectionAsync_Secret_IsNotInTheRawDatabaseFiles()
    {
        using var db = new TempDatabase();
        await using (var store = await db.OpenAsync())
        {
            await store.AddConnectionAsync(TempDatabase.Local("hq"), new Dictionary<string, string> { ["password"] = Secret }, default);
            Assert.Equal(Secret, (await store.GetSecretsAsync("hq", default))["password"]);
        }

        var files = Directory.GetFiles(db.Directory, "tandem.db*");
        Assert.Contains(files, f => f.EndsWith("tandem.db", StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Secret)));
            Assert.Equal(-1, bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(Secret)));
        }
    }

    [Fact]
    public async Task OpenAsync_NoEnvironmentKey_CreatesKeyFileReadableByOwnerOnly()
    {
        if (OperatingSystem.IsWindows() || Environment.GetEnvironmentVariable("TANDEM_KEY") is not null) return;
        using var db = new TempDatabase();
        await (await db.OpenAsync()).DisposeAsync();

        var mode = File.GetUnixFileMode(db.Path + ".key");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, mode);
        Assert.Equal(32, Convert.FromBase64String(await File.ReadAllTextAsync(db.Path + ".key")).Length);
    }

    [Fact]
    public async Task GetSecretsAsync_WithAnotherKey_FailsWithClearError()
    {
        using var db = new TempDatabase();
        await using (var store = await SqliteStore.OpenAsync(db.Path, TempDatabase.Clock, SecretProtector.Open(db.Path, "first passphrase"), default))
        {
            await store.AddConnectionAsync(TempDatabase.Local("hq"), new Dictionary<string, string> { ["password"] = Secret }, default);
        }

        await using var other = await SqliteStore.OpenAsync(db.Path, TempDatabase.Clock, SecretProtector.Open(db.Path, "second passphrase"), default);
        var error = await Assert.ThrowsAsync<TandemConfigurationException>(() => other.GetSecretsAsync("hq", default));

        Assert.Contains("wrong key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Protect_SameSecretsTwice_GivesDifferentCiphertexts()
    {
        var protector = new SecretProtector(new byte[32]);
        var secrets = new Dictionary<string, string> { ["password"] = Secret };

        var first = protector.Protect("hq", secrets);
        var second = protector.Protect("hq", secrets);

        Assert.NotEqual(first, second);
        Assert.Equal(Secret, protector.Unprotect("hq", second)["password"]);
    }

    [Fact]
    public void Unprotect_CiphertextMovedToAnotherConnection_IsRefused()
    {
        var protector = new SecretProtector(new byte[32]);
        var data = protector.Protect("hq", new Dictionary<string, string> { ["password"] = Secret });

        Assert.Throws<TandemConfigurationException>(() => protector.Unprotect("branch", data));
    }
}
