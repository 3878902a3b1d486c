using System.Diagnostics;
using System.Globalization;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine;
using Tandem.State.Sqlite;

namespace Tandem.Bench.Engine;

/// <summary>
/// <c>run engine-scale [--contacts N] [--members N]</c>: a two-way group of 3 members over an in-memory store
/// and the real SQLite state. One member starts with 100,000 contacts; the initial sync copies them to the
/// others, then a cycle in which nothing changed is timed (goal: under 1 s of engine time), the state file
/// is measured per member item (goal: under 300 bytes) and the peak working set reported (goal: under 300 MB).
/// </summary>
internal sealed class EngineScaleRun : WholeRun
{
    public override string Name => "engine-scale";

    public override string Description => "100,000 contacts x 3 two-way members in memory: initial sync, no-change cycle, state size, memory";

    public override async Task RunAsync(string[] args)
    {
        var contacts = IntOption(args, "--contacts", 100_000);
        var members = IntOption(args, "--members", 3);
        var dir = Path.Combine(Path.GetTempPath(), "tandem-bench-engine-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            var memory = new BenchMemoryStore();
            var first = memory.Get("mem:m0/Contacts");
            for (var i = 0; i < contacts; i++) first.Add(SampleContacts.Create(i));
            var statePath = Path.Combine(dir, "tandem.db");
            // the model test's store wrapper, faults off: it counts full state loads (at most one per cycle)
            await using var store = new Tandem.Engine.Tests.Fakes.CrashingStateStore(await SqliteStateStore.OpenAsync(statePath, TimeProvider.System, CancellationToken.None), new Tandem.Engine.Tests.Fakes.FaultPlan { Enabled = false });
            await store.AddConnectionAsync(new ConnectionDefinition("mem", "bench-memory", new Dictionary<string, string>()), new Dictionary<string, string>(), CancellationToken.None);
            await store.AddGroupAsync(new GroupDefinition
            {
                Name = "company",
                Kind = ItemKind.Contact,
                Members = Enumerable.Range(0, members).Select(m => new MemberDefinition(FolderRef.Parse($"mem:m{m}/Contacts"), MemberRole.TwoWay)).ToValueList(),
            }, CancellationToken.None);
            var registry = new ConnectorRegistry();
            registry.Add(memory);
            var engine = new SyncEngine(store, registry, TimeProvider.System, null);
            // the fake store lives in this process; what it holds is not the engine's
            GC.Collect();
            long baseline;
            using (var before = Process.GetCurrentProcess()) baseline = before.WorkingSet64;

            // where the peak happens: the working set sampled while each cycle runs
            var peaks = new double[4];
            var phase = 0;
            // the managed heap with its garbage, sampled beside the working set: what the collector lets pile up
            long heapPeak = 0;
            var collectionsBefore = Collections();
            var pausedBefore = GC.GetTotalPauseDuration();
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                using var me = Process.GetCurrentProcess();
                while (!sampling.IsCancellationRequested)
                {
                    me.Refresh();
                    var index = Volatile.Read(ref phase);
                    peaks[index] = Math.Max(peaks[index], me.WorkingSet64 / 1048576.0);
                    heapPeak = Math.Max(heapPeak, GC.GetTotalMemory(forceFullCollection: false));
                    await Task.Delay(10).ConfigureAwait(false);
                }
            });
            double initialCpu;
            var clock = Stopwatch.StartNew();
            CycleReport initial;
            using (var cpu = Process.GetCurrentProcess())
            {
                var cpuBefore = cpu.TotalProcessorTime;
                initial = await engine.SyncAsync("company", SyncOptions.Default, CancellationToken.None);
                cpu.Refresh();
                initialCpu = (cpu.TotalProcessorTime - cpuBefore).TotalSeconds;
            }
            var loads = new List<int> { store.StateLoads };
            var initialSeconds = clock.Elapsed.TotalSeconds;
            var quietTimes = new List<double>();
            var quietCpu = new List<double>();
            CycleReport? quiet = null;
            var fastPaths = new List<bool>();
            for (var i = 0; i < 3; i++)
            {
                using var cpu = Process.GetCurrentProcess();
                var cpuBefore = cpu.TotalProcessorTime;
                clock.Restart();
                var before = store.StateLoads;
                Volatile.Write(ref phase, i + 1);
                quiet = await engine.SyncAsync("company", SyncOptions.Default, CancellationToken.None);
                loads.Add(store.StateLoads - before);
                quietTimes.Add(clock.Elapsed.TotalSeconds);
                fastPaths.Add(quiet.FastPath);
                cpu.Refresh();
                quietCpu.Add((cpu.TotalProcessorTime - cpuBefore).TotalSeconds);
            }
            await sampling.CancelAsync();
            await sampler;
            var collections = Collections().Zip(collectionsBefore, (after, before) => after - before).ToList();
            var paused = GC.GetTotalPauseDuration() - pausedBefore;
            // the engine's cycles end here; what follows re-runs a load and a plan outside the engine, to time them
            long enginePeak;
            using (var afterCycles = Process.GetCurrentProcess()) enginePeak = afterCycles.PeakWorkingSet64;
            // the copies the initial sync wrote live in the benchmark's in-memory store, in this process: weighed by
            // dropping them (the engine keeps nothing between cycles), so they are not counted as the engine's share
            var storeGrowth = StoreGrowth(memory, members);
            // where a no-change cycle's time goes: loading the state, and the pure planning
            clock.Restart();
            var state = await store.LoadGroupStateAsync("company", CancellationToken.None);
            var loadSeconds = clock.Elapsed.TotalSeconds;
            var reads = state.Members.Select(m => new Tandem.Core.Sync.MemberRead(m.Id, new Tandem.Core.Connectors.ChangeSet([], [], m.Token ?? "0", false))).ToList();
            clock.Restart();
            var needs = Tandem.Engine.Phases.SnapshotNeeds.Compute(state, reads);
            var needsSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var empty = new Dictionary<long, CanonicalItem>();
            Tandem.Core.Sync.SyncPlanner.Plan(new Tandem.Core.Sync.PlanInput(state, reads, empty, new Dictionary<(long, long), CanonicalItem>(), DateTimeOffset.UnixEpoch));
            var planSeconds = clock.Elapsed.TotalSeconds;
            await store.DisposeAsync(); // checkpoints the WAL into the file measured below

