namespace Tandem.Engine;

/// <summary>How one cycle runs.</summary>
public sealed record SyncOptions
{
    /// <summary>Read and plan only: no write to any member, no change to the state.</summary>
    public bool DryRun { get; init; }

    /// <summary>Largest batch handed to one IFolderSession.WriteAsync call.</summary>
    public int WriteBatchSize { get; init; } = 100;

    /// <summary>
    /// Read every member's whole folder instead of its changes since the stored token: the service's safety reconcile,
    /// which heals what a lost notification or a store's faulty change tracking missed.
    /// </summary>
    public bool FullRead { get; init; }

    /// <summary>
    /// Signalled when the process is stopping: the batch being written finishes and is recorded, no further batch or
    /// follow-up cycle starts (what was planned is written by the next cycle). Unlike the cycle's cancellation token it
    /// never interrupts a request in flight.
    /// </summary>
    public CancellationToken Stopping { get; init; }

    /// <summary>
    /// Asked before every batch sent to a member: false means this process may no longer write for the group (on a cluster,
    /// its lease is in doubt — it was paused or cut off past the lease). What is left stays planned (committed), as when
    /// stopping; the node that holds the lease now recovers it by stamp. The state writes are fenced apart; this keeps a
    /// stale node's Exchange writes from landing after the new owner's recovery (a duplicate). Null: always allowed.
    /// </summary>
    public Func<bool>? MayWrite { get; init; }

    /// <summary>
    /// Members (by folder, as <c>FolderRef.ToString()</c>) known to have changed — the service's notifications. Only
    /// these are read; every other member is taken as unchanged since its stored token, which stays where it is, so
    /// nothing it holds is missed: it is read whenever it notifies, polls or the group reconciles. Null reads everyone;
    /// a member never read yet (no token) is always read.
    /// </summary>
    public IReadOnlySet<string>? OnlyMembers { get; init; }

    public static readonly SyncOptions Default = new();
}
