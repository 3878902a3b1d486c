namespace Tandem.Core.Connectors;

/// <summary>
/// This process's share of limits that a server sets for the whole organisation (EWS: concurrent requests per server),
/// when several <c>tandem serve</c> nodes talk to it at once: each of the live nodes takes an equal part, rounded down and
/// at least one, so that together they stay within the limit. One node (the default) takes the whole limit. The cluster's
/// lease keeper sets <see cref="Nodes"/> every round; connectors read it before every request.
/// </summary>
public sealed class LimitShare
{
    private int _nodes = 1;

    /// <summary>Raised when the number of live nodes changed (a node left: waiting requests may go ahead).</summary>
    public event Action? Changed;

    public int Nodes
    {
        get => Volatile.Read(ref _nodes);
        set
        {
            if (Interlocked.Exchange(ref _nodes, Math.Max(1, value)) != Math.Max(1, value)) Changed?.Invoke();
        }
    }

    /// <summary>This node's part of <paramref name="limit"/>.</summary>
    public int Of(int limit) => Math.Max(1, limit / Nodes);
}
