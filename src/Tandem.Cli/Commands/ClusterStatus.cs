using Tandem.State.Cluster;

namespace Tandem.Cli.Commands;

/// <summary>
/// What <c>tandem status</c> adds on a PostgreSQL state: the nodes (alive or not, by the database's clock), the groups each
/// one holds with the lease's epoch and age, and the groups no node holds right now.
/// </summary>
internal static class ClusterStatus
{
    public static void Print(TextWriter output, IReadOnlyList<ClusterNode> nodes, IReadOnlyList<GroupLease> leases)
    {
        if (nodes.Count == 0 && leases.Count == 0) return;
        var held = leases.Where(l => l.Owner is not null && l.ExpiresIn > TimeSpan.Zero).ToList();
        output.WriteLine($"cluster: {nodes.Count(n => n.SinceBeat < TimeSpan.FromSeconds(30))} of {nodes.Count} nodes alive, {held.Count} of {leases.Count} groups leased");
        foreach (var node in nodes)
        {
            var mine = held.Where(l => l.Owner == node.Node).ToList();
            var alive = node.SinceBeat < TimeSpan.FromSeconds(30) ? "alive" : "NOT ALIVE";
            output.WriteLine($"  node {node.Node}: {alive}, last beat {Seconds(node.SinceBeat)} ago, {mine.Count} groups");
            foreach (var l in mine)
            {
                var moving = l.ReleaseAsked ? ", moving to another node" : "";
                output.WriteLine($"    {l.Name}: epoch {l.Epoch}, held {Seconds(l.HeldFor)}, expires in {Seconds(l.ExpiresIn)}{moving}");
            }
        }
        var free = leases.Where(l => l.Owner is null || l.ExpiresIn <= TimeSpan.Zero).ToList();
        if (free.Count > 0) output.WriteLine($"  not running on any node: {string.Join(", ", free.Select(l => l.Owner is null ? l.Name : $"{l.Name} (lease of {l.Owner} expired)"))}");
    }

    /// <summary>The same for <c>status --json</c>: ages in seconds on the database's clock.</summary>
    public static object Describe(IReadOnlyList<ClusterNode> nodes, IReadOnlyList<GroupLease> leases) => new
    {
        nodes = nodes.Select(n => new
        {
            node = n.Node,
            alive = n.SinceBeat < Alive,
            sinceBeatSeconds = Math.Round(n.SinceBeat.TotalSeconds, 1),
            started = n.Started,
            groups = leases.Where(l => l.Owner == n.Node && l.ExpiresIn > TimeSpan.Zero).Select(l => l.Name).ToList(),
        }).ToList(),
        leases = leases.Select(l => new
        {
            group = l.Name,
            owner = l.Owner is not null && l.ExpiresIn > TimeSpan.Zero ? l.Owner : null,
            lastOwner = l.Owner,
            epoch = l.Epoch,
            heldSeconds = Math.Round(l.HeldFor.TotalSeconds, 1),
            expiresInSeconds = Math.Round(l.ExpiresIn.TotalSeconds, 1),
            moving = l.ReleaseAsked,
            writes = l.Writes,
        }).ToList(),
    };

    private static readonly TimeSpan Alive = TimeSpan.FromSeconds(30);

    private static string Seconds(TimeSpan span) => span < TimeSpan.FromMinutes(2) ? $"{span.TotalSeconds:0} s" : span < TimeSpan.FromHours(2) ? $"{span.TotalMinutes:0} min" : $"{span.TotalHours:0} h";
}
