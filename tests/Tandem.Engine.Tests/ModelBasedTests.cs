using System.Diagnostics;
using System.Globalization;
using Tandem.Engine.Tests.Model;
using Tandem.Tests;
using Xunit.Abstractions;

namespace Tandem.Engine.Tests;

/// <summary>
/// The model-based property test: random scenarios (TANDEM_MODEL_SCENARIOS, default 400 — the long sweep is
/// `dotnet run -c Release --project bench/Tandem.Bench -- run model-sweep --scenarios N`), their seeds drawn from
/// TANDEM_TEST_SEED; TANDEM_MODEL_SEED replays one. Every failure is kept with its seed; the first few are shrunk to
/// the fewest steps that still fail, and the assertion lists all failing seeds.
/// </summary>
public sealed class ModelBasedTests(ITestOutputHelper output)
{
    private const int DefaultScenarios = 400;

    [Fact]
    public async Task RandomScenarios_MembersConvergeWithoutDuplicatesLostEditsOrResurrections()
    {
        var only = Environment.GetEnvironmentVariable("TANDEM_MODEL_SEED");
        var total = int.TryParse(Environment.GetEnvironmentVariable("TANDEM_MODEL_SCENARIOS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : DefaultScenarios;
        var seeds = only is { Length: > 0 } ? [int.Parse(only, CultureInfo.InvariantCulture)] : ModelSweep.Seeds(TestSeed.Value, total);
        output.WriteLine(only is { Length: > 0 } ? $"replaying scenario seed {only}" : $"{seeds.Length} scenarios from TANDEM_TEST_SEED={TestSeed.Value}");
        var clock = Stopwatch.StartNew();
        var failures = await ModelSweep.RunAsync(seeds, Environment.ProcessorCount, shrinkLimit: 3);
        output.WriteLine($"{seeds.Length} scenarios in {clock.Elapsed.TotalSeconds:F1} s; {ModelScenario.FastCycles} cycles took the converged fast path");
        output.WriteLine(ModelOracle.SkipSummary());
        if (failures.Count > 0)
        {
            var report = ModelSweep.Report(failures);
            output.WriteLine(report);
            Assert.Fail(report);
        }
        // the scenarios must also cover the fast path, or they would no longer guard it
        if (seeds.Length >= 200) Assert.True(ModelScenario.FastCycles > 0, "no scenario cycle took the converged fast path");
    }
}
