using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.State;
using Tandem.State.Sqlite;

namespace Tandem.Engine.Tests.Fakes;

/// <summary>A real SQLite state file, an in-memory store behind connection "mem", and an engine over both.</summary>
internal sealed class EngineHarness : IAsyncDisposable
{
    public const string Group = "g";
    private readonly string _directory;

    private EngineHarness(string directory, ManualClock clock, FaultPlan faults)
    {
        _directory = directory;
        Clock = clock;
        Faults = faults;
        Memory = new MemoryStore(clock, faults);
    }

    public ManualClock Clock { get; }
    public FaultPlan Faults { get; }
    public MemoryStore Memory { get; }
    public IStateStore Store => Crashing;
    public CrashingStateStore Crashing { get; private set; } = null!;
    public SyncEngine Engine { get; private set; } = null!;
    public string DbPath => Path.Combine(_directory, "state.db");

    public static async Task<EngineHarness> CreateAsync(GroupDefinition group, FaultPlan? faults = null, bool completeListings = false)
    {
        // tmpfs when there is one: thousands of model scenarios would otherwise wait on fsync, not on the engine
        var root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
        var directory = Path.Combine(root, "tandem-engine-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var harness = new EngineHarness(directory, new ManualClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)), faults ?? new FaultPlan { Enabled = false });
        harness.Memory.CompleteListings = completeListings;
        await harness.OpenAsync();
        await harness.Store.AddConnectionAsync(new ConnectionDefinition("mem", "memory", new Dictionary<string, string>()), new Dictionary<string, string>(), default);
        await harness.Store.AddGroupAsync(group, default);
        return harness;
    }

    public static GroupDefinition Define(ItemKind kind, params (string Folder, MemberRole Role)[] members) => new()
    {
        Name = Group,
        Kind = kind,
        MassDeleteThreshold = 1,
        Members = members.Select(m => new MemberDefinition(FolderRef.Parse(m.Folder), m.Role)).ToValueList(),
    };

    public MemoryFolder Folder(string reference) => Memory.Folder(reference);

    public async Task OpenAsync()
    {
        var inner = await SqliteStateStore.OpenAsync(DbPath, Clock, default);
        Crashing = new CrashingStateStore(inner, Faults);
        var registry = new ConnectorRegistry();
        registry.Add(Memory);
        Engine = new SyncEngine(Store, registry, Clock, null);
    }

    /// <summary>The process died: drop everything in memory and start again from the database.</summary>
    public async Task RestartAsync()
    {
        await Store.DisposeAsync();
        await OpenAsync();
    }

    public Task<CycleReport> SyncAsync(bool dryRun = false) => Engine.SyncAsync(Group, new SyncOptions { DryRun = dryRun }, default);

    /// <summary>Cycles until one writes nothing (or the limit is reached); returns how many ran.</summary>
    public async Task<int> SettleAsync(int limit = 8)
    {
        for (var i = 1; i <= limit; i++)
        {
            Clock.Tick();
            var report = await SyncAsync();
            if (report.TotalWrites == 0 && !report.Paused) return i;
        }
        return limit + 1;
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
