using Tandem.State.Cluster;

namespace Tandem.State.Postgres;

/// <summary>The state store for several nodes: PostgreSQL, shared by every <c>tandem serve</c> of a cluster.</summary>
public static class PostgresStateStore
{
    /// <summary>
    /// Connects, brings the schema up to date and returns the store. Secrets are encrypted with <c>$TANDEM_KEY</c> (every
    /// node of a cluster needs the same one), else with a key file kept in the user's application data folder, named
    /// after the server and database. With a <paramref name="fence"/>, every group state write is fenced by the lease epoch.
    /// </summary>
    public static async Task<IStateStore> OpenAsync(PostgresLocation location, TimeProvider time, ClusterFence? fence, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(location);
        var secrets = SecretProtector.Open(KeyBase(location), Environment.GetEnvironmentVariable("TANDEM_KEY"));
        return await PostgresStore.OpenAsync(location, time, secrets, fence, ct).ConfigureAwait(false);
    }

    private static string KeyBase(PostgresLocation location)
    {
        var folder = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.Create), "tandem");
        Directory.CreateDirectory(folder);
        var name = $"postgres-{location.Builder.Host}-{location.Builder.Port}-{location.Builder.Database}";
        foreach (var bad in Path.GetInvalidFileNameChars()) name = name.Replace(bad, '_');
        return Path.Combine(folder, name);
    }
}
