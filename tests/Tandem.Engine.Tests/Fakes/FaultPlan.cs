namespace Tandem.Engine.Tests.Fakes;

/// <summary>
/// Faults to inject, counted across every fake (connector and state store) sharing it: "crash at the Nth
/// step" where steps are reads, writes (before or after they reach the store) and state commits.
/// </summary>
internal sealed class FaultPlan
{
    private int _steps;

    /// <summary>Step number at which to crash (0: never).</summary>
    public int CrashAtStep { get; set; }

    /// <summary>Write requests that fail (a refusal, not a crash) with this probability.</summary>
    public double FailWriteProbability { get; set; }

    public Random Random { get; set; } = new(1);

    public int Steps => _steps;

    public bool Enabled { get; set; } = true;

    /// <summary>Crash at the <see cref="CrashWhereNth"/> step described exactly so (e.g. "after write mem:a/F"), once; null: never.</summary>
    public string? CrashWhere { get; set; }

    /// <summary>Which occurrence of <see cref="CrashWhere"/> crashes (1: the first).</summary>
    public int CrashWhereNth { get; set; } = 1;

    /// <summary>Counts a step and crashes when it is the chosen one.</summary>
    public void Step(string where)
    {
        if (!Enabled) return;
        var step = Interlocked.Increment(ref _steps);
        if (step == CrashAtStep) throw new SimulatedCrash($"at step {step} ({where})");
        if (CrashWhere == where && --CrashWhereNth <= 0)
        {
            CrashWhere = null;
            CrashWhereNth = 1;
            throw new SimulatedCrash($"at step {step} ({where})");
        }
    }

    public bool ShouldFailWrite() => Enabled && FailWriteProbability > 0 && Random.NextDouble() < FailWriteProbability;
}
