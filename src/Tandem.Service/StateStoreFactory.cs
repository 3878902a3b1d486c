using Tandem.State;
using Tandem.State.Cluster;
using Tandem.State.Postgres;
using Tandem.State.Sqlite;

namespace Tandem.Service;

/// <summary>
/// Opens the state from what <c>--state</c> (or <c>$TANDEM_STATE</c>) says: a PostgreSQL URL
/// (<c>postgres://user@host:port/db</c>) or connection string (<c>Host=…;Database=…</c>), else an SQLite file path.
/// The PostgreSQL password comes from the location, <c>$TANDEM_STATE_PASSWORD</c> or <c>$PGPASSWORD</c>; only
/// <see cref="Display"/> of a location is ever printed or logged.
/// </summary>
public static class StateStoreFactory
{
    public static bool IsPostgres(string location) => PostgresLocation.Matches(location);

    /// <summary>The location as it may be shown: a PostgreSQL one without its password; an SQLite path as it is.</summary>
    public static string Display(string location) => IsPostgres(location) ? PostgresLocation.Mask(location) : location;

    /// <summary>
    /// Opens the store. A <paramref name="fence"/> (PostgreSQL only) makes every group state write check the node's lease
    /// epoch; SQLite has a single node and takes none.
    /// </summary>
    public static async Task<IStateStore> OpenAsync(string location, TimeProvider time, Func<string, string?> environment, CancellationToken ct, ClusterFence? fence = null)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (IsPostgres(location))
            return await PostgresStateStore.OpenAsync(PostgresLocation.Parse(location, environment), time, fence, ct).ConfigureAwait(false);
        return await SqliteStateStore.OpenAsync(location, time, ct).ConfigureAwait(false);
    }
}
