namespace Tandem.State.Cluster;

/// <summary>
/// The rebalancing leader's hold on the leader lock: disposing lets it go. What the leader does goes through it, on the
/// session that holds the lock, so that a leader whose session was ended (it was paused past its lease and another node
/// leads now) fails instead of acting.
/// </summary>
public interface ILeadership : IAsyncDisposable
{
    /// <summary>
    /// Confirms on the leader session that it still holds the lock; throws when the session was ended or broke (a leader
    /// paused past its lease finds out on waking, even in a round with nothing to move).
    /// </summary>
    Task ConfirmAsync(CancellationToken cancellationToken);

    /// <summary>Asks the owner to hand a lease over (it releases it at its next renewal).</summary>
    Task AskReleaseAsync(string group, string owner, CancellationToken cancellationToken);
}
