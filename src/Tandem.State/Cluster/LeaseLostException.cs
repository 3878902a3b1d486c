namespace Tandem.State.Cluster;

/// <summary>
/// A group's state write was refused by the lease fence: this node no longer owns the group (its lease expired while it was
/// paused or cut off, and another node took it over with a newer epoch). Nothing of the write was stored; the group's runner
/// on this node must stop.
/// </summary>
public sealed class LeaseLostException : Exception
{
    public LeaseLostException(string group, string node, long? epoch, string? owner, long currentEpoch)
        : base(epoch is null
            ? $"group '{group}': write refused: node '{node}' holds no lease on it (owner {owner ?? "none"}, epoch {currentEpoch})"
            : $"group '{group}': write refused: node '{node}' lost its lease (epoch {epoch}); owner now {owner ?? "none"}, epoch {currentEpoch}")
    {
        Group = group;
    }

    public LeaseLostException() : base("write refused: the lease was lost") => Group = "";

    public LeaseLostException(string message) : base(message) => Group = "";

    public LeaseLostException(string message, Exception inner) : base(message, inner) => Group = "";

    public string Group { get; }
}
