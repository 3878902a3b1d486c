using System.Diagnostics;
using System.Globalization;
using Tandem.Engine.Tests.Model;
using Tandem.Testing;

namespace Tandem.Bench.Model;

/// <summary>
/// <c>run model-sweep [--scenarios N] [--seed S] [--shrink K] [--only SEED,SEED…]</c>: the model-based test's long sweep. Runs N scenarios
/// (default 100,000) of the engine model test on all cores, seeds drawn from S (default TANDEM_TEST_SEED), prints every
/// failing seed and the shrunk story of up to K of them (default 10, one per failure class first), the oracle's skip
/// ratio and the rate (--only runs just the given scenario seeds); exits 1 when any scenario failed.
/// </summary>
internal sealed class ModelSweepRun : WholeRun
{
    public override string Name => "model-sweep";

    public override string Description => "the engine model test's long sweep: N random scenarios with crashes, shrunk failures";

    public override async Task RunAsync(string[] args)
    {
        var scenarios = IntOption(args, "--scenarios", 100_000);
        var seed = IntOption(args, "--seed", TestSeed.Value);
        var shrink = IntOption(args, "--shrink", 10);
        var only = Array.IndexOf(args, "--only") is var o and >= 0 && o + 1 < args.Length
            ? args[o + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : null;
        var seeds = only ?? ModelSweep.Seeds(seed, scenarios);
        scenarios = seeds.Length;
        Console.WriteLine(only is null ? $"model-sweep: {scenarios} scenarios from seed {seed} on {Environment.ProcessorCount} cores" : $"model-sweep: scenario seeds {string.Join(",", only)}");
        var clock = Stopwatch.StartNew();
        var failures = await ModelSweep.RunAsync(seeds, Environment.ProcessorCount, shrink, Console.WriteLine);
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenarios} scenarios in {seconds:F1} s ({scenarios / seconds:F0}/s); {ModelScenario.FastCycles} fast-path cycles"));
        Console.WriteLine(ModelOracle.SkipSummary());
        Console.WriteLine(ModelScenario.StepSummary());
        Console.WriteLine(ModelTimings.Summary());
        if (failures.Count == 0)
        {
            Console.WriteLine("0 failures");
            return;
        }
        Console.WriteLine(ModelSweep.Report(failures));
        Environment.ExitCode = 1;
    }
}
