namespace Tandem.Core.Sync;

/// <summary>Counters of one member in one cycle (see the engine's MemberReport for their meaning).</summary>
public sealed class MemberTally
{
    public int Received { get; set; }
    public int Created { get; set; }
    public int Updated { get; set; }
    public int Deleted { get; set; }
    public int Conflicts { get; set; }
    public int Skipped { get; set; }
    public int Quarantined { get; set; }
    public string? Error { get; set; }
}
