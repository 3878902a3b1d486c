namespace Tandem.State.Cluster;

/// <summary>
/// One group's lease as the database sees it. <see cref="Epoch"/> grows by one at every takeover; a write of the group is
/// accepted only with the current epoch from the current owner while the lease runs (see <see cref="ClusterFence"/>).
/// Ages are measured on the database's clock, so nodes with skewed clocks agree.
/// </summary>
public sealed record GroupLease(string Name, string? Owner, long Epoch, TimeSpan HeldFor, TimeSpan ExpiresIn, bool ReleaseAsked, long Writes);

/// <summary>A node of the cluster: when it last beat (database clock) and since when it runs.</summary>
public sealed record ClusterNode(string Node, TimeSpan SinceBeat, DateTimeOffset Started);