            var stateBytes = new[] { statePath, statePath + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
            var memberItems = (long)contacts * members;
            using var self = Process.GetCurrentProcess();
            Console.WriteLine($"engine-scale: {contacts:N0} contacts, {members} two-way members (in-memory store, SQLite state)");
            Console.WriteLine($"  initial sync      {initialSeconds,8:0.00} s   ({initial.TotalWrites:N0} creates; CPU time {initialCpu:0.00} s)");
            Console.WriteLine($"  no-change cycle   {quietTimes.Min(),8:0.000} s   (3 cycles: {string.Join(", ", quietTimes.Select(t => t.ToString("0.000", CultureInfo.InvariantCulture)))}; the first also reads back the echoes of the initial creates; goal < 1 s; {quiet!.TotalWrites} writes)");
            Console.WriteLine($"                    converged fast path (state not loaded): {string.Join(", ", fastPaths.Select(f => f ? "yes" : "no"))}");
            Console.WriteLine($"  full state loads  {string.Join(", ", loads)}   (initial sync, then each no-change cycle; goal: at most 1 per cycle)");
            Console.WriteLine($"                    CPU time of those cycles: {string.Join(", ", quietCpu.Select(t => t.ToString("0.000", CultureInfo.InvariantCulture)))} s (a loaded machine stretches wall time, not CPU time)");
            Console.WriteLine($"    a full cycle    load state {loadSeconds:0.000} s, snapshot needs {needsSeconds:0.000} s ({needs.Current.Count} ids), plan {planSeconds:0.000} s");
            Console.WriteLine($"  state             {stateBytes / (double)memberItems,8:0.0} bytes per member item ({stateBytes:N0} bytes incl. snapshots, {memberItems:N0} member items; goal < 300)");
            Console.WriteLine($"  peak working set  {enginePeak / 1048576.0,8:0.0} MB   (through the engine's cycles; the in-memory store with its items alone: {baseline / 1048576.0:0.0} MB)");
            Console.WriteLine($"                    the store's growth (the copies written into it): {storeGrowth / 1048576.0:0.0} MB; engine share {(enginePeak - baseline - storeGrowth) / 1048576.0:0.0} MB (goal < 200 MB); both together {(enginePeak - baseline) / 1048576.0:0.0} MB");
            Console.WriteLine($"                    the whole run, with the timed load and plan above stacked on the cycles' leftovers: {self.PeakWorkingSet64 / 1048576.0:0.0} MB ({(self.PeakWorkingSet64 - baseline) / 1048576.0:0.0} MB above the store at the start, its growth included)");
            Console.WriteLine($"                    sampled peak during the initial sync {peaks[0] - baseline / 1048576.0:0.0} MB above the store at the start (its growth included), during the no-change cycles {peaks.Skip(1).Max() - baseline / 1048576.0:0.0} MB");
            Console.WriteLine($"  garbage collector {CollectorMode()}: {collections[0]:N0} gen0 / {collections[1]:N0} gen1 / {collections[2]:N0} gen2 collections through the cycles, {paused.TotalSeconds:0.00} s paused; managed heap, garbage included, up to {heapPeak / 1048576.0:0.0} MB");
            if (initial.TotalWrites != (long)contacts * (members - 1) || quiet.TotalWrites != 0 || initial.HasErrors)
                Console.WriteLine($"  WARNING: expected {contacts * (members - 1)} creates and quiet cycles; got {initial.TotalWrites} and {quiet.TotalWrites}");
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
        }
    }

    private static int[] Collections() => [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];

    /// <summary>
    /// The collector the run measured (the product's, from the runtimeconfig): the engine share above depends on it — the
    /// non-concurrent one collects gen1 far less often and let the share reach 200–258 MB against 124–137 MB.
    /// </summary>
    private static string CollectorMode()
    {
        if (System.Runtime.GCSettings.IsServerGC) return "(server)";
        var concurrent = AppContext.GetData("System.GC.Concurrent") is not { } value || string.Equals(value.ToString(), "true", StringComparison.OrdinalIgnoreCase);
        return concurrent ? "(workstation, background)" : "(workstation, non-concurrent)";
    }

    /// <summary>Managed bytes the receiving members' folders hold: the heap with them, less the heap once they are dropped.</summary>
    private static long StoreGrowth(BenchMemoryStore memory, int members)
    {
        var with = GC.GetTotalMemory(forceFullCollection: true);
        for (var m = 1; m < members; m++) memory.Forget($"mem:m{m}/Contacts");
        return Math.Max(0, with - GC.GetTotalMemory(forceFullCollection: true));
    }
}
