using System.Globalization;
using Tandem.Engine.Tests.Model;
using Xunit.Abstractions;

namespace Tandem.Engine.Tests;

/// <summary>
/// The model-based property test: thousands of random scenarios (TANDEM_MODEL_SCENARIOS, default 2,000;
/// TANDEM_MODEL_SEED replays one). A failure prints its seed and the scenario's story.
/// </summary>
public sealed class ModelBasedTests(ITestOutputHelper output)
{
    private const int Shards = 4;

    public static TheoryData<int> ShardIndexes() => new(Enumerable.Range(0, Shards));

    [Theory]
    [MemberData(nameof(ShardIndexes))]
    public async Task RandomScenarios_MembersConvergeWithoutDuplicatesOrLostEdits(int shard)
    {
        var only = Environment.GetEnvironmentVariable("TANDEM_MODEL_SEED");
        var total = int.TryParse(Environment.GetEnvironmentVariable("TANDEM_MODEL_SCENARIOS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 2000;
        var seeds = only is not null
            ? (shard == 0 ? [int.Parse(only, CultureInfo.InvariantCulture)] : [])
            : Enumerable.Range(0, total).Where(i => i % Shards == shard).Select(i => 7919 * i + 17).ToArray();
        foreach (var seed in seeds)
        {
            var scenario = new ModelScenario(seed);
            try
            {
                await scenario.RunAsync();
            }
            catch (Exception e) when (e is ModelViolation or InvalidOperationException or KeyNotFoundException or NullReferenceException or ArgumentException)
            {
                output.WriteLine(scenario.Describe());
                Assert.Fail($"scenario seed {seed} failed (replay with TANDEM_MODEL_SEED={seed}): {e}\n{scenario.Describe()}");
            }
        }
        output.WriteLine($"shard {shard}: {seeds.Length} scenarios passed");
    }
}
