using System.Diagnostics;
using System.Globalization;
using Tandem.Engine.Tests.Model;
using Tandem.Testing;
using Tandem.Core.Groups;
using Xunit.Abstractions;

namespace Tandem.Engine.Tests;

/// <summary>
/// The model-based property test: random scenarios (TANDEM_MODEL_SCENARIOS, default 400: 14–32 s on 2 shared cores,
/// measured, within CI's 60 s; the long sweep is
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
        output.WriteLine(ModelScenario.StepSummary());
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

/// <summary>
/// Hand-written stories, replayed by the same runner and oracle as the random scenarios: the defects found by the
/// whole-process runs (issue 7), so the oracle is known to see them, and the engine's fix has a short test each.
/// </summary>
public sealed class ModelStoryTests(ITestOutputHelper output)
{
    private static readonly ModelSetup SourceTwoWayTarget = new(1, [Core.Groups.MemberRole.Source, Core.Groups.MemberRole.TwoWay, Core.Groups.MemberRole.Target], Core.Groups.ConflictPolicy.Newest, -1, 1, false, 0);
    private static readonly ModelSetup TwoWayPair = new(2, [Core.Groups.MemberRole.TwoWay, Core.Groups.MemberRole.TwoWay], Core.Groups.ConflictPolicy.Newest, -1, 1, false, 0);
    private static readonly ModelSetup SourceTarget = new(3, [Core.Groups.MemberRole.Source, Core.Groups.MemberRole.Target], Core.Groups.ConflictPolicy.Newest, -1, 1, false, 0);
    private static readonly ModelSetup SourceTwoWayPriority = new(4, [Core.Groups.MemberRole.Source, Core.Groups.MemberRole.TwoWay], Core.Groups.ConflictPolicy.Priority, 1, 1, false, 0);

    public static TheoryData<string> Stories => new(StoryNames);

    private static readonly string[] StoryNames =
    [
        "source-delete-after-two-way-edit", "delete-fresh-copy-two-way", "delete-fresh-copy-target", "source-edit-after-priority-edit",
        "target-copy-matched-when-a-rejoining-member-brings-it", "target-copy-matched-complete-listings", "deletion-holds-when-a-source-rejoins-as-two-way",
        "deletion-holds-when-a-member-rejoins-as-target-after-a-crash", "unchanged-save-dates-an-unread-edit",
    ];

    private static readonly ModelSetup SourceTwoWayTargetNewest = new(5, [MemberRole.Source, MemberRole.TwoWay, MemberRole.Target], ConflictPolicy.Newest, -1, 1, false, 0);

