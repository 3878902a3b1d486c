namespace Tandem.State.Sqlite;

/// <summary>The default state store: one SQLite file (WAL mode), with the secrets' key file next to it.</summary>
public static class SqliteStateStore
{
    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="path"/> and brings its schema up to date.
    /// Secrets are encrypted with the key from <c>$TANDEM_KEY</c>, else with <c>PATH.key</c> (created mode 0600).
    /// </summary>
    public static async Task<IStateStore> OpenAsync(string path, TimeProvider time, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full);
        if (directory is not null) Directory.CreateDirectory(directory);
        var protector = SecretProtector.Open(full, Environment.GetEnvironmentVariable("TANDEM_KEY"));
        return await SqliteStore.OpenAsync(full, time, protector, ct).ConfigureAwait(false);
    }
}
