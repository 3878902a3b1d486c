namespace Tandem.Engine;

/// <summary>How one cycle runs.</summary>
public sealed record SyncOptions
{
    /// <summary>Read and plan only: no write to any member, no change to the state.</summary>
    public bool DryRun { get; init; }

    /// <summary>Largest batch handed to one IFolderSession.WriteAsync call.</summary>
    public int WriteBatchSize { get; init; } = 100;

    public static readonly SyncOptions Default = new();
}
