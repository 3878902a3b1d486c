using Npgsql;

namespace Tandem.State.Postgres;

/// <summary>
/// An advisory lock held by an open session (the leader's, a mailbox slot): closing the session, the node dying or its
/// session being ended by another node lets it go.
/// </summary>
internal sealed class SessionLock(NpgsqlConnection connection, string unlockSql) : IAsyncDisposable
{
    public NpgsqlConnection Connection => connection;

    public async ValueTask DisposeAsync()
    {
        try
        {
            // a pooled connection outlives Dispose: the lock is let go explicitly, not when the pool resets the session
            await using var unlock = new NpgsqlCommand(unlockSql, connection);
            await unlock.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // the session is gone, and the lock with it
        }
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
