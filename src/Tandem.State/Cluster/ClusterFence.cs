using System.Collections.Concurrent;

namespace Tandem.State.Cluster;

/// <summary>
/// The epochs this node holds, by group. A store opened with a fence refuses a group's state write unless, in the same
/// transaction, the database confirms that this node still owns the group's lease with that epoch and that it has not
/// expired: a node that was paused or cut off past its lease has its late writes refused (<see cref="LeaseLostException"/>).
/// </summary>
public sealed class ClusterFence(string node)
{
    private readonly ConcurrentDictionary<string, long> _epochs = new(StringComparer.Ordinal);

    public string Node { get; } = node;

    public void Hold(string group, long epoch) => _epochs[group] = epoch;

    public void Drop(string group) => _epochs.TryRemove(group, out _);

    /// <summary>The epoch to write <paramref name="group"/> with; null when this node holds no lease on it.</summary>
    public long? EpochOf(string group) => _epochs.TryGetValue(group, out var epoch) ? epoch : null;
}
