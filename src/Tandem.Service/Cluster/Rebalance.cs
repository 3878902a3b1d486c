using Tandem.State.Cluster;

namespace Tandem.Service.Cluster;

/// <summary>
/// The leader's plan, a pure function: which leases to ask back so that live nodes hold about the same number of groups.
/// Hysteresis keeps it calm: nothing moves while the busiest and the idlest node differ by fewer than
/// <see cref="ClusterSettings.Imbalance"/> groups, and no lease younger than <see cref="ClusterSettings.MinHold"/> moves.
/// </summary>
internal static class Rebalance
{
    /// <summary>The most groups one of <paramref name="liveNodes"/> should run.</summary>
    public static int FairShare(int groups, int liveNodes) => (groups + Math.Max(1, liveNodes) - 1) / Math.Max(1, liveNodes);

    public static IReadOnlyList<GroupLease> Plan(IReadOnlyList<GroupLease> leases, IReadOnlyCollection<string> liveNodes, ClusterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(leases);
        ArgumentNullException.ThrowIfNull(settings);
        if (liveNodes.Count < 2) return [];
        var held = liveNodes.ToDictionary(n => n, n => leases.Where(l => l.Owner == n && l.ExpiresIn > TimeSpan.Zero && !l.ReleaseAsked).ToList(), StringComparer.Ordinal);
        var counts = held.ToDictionary(h => h.Key, h => h.Value.Count, StringComparer.Ordinal);
        // leases already being handed over count for nobody: their moves are under way
        var free = leases.Count(l => l.Owner is null || l.ExpiresIn <= TimeSpan.Zero || l.ReleaseAsked);
        var asks = new List<GroupLease>();
        while (true)
        {
            var busiest = counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First();
            var idlest = counts.OrderBy(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First();
            // free leases will go to the idle nodes anyway: count them as already there
            if (busiest.Value - idlest.Value - free < settings.Imbalance) break;
            var movable = held[busiest.Key].Where(l => l.HeldFor >= settings.MinHold && !asks.Contains(l)).OrderByDescending(l => l.HeldFor).ThenBy(l => l.Name, StringComparer.Ordinal).FirstOrDefault();
            if (movable is null) break;
            asks.Add(movable);
            counts[busiest.Key]--;
            counts[idlest.Key]++;
        }
        return asks;
    }
}
