using System.Collections.Concurrent;
using System.Text;

namespace Tandem.Engine.Tests.Model;

/// <summary>A failing scenario: its seed, failure class, message, and (when shrunk) the shortest story found.</summary>
internal sealed record ModelFailure(int Seed, string Kind, string Message, string? Story = null)
{
    public string Headline => $"seed {Seed} [{Kind}]: {Message.Split('\n')[0]}";
}

/// <summary>
/// Runs many scenarios on all cores, keeps every failure (any exception, not only oracle violations) with its seed,
/// and shrinks some of them. Shared by the CI test (ModelBasedTests) and the bench's long sweep (run model-sweep).
/// </summary>
internal static class ModelSweep
{
    /// <summary>The scenario seeds of a sweep, all derived from one base seed (TANDEM_TEST_SEED in the test).</summary>
    public static int[] Seeds(int baseSeed, int count)
    {
        var rng = new Random(baseSeed);
        return Enumerable.Range(0, count).Select(_ => rng.Next()).ToArray();
    }

    /// <summary>Failure class of an exception: the violation's kind, or the exception type.</summary>
    public static string KindOf(Exception e) => e is ModelViolation v ? v.Kind : e.GetType().Name;

    /// <summary>Runs one scenario and the oracle; the exception it ended with (null: passed).</summary>
    public static async Task<(Exception? Error, ModelScenario Run)> RunAsync(ModelSetup setup, IReadOnlyList<ModelStep> steps, bool count = true)
    {
        var run = new ModelScenario(setup, steps, count);
        try
        {
            // a hang is a failure too (a scenario takes well under a second)
            await run.RunAsync().WaitAsync(TimeSpan.FromMinutes(2));
            ModelTimings.Time("oracle", () => { ModelOracle.Check(run.Record, count); return true; });
            return (null, run);
        }
#pragma warning disable CA1031 // every failure is a finding: keep its seed whatever it is
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (e, run);
        }
    }

    public static async Task<List<ModelFailure>> RunAsync(IReadOnlyList<int> seeds, int parallelism, int shrinkLimit, Action<string>? progress = null)
    {
        var failures = new ConcurrentBag<ModelFailure>();
        var done = 0;
        await Parallel.ForEachAsync(seeds, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (seed, _) =>
        {
            var (setup, steps) = ModelGenerator.Generate(seed);
            var (error, _) = await RunAsync(setup, steps);
            if (error is not null) failures.Add(new ModelFailure(seed, KindOf(error), error.Message + (error is ModelViolation ? "" : "\n" + error.StackTrace)));
            var n = Interlocked.Increment(ref done);
            if (progress is not null && n % 1000 == 0) progress($"{n}/{seeds.Count} scenarios, {failures.Count} failed");
        });
        var sorted = failures.OrderBy(f => f.Seed).ToList();
        // shrink one failure of each class first, then more of the commonest, up to the limit
        var toShrink = sorted.GroupBy(f => f.Kind).Select(g => g.First()).Concat(sorted).Distinct().Take(shrinkLimit).ToHashSet();
        var shrunk = new ConcurrentDictionary<int, ModelFailure>();
        await Parallel.ForEachAsync(toShrink, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (f, _) =>
            shrunk[f.Seed] = f with { Story = await ShrinkAsync(f.Seed) });
        return sorted.Select(f => shrunk.GetValueOrDefault(f.Seed) ?? f).ToList();
    }

    /// <summary>
    /// Delta debugging over the steps the failing run resolved: drop chunks (halves, quarters, …), then single steps,
    /// keeping a subset whenever it still fails with the same class; then simplify what is left (crashes out, pauses
    /// left alone, one-cycle outages). Returns the story of the smallest run.
    /// </summary>
    public static async Task<string> ShrinkAsync(int seed, int budget = 600)
    {
        var (setup, generated) = ModelGenerator.Generate(seed);
        var (error, first) = await RunAsync(setup, generated, count: false);
        if (error is null) return "  (passed when replayed: not deterministic?)";
        var kind = KindOf(error);
        var steps = first.Resolved;
        var (again, _) = await RunAsync(setup, steps, count: false);
        if (again is null || KindOf(again) != kind) return $"  (the resolved steps do not fail the same way; not shrunk)\n{Story(setup, first, error)}";

        var runs = 0;
        async Task<bool> Fails(List<ModelStep> candidate)
        {
            runs++;
            var (e, _) = await RunAsync(setup, candidate, count: false);
            return e is not null && KindOf(e) == kind;
        }

        var n = 2;
        while (steps.Count >= 2 && runs < budget)
        {
            var chunk = (steps.Count + n - 1) / n;
            var reduced = false;
            for (var start = 0; start < steps.Count && runs < budget; start += chunk)
            {
                var candidate = steps.Take(start).Concat(steps.Skip(start + chunk)).ToList();
                if (await Fails(candidate))
                {
                    steps = candidate;
                    n = Math.Max(n - 1, 2);
                    reduced = true;
                    break;
                }
            }
            if (reduced) continue;
            if (n >= steps.Count) break;
            n = Math.Min(n * 2, steps.Count);
        }
        for (var i = 0; i < steps.Count && runs < budget; i++)
        {
            ModelStep? simpler = steps[i] switch
            {
                CycleStep { CrashAfter: > 0 } c => c with { CrashAfter = 0 },
                CycleStep { Decision: > 0 } c => c with { Decision = 0 },
                OfflineStep { Cycles: > 1 } o => o with { Cycles = 1 },
                _ => null,
            };
            if (simpler is null) continue;
            var candidate = steps.ToList();
            candidate[i] = simpler;
            if (await Fails(candidate))
            {
                steps = candidate;
                i--;
            }
        }
        var (last, shrunk) = await RunAsync(setup, steps, count: false);
        return $"  shrunk from {first.Resolved.Count} to {steps.Count} steps in {runs} replays; replay the seed with TANDEM_MODEL_SEED={seed}\n" +
               Story(setup, shrunk, last ?? error);
    }

    private static string Story(ModelSetup setup, ModelScenario run, Exception error)
    {
        var text = new StringBuilder();
        text.AppendLine("  " + setup.Describe());
        text.AppendLine(run.Story());
        text.AppendLine("  final:");
        text.AppendLine(run.FinalState());
        text.Append($"  => {KindOf(error)}: {error.Message}");
        return text.ToString();
    }

    public static string Report(IReadOnlyList<ModelFailure> failures)
    {
        var text = new StringBuilder();
        text.AppendLine($"{failures.Count} scenario(s) failed; by class: " + string.Join(", ", failures.GroupBy(f => f.Kind).Select(g => $"{g.Key} {g.Count()}")));
        text.AppendLine("failing seeds (replay one with TANDEM_MODEL_SEED=SEED): " + string.Join(" ", failures.Select(f => f.Seed)));
        foreach (var f in failures) text.AppendLine("  " + f.Headline);
        // an exception's stack says where it came from: once per class, the first of its seeds
        foreach (var f in failures.Where(f => f.Message.Contains('\n', StringComparison.Ordinal)).GroupBy(f => f.Kind).Select(g => g.First()))
            text.AppendLine($"seed {f.Seed} [{f.Kind}]:\n{f.Message}");
        foreach (var f in failures.Where(f => f.Story is not null))
        {
            text.AppendLine();
            text.AppendLine($"seed {f.Seed} [{f.Kind}] shrunk:");
            text.AppendLine(f.Story);
        }
        return text.ToString();
    }
}
