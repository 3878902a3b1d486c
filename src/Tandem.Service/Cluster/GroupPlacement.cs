using Tandem.Service.Runtime;

namespace Tandem.Service.Cluster;

/// <summary>
/// Which groups this node runs. The base runs every group (one node on SQLite: unchanged behaviour); on PostgreSQL the
/// <see cref="LeaseKeeper"/> runs only the groups whose lease it holds. <see cref="Changed"/> wakes the supervisor at once
/// when that set changes.
/// </summary>
internal class GroupPlacement(TimeProvider time)
{
    public WakeSignal Changed { get; } = new(time);

    protected TimeProvider Time { get; } = time;

    public virtual bool Owns(string group) => true;

    /// <summary>Whether this node may send writes of the group to its stores now (asked before every batch).</summary>
    public virtual bool MayWrite(string group) => true;

    /// <summary>A write of the group was refused by the fence: this node must stop running it.</summary>
    public virtual void Lost(string group)
    {
    }

    /// <summary>The group's runner has stopped (a lease being handed over can now be released).</summary>
    public virtual Task StoppedAsync(string group, CancellationToken ct) => Task.CompletedTask;
}
