using Tandem.Engine.Probes;

namespace Tandem.Cli;

/// <summary>Prints a connection test step by step: ok or FAILED, the step, what it found or why it failed.</summary>
internal static class ConnectionTestPrinter
{
    public static void Print(TextWriter output, ConnectionTestResult result)
    {
        var width = result.Steps.Count == 0 ? 0 : result.Steps.Max(s => s.Name.Length);
        foreach (var step in result.Steps)
            output.WriteLine($"  {(step.Ok ? "ok    " : "FAILED")}  {step.Name.PadRight(width)}  {step.Detail}");
    }
}
