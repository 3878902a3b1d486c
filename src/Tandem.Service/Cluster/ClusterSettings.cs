namespace Tandem.Service.Cluster;

/// <summary>
/// Timings of a PostgreSQL cluster. A dead node's groups are taken over within <see cref="LeaseDuration"/> +
/// <see cref="Round"/> + the new owner's first cycle start (15 + 5 s by default, inside the 30 s promise).
/// </summary>
internal sealed record ClusterSettings
{
    /// <summary>How long a lease runs without renewal (database clock).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>How often a node beats, renews its leases and claims free ones.</summary>
    public TimeSpan Round { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>A lease younger than this is never moved by rebalancing (hysteresis: no flapping).</summary>
    public TimeSpan MinHold { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The timings that follow from a lease duration: rounds at a third of it, moves after twice it.</summary>
    public static ClusterSettings For(TimeSpan lease) => new() { LeaseDuration = lease, Round = lease / 3, MinHold = lease * 2 };

    /// <summary>Nodes whose heads differ by fewer groups than this are left alone.</summary>
    public int Imbalance { get; init; } = 2;
}
