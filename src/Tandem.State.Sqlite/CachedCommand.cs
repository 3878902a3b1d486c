using Microsoft.Data.Sqlite;

namespace Tandem.State.Sqlite;

/// <summary>
/// A statement the store keeps prepared for its connection's life: every store call runs a handful of the same few
/// dozen statements, and preparing them again each time was a tenth of a small cycle's time. Callers dispose it as any
/// command (<c>using var</c>); that leaves the statement prepared for the next call. Calls are serialized by the store's
/// gate, and a statement's reader is always disposed before the statement runs again.
/// </summary>
internal sealed class CachedCommand(SqliteCommand inner) : IDisposable
{
    public SqliteParameterCollection Parameters => inner.Parameters;

    /// <summary>Readies the kept statement for one more call: this transaction, no parameters yet.</summary>
    public CachedCommand Reuse(SqliteTransaction tx)
    {
        inner.Transaction = tx;
        inner.Parameters.Clear();
        return this;
    }

    public SqliteDataReader ExecuteReader() => inner.ExecuteReader();

    public int ExecuteNonQuery() => inner.ExecuteNonQuery();

    public object? ExecuteScalar() => inner.ExecuteScalar();

    public void Dispose()
    {
        // kept prepared: released with the connection (Release)
    }

    public void Release() => inner.Dispose();
}