    private static (ModelSetup, List<ModelStep>) Story(string name) => name switch
    {
        // pub (source), a (two-way), r (target): sync; edit in a, sync; delete in pub → gone from a and r
        "source-delete-after-two-way-edit" => (SourceTwoWayTarget, [new CreateStep(0, "K0", "v0"), new CycleStep(0, 0), new EditStep(1, 0, "Notes", "v1", "K0"), new CycleStep(0, 0), new DeleteStep(0, 0, "K0"), new CycleStep(0, 0)]),
        // a and c two-way: a creates new1 and deletes x1, sync; c deletes its copy of new1, sync → gone from a
        "delete-fresh-copy-two-way" => (TwoWayPair, [new CreateStep(0, "K0", "v0"), new CycleStep(0, 0), new CreateStep(0, "K1", "v1"), new DeleteStep(0, 0, "K0"), new CycleStep(0, 0), new DeleteStep(1, 0, "K1"), new CycleStep(0, 0)]),
        // a source adds one contact and deletes another, sync; the user deletes the new copy in the target → restored
        "delete-fresh-copy-target" => (SourceTarget, [new CreateStep(0, "K0", "v0"), new CycleStep(0, 0), new CreateStep(0, "K1", "v1"), new DeleteStep(0, 0, "K0"), new CycleStep(0, 0), new DeleteStep(1, 0, "K1"), new CycleStep(0, 0)]),
        // the priority member's edit is taken in; the source's later edit is not concurrent with it and must win
        "source-edit-after-priority-edit" => (SourceTwoWayPriority, [new CreateStep(0, "K0", "v0"), new CycleStep(0, 0), new EditStep(1, 0, "Notes", "v1", "K0"), new CycleStep(0, 0), new EditStep(0, 0, "JobTitle", "v2", "K0"), new CycleStep(0, 0)]),
        // a target holds its own K2 that matched nothing (its original's member left first); the member comes back as a
        // target, then the target becomes two-way: K2 enters the group and must be matched in the other target, not copied
        "target-copy-matched-when-a-rejoining-member-brings-it" => (new(1888551222, [MemberRole.TwoWay, MemberRole.Target, MemberRole.TwoWay], ConflictPolicy.Merge, -1, 0.3, false, 0),
            [new CreateStep(0, "K2", "v2"), new CopyStep(1, "K2"), new ChangeRoleStep(0, MemberRole.Target), new CycleStep(0, 0), new ChangeRoleStep(1, MemberRole.TwoWay)]),
        // the same with complete listings (local folders)
        "target-copy-matched-complete-listings" => (new(1501702384, [MemberRole.Target, MemberRole.TwoWay, MemberRole.Target, MemberRole.TwoWay], ConflictPolicy.Newest, -1, 1, true, 0.1),
            [new CreateStep(3, "K3", "v3"), new CopyStep(2, "K3"), new ChangeRoleStep(3, MemberRole.Target), new CycleStep(0, 0), new ChangeRoleStep(3, MemberRole.TwoWay)]),
        // a two-way member deletes a source's item (the source keeps its copy); the source re-added as two-way does not bring it back
        "deletion-holds-when-a-source-rejoins-as-two-way" => (SourceTwoWayTargetNewest,
            [new CreateStep(0, "K0", "v0"), new CycleStep(0, 0), new DeleteStep(1, 0, "K0"), new CycleStep(0, 0), new ChangeRoleStep(0, MemberRole.TwoWay)]),
        // the deletion is committed, the process dies before it reaches m0, which is re-added as a target holding its old copy
        "deletion-holds-when-a-member-rejoins-as-target-after-a-crash" => (new(67457259, [MemberRole.TwoWay, MemberRole.TwoWay, MemberRole.TwoWay, MemberRole.TwoWay], ConflictPolicy.Newest, -1, 1, true, 0),
            [new CreateStep(3, "K1", "v1"), new CopyStep(0, "K1"), new CycleStep(0, 0), new DeleteStep(1, 0, "K1"), new CycleStep(CrashAfterCommit, 0), new ChangeRoleStep(0, MemberRole.Target)]),
        // m3 edits, m0 edits later, m3 saves its edited copy again unchanged before any cycle: the store dates m3's edit by
        // that save, so newest rightly picks it (the oracle dates it the same way)
        "unchanged-save-dates-an-unread-edit" => (new(265415806, [MemberRole.TwoWay, MemberRole.TwoWay, MemberRole.Source, MemberRole.TwoWay], ConflictPolicy.Newest, -1, 1, false, 0.1),
            [new CreateStep(3, "K2", "v2"), new CycleStep(0, 0), new EditStep(3, 0, "JobTitle", "hidden", "K2"), new EditStep(0, 0, "Surname", "v10", "K2"), new EditStep(3, 0, "JobTitle", "hidden", "K2")]),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    /// <summary>The fault step just after the plan's commit in the crashed cycle of the stories above (their second cycle).</summary>
    private const int CrashAfterCommit = 6;

    [Theory]
    [MemberData(nameof(Stories))]
    public async Task KnownStory_FollowsTheWrittenRules(string name)
    {
        var (setup, steps) = Story(name);
        var (error, run) = await ModelSweep.RunAsync(setup, steps, count: false);
        output.WriteLine(run.Story());
        output.WriteLine(run.FinalState());
        Assert.True(error is null, $"{name}: {error?.Message}\n{run.Story()}\n{run.FinalState()}");
    }
}
