using BenchmarkDotNet.Attributes;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Core.Sync;

namespace Tandem.Bench.Engine;

/// <summary>
/// The pure planner on a synced 3-member group: a cycle in which nothing changed, and one in which 1 % of the
/// items were edited in one member (hashing, fast-forward, fan-out of updates).
/// </summary>
[MemoryDiagnoser]
public class PlannerBenchmarks
{
    private GroupSyncState _state = null!;
    private MemberRead[] _quiet = null!;
    private MemberRead[] _edits = null!;
    private Dictionary<long, CanonicalItem> _snapshots = null!;
    private static readonly DateTimeOffset Now = new(2026, 4, 1, 0, 0, 0, TimeSpan.Zero);

    [Params(10_000, 100_000)]
    public int Items { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var members = Enumerable.Range(1, 3).Select(m => new SyncMember(m, new MemberDefinition(FolderRef.Parse($"c:m{m}/F"), MemberRole.TwoWay), "t")).ToList();
        var logical = new List<LogicalItem>(Items);
        var memberItems = new List<MemberItem>(Items * 3);
        _snapshots = [];
        var edited = new List<RemoteItem>();
        for (var i = 1; i <= Items; i++)
        {
            var contact = SampleContacts.Create(i);
            var hash = Hash128.Of(contact);
            logical.Add(new LogicalItem(i, 1, hash, false, Now, 1));
            foreach (var m in members) memberItems.Add(new MemberItem(i, m.Id, $"{m.Id}-{i}", "k", hash, 1, MemberItemStatus.Synced));
            if (i % 100 == 0)
            {
                _snapshots[i] = contact;
                edited.Add(new RemoteItem($"1-{i}", "k2", contact with { JobTitle = "Director" }, null, Now));
            }
        }
        var group = new GroupDefinition { Name = "g", Kind = ItemKind.Contact, Members = members.Select(m => m.Definition).ToValueList() };
        _state = new GroupSyncState(group, "uid", members, logical, memberItems, [], null, Items + 1);
        _quiet = members.Select(m => new MemberRead(m.Id, new ChangeSet([], [], "t2", false))).ToArray();
        _edits = [new MemberRead(1, new ChangeSet(edited, [], "t2", false)), _quiet[1], _quiet[2]];
    }

    [Benchmark(Baseline = true)]
    public SyncPlan NoChange() => SyncPlanner.Plan(new PlanInput(_state, _quiet, _snapshots, new Dictionary<(long, long), CanonicalItem>(), Now));

    [Benchmark]
    public SyncPlan OnePercentEdited() => SyncPlanner.Plan(new PlanInput(_state, _edits, _snapshots, new Dictionary<(long, long), CanonicalItem>(), Now));
}
