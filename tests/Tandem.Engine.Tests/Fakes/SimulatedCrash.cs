namespace Tandem.Engine.Tests.Fakes;

/// <summary>
/// Stands for the process being killed. It derives from OperationCanceledException because the engine, like
/// a killed process, must not handle it: it propagates, and the test restarts from what was persisted.
/// </summary>
internal sealed class SimulatedCrash : OperationCanceledException
{
    public SimulatedCrash(string where) : base("simulated crash " + where) { }

    public SimulatedCrash() : base("simulated crash") { }

    public SimulatedCrash(string message, Exception inner) : base(message, inner) { }
}
