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

    // tmpfs when there is one: thousands of model scenarios would otherwise wait on fsync, not on the engine
    private static readonly string Root = Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath();
    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    public static async Task<EngineHarness> CreateAsync(GroupDefinition group, FaultPlan? faults = null, bool completeListings = false)
    {
        var directory = Path.Combine(Root, "tandem-engine-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        // every harness starts from the same database (schema migrated, connection "mem" added): copied, not built again —
        // the migrations were a tenth of a model scenario's time, and they are the state tests' subject, not these tests'
        foreach (var file in Directory.GetFiles(await TemplateAsync())) File.Copy(file, Path.Combine(directory, Path.GetFileName(file)));
        var harness = new EngineHarness(directory, new ManualClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)), faults ?? new FaultPlan { Enabled = false });
        harness.Memory.CompleteListings = completeListings;
        await harness.OpenAsync();
        await harness.Store.AddGroupAsync(group, default);
        return harness;
    }

    /// <summary>The directory of the template database (and its key file), made once per process and removed at its exit.</summary>
    private static async Task<string> TemplateAsync()
    {
        if (_template is { } ready) return ready;
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is not null) return _template;
            var directory = Path.Combine(Root, "tandem-engine-template-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(directory);
            var store = await SqliteStateStore.OpenAsync(Path.Combine(directory, "state.db"), new ManualClock(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)), default);
            await using (store)
            {
                await store.AddConnectionAsync(new ConnectionDefinition("mem", "memory", new Dictionary<string, string>()), new Dictionary<string, string>(), default);
            }
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(directory, recursive: true);
            return _template = directory;
        }
        finally
        {
            TemplateGate.Release();
        }
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
