using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tandem.Cli;
using Tandem.Cli.Ews;
using Tandem.Connectors.Ews;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine;
using Tandem.Lab;
using Tandem.Service;
using Tandem.State;
using Tandem.State.Cluster;
using Tandem.Testing.Ews;
using Tandem.Testing.Net;
using Tandem.Testing.Servers;

namespace Tandem.Bench.Service;

/// <summary>
/// <c>run cluster-fanout [--mailboxes 200] [--contacts 100] [--groups 20] [--nodes 1,2,3] [--max-concurrency 8]</c>: the initial fan-out of G
/// groups (a source mailbox's Contacts into the group's other mailboxes) by 1, 2 and 3 `tandem serve` processes on one
/// PostgreSQL (the test server, started as the tests start it), and by one node on SQLite for comparison. Reports
/// items/s, each node's CPU and peak memory, the failover time after a SIGKILL (3 nodes), and the cost of a cycle in
/// which nothing changed on PostgreSQL vs SQLite. The lab runs in this process and is shared by every node.
/// The connection's per-server limit (<c>--max-concurrency</c>, the connector's default 8) is shared by the nodes, as it is
/// against a real Exchange server: with the default, more nodes cannot send more requests at once, so a higher limit is what
/// shows whether the nodes themselves scale.
/// </summary>
internal sealed class ClusterFanOutRun : WholeRun
{
    public override string Name => "cluster-fanout";

    public override string Description => "fan-out by 1, 2, 3 serve nodes on PostgreSQL (and 1 on SQLite), failover, no-change cycle cost";

    public override async Task RunAsync(string[] args)
    {
        var mailboxes = IntOption(args, "--mailboxes", 200);
        var contacts = IntOption(args, "--contacts", 100);
        var groups = IntOption(args, "--groups", 20);
        var maxConcurrency = IntOption(args, "--max-concurrency", 8);
        var nodeCounts = args.SkipWhile(a => a != "--nodes").Skip(1).FirstOrDefault()?.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture)).ToArray() ?? [1, 2, 3];
        var pg = await PostgresServer.SharedAsync();
        if (pg.SkipReason is not null)
        {
            Console.WriteLine("cannot run: " + pg.SkipReason);
            Environment.ExitCode = 1;
            return;
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{groups} groups, {mailboxes} mailboxes ({mailboxes / groups} per group: 1 source + {mailboxes / groups - 1} targets), {contacts} contacts per source = {groups * (mailboxes / groups - 1) * contacts} writes; per-server limit {maxConcurrency} shared by the nodes; {Environment.ProcessorCount} cores"));
        double? single = null;
        foreach (var nodes in nodeCounts)
        {
            var rate = await FanOutAsync(pg, await pg.CreateDatabaseAsync("bench"), nodes, mailboxes, contacts, groups, measureIdle: nodes == 1, failover: nodes >= 2 && nodes == nodeCounts.Max(), maxConcurrency);
            single ??= nodes == 1 ? rate : null;
            if (single is { } one && nodes > 1) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  scaling: {rate / one:F2}x the single node"));
        }
        var dir = Path.Combine(Path.GetTempPath(), "tandem-bench-cluster-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        try
        {
            await FanOutAsync(pg, Path.Combine(dir, "tandem.db"), 1, mailboxes, contacts, groups, measureIdle: true, failover: false, maxConcurrency);
        }
        finally
        {
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // temp is cleaned eventually
            }
        }
    }

    private static async Task<double> FanOutAsync(PostgresServer pg, string state, int nodes, int mailboxes, int contacts, int groups, bool measureIdle, bool failover, int maxConcurrency)
    {
        var ct = CancellationToken.None;
        var perGroup = mailboxes / groups;
        var label = StateStoreFactory.IsPostgres(state) ? $"PostgreSQL, {nodes} node(s)" : "SQLite, 1 node";
        await using var lab = await LabServer.StartAsync(new LabOptions { Urls = "http://127.0.0.1:0", Seed = "empty" }, ct);
        var users = Enumerable.Range(1, groups * perGroup).Select(i => $"c{i:D4}@lab.test").ToList();
        foreach (var user in users) lab.AddMailbox(user);
        var connectionSettings = new EwsConnectionInput { Url = lab.EwsUrl.ToString(), User = LabUsers.ServiceAccount, PasswordFromStdin = true, Impersonation = true }.ToSettings();
        connectionSettings[EwsSettingKeys.MaxConcurrency] = maxConcurrency.ToString(CultureInfo.InvariantCulture);
        var connection = new ConnectionDefinition("lab", EwsSettingKeys.ConnectionType, connectionSettings);
        var secrets = new Dictionary<string, string> { [EwsSettingKeys.PasswordSecret] = LabUsers.Password };
        using var ews = new LabEwsClient(lab.EwsUrl);
        await using (var store = await StateStoreFactory.OpenAsync(state, TimeProvider.System, _ => null, ct))
        {
            await store.AddConnectionAsync(connection, secrets, ct);
            for (var g = 0; g < groups; g++)
            {
                var owner = users[g * perGroup];
                var folder = await ews.FolderIdAsync(owner, "Contacts", false, ct) ?? throw new InvalidOperationException("no Contacts folder");
                for (var start = 0; start < contacts; start += 250)
                {
                    var xml = new StringBuilder();
                    for (var i = start; i < Math.Min(contacts, start + 250); i++) xml.Append(LabContacts.Xml((g * 10_000) + i));
                    await ews.CreateAsync(owner, folder, xml.ToString(), ct);
                }
                var name = $"g{g:D3}";
                await store.AddGroupAsync(new GroupDefinition { Name = name, Kind = ItemKind.Contact }, ct);
                await store.AddMemberAsync(name, new MemberDefinition(FolderRef.Parse($"lab:{owner}/Contacts"), MemberRole.Source), ct);
                for (var t = 1; t < perGroup; t++)
                    await store.AddMemberAsync(name, new MemberDefinition(FolderRef.Parse($"lab:{users[(g * perGroup) + t]}/Contacts/Company"), MemberRole.Target), ct);
            }
        }
        var seeded = lab.ItemCount;
        var total = groups * (perGroup - 1) * contacts;
        var processes = new List<Process>();
        double rate;
        try
        {
            var serverCpu = ServerCpu(pg);
            var labCpu = Process.GetCurrentProcess().TotalProcessorTime;
            var machine = new MachineLoad();
            var clock = Stopwatch.StartNew();
            for (var n = 0; n < nodes; n++) processes.Add(StartNode(state, $"node{n}"));
            TimeSpan? first = null;

            // Each node is a fresh process that pays its start-up and JIT; the second half of the writes shows the steady cost.
            (TimeSpan Nodes, TimeSpan Lab, TimeSpan Postgres) CpuNow() =>
                (processes.Aggregate(TimeSpan.Zero, (sum, p) => sum + Usage(p.Id).Cpu), Process.GetCurrentProcess().TotalProcessorTime, ServerCpu(pg));
            (int Items, TimeSpan At, (TimeSpan Nodes, TimeSpan Lab, TimeSpan Postgres) Cpu)? half = null;
            while (lab.ItemCount - seeded < total)
            {
                if (first is null && lab.ItemCount > seeded) first = clock.Elapsed;
                if (half is null && lab.ItemCount - seeded >= total / 2) half = (lab.ItemCount - seeded, clock.Elapsed, CpuNow());
                if (clock.Elapsed > TimeSpan.FromMinutes(20)) throw new TimeoutException($"{label}: only {lab.ItemCount - seeded} of {total} written after 20 min");
                if (processes.FirstOrDefault(p => p.HasExited) is { } dead) throw new InvalidOperationException($"{label}: a node exited with {dead.ExitCode}");
                machine.Sample();
                await Task.Delay(200, ct);
            }
            var done = clock.Elapsed;
            var end = CpuNow();
            var labUsed = Process.GetCurrentProcess().TotalProcessorTime - labCpu;
            var load = machine.Result();
            var writing = done - (first ?? TimeSpan.Zero);
            rate = total / writing.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{label}: {total} writes in {writing.TotalSeconds:F1} s from the first write = {rate:F0} items/s ({done.TotalSeconds:F1} s from process start)"));
            var nodesCpu = TimeSpan.Zero;
            foreach (var (p, n) in processes.Select((p, n) => (p, n)))
            {
                var (cpu, peak) = Usage(p.Id);
                nodesCpu += cpu;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  node{n}: CPU {cpu.TotalSeconds:F1} s ({100 * cpu.TotalSeconds / done.TotalSeconds:F0} % of a core over the run), peak RSS {peak / 1024} MB"));
            }
            var pgUsed = ServerCpu(pg) - serverCpu;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  PostgreSQL server (every backend): CPU {pgUsed.TotalSeconds:F1} s ({100 * pgUsed.TotalSeconds / done.TotalSeconds:F0} % of a core over the run)"));
            var self = Process.GetCurrentProcess();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  lab (+ bench) process: CPU {labUsed.TotalSeconds:F1} s over the run ({100 * labUsed.TotalSeconds / done.TotalSeconds:F0} % of a core), working set {self.WorkingSet64 / 1048576} MB"));

            // On a shared machine the rate says little by itself; CPU per item says what each part costs given cores.
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  CPU per item written (whole run, start-up included): nodes together {1000 * nodesCpu.TotalSeconds / total:F2} ms, lab {1000 * labUsed.TotalSeconds / total:F2} ms, PostgreSQL {1000 * pgUsed.TotalSeconds / total:F2} ms"));
            if (half is { } h && total > h.Items)
            {
                var items = total - h.Items;
                var seconds = (done - h.At).TotalSeconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  second half ({items} writes in {seconds:F1} s = {items / seconds:F0} items/s), CPU per item: nodes together {1000 * (end.Nodes - h.Cpu.Nodes).TotalSeconds / items:F2} ms, lab {1000 * (end.Lab - h.Cpu.Lab).TotalSeconds / items:F2} ms, PostgreSQL {1000 * (end.Postgres - h.Cpu.Postgres).TotalSeconds / items:F2} ms; cores used: nodes {(end.Nodes - h.Cpu.Nodes).TotalSeconds / seconds:F2}, lab {(end.Lab - h.Cpu.Lab).TotalSeconds / seconds:F2}, PostgreSQL {(end.Postgres - h.Cpu.Postgres).TotalSeconds / seconds:F2}"));
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  machine: {100 * load.BusyShare:F0} % of its {Environment.ProcessorCount} cores busy over the run ({load.BusyCores:F2} cores; ours {(nodesCpu + labUsed + pgUsed).TotalSeconds / done.TotalSeconds:F2}), load average mean {load.MeanLoad:F1}, peak {load.PeakLoad:F1}"));
            if (failover) await FailoverAsync(state, processes);
        }
        finally
        {
            foreach (var p in processes) Stop(p);
        }
        if (measureIdle) await NoChangeCycleAsync(pg, state, label, groups);
        return rate;
    }

    private static Process StartNode(string state, string node)
    {
        var info = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "tandem.dll"), "--state", state, "serve", "--node", node, "--listen", $"http://127.0.0.1:{LoopbackPort.Free()}", "--poll-seconds", "30" })
            info.ArgumentList.Add(a);
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start a node");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[{node}] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Stop(Process process)
    {
        if (process.HasExited) return;
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })) kill?.WaitForExit();
        if (!process.WaitForExit(40_000)) process.Kill(entireProcessTree: true);
    }

    /// <summary>
    /// CPU time of the test PostgreSQL server so far: the postmaster's own and its ended backends' (accumulated in it when
    /// reaped), plus the live backends'. Zero when it cannot be read.
    /// </summary>
    private static TimeSpan ServerCpu(PostgresServer pg)
    {
        try
        {
            var postmaster = int.Parse(File.ReadLines(Path.Combine(pg.Directory, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            long ticks = 0;
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), CultureInfo.InvariantCulture, out var pid)) continue;
                string stat;
                try
                {
                    stat = File.ReadAllText(Path.Combine(dir, "stat"));
                }
                catch (IOException)
                {
                    continue; // ended meanwhile
                }
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid != postmaster && parent != postmaster) continue;
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                if (pid == postmaster) ticks += long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture);
            }
            return TimeSpan.FromSeconds(ticks / 100.0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>CPU time and peak resident memory (kB) of a process, from /proc.</summary>
    private static (TimeSpan Cpu, long PeakKb) Usage(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        var peak = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) : 0;
        return (TimeSpan.FromSeconds(ticks / 100.0), peak);
    }

    /// <summary>SIGKILLs the node holding the most groups and times until every group is leased by a live node again.</summary>
    private static async Task FailoverAsync(string state, List<Process> processes)
    {
        await using var store = await StateStoreFactory.OpenAsync(state, TimeProvider.System, _ => null, CancellationToken.None);
        var leases = (ILeaseStore)store;
        var held = (await leases.ListLeasesAsync(CancellationToken.None)).Where(l => l.Owner is not null).ToList();
        var victim = held.GroupBy(l => l.Owner!).OrderByDescending(g => g.Count()).First();
        var index = int.Parse(victim.Key["node".Length..], CultureInfo.InvariantCulture);
        processes[index].Kill();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var now = await leases.ListLeasesAsync(CancellationToken.None);
            if (now.All(l => l.Owner is not null && l.Owner != victim.Key && l.ExpiresIn > TimeSpan.Zero)) break;
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException("failover took over 2 min");
            await Task.Delay(100);
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  failover: {victim.Count()} groups of the SIGKILLed {victim.Key} leased by the other nodes {clock.Elapsed.TotalSeconds:F1} s after the kill (lease 15 s, rounds 5 s)"));
    }

    /// <summary>In this process, on the converged state: every group's cycle in which nothing changed, three rounds, median.</summary>
    private static async Task NoChangeCycleAsync(PostgresServer pg, string state, string label, int groups)
    {
        var database = StateStoreFactory.IsPostgres(state) ? state[(state.LastIndexOf('/') + 1)..] : null;
        var before = database is null ? null : await DatabaseStatsAsync(pg, database);
        var ct = CancellationToken.None;
        await using var store = await StateStoreFactory.OpenAsync(state, TimeProvider.System, _ => null, ct);
        var context = new CliContext(TextWriter.Null, Console.Error, TimeProvider.System, _ => null);
        var engine = context.CreateEngine(store);
        var rounds = new List<double>();
        var quiet = 0;
        for (var round = 0; round < 4; round++)
        {
            var clock = Stopwatch.StartNew();
            var writes = 0;
            for (var g = 0; g < groups; g++)
            {
                var report = await engine.SyncAsync($"g{g:D3}", SyncOptions.Default, ct);
                writes += report.TotalWrites;
                if (report.FastPath) quiet++;
            }
            if (round > 0) rounds.Add(clock.Elapsed.TotalMilliseconds / groups);
            if (writes > 0 && round > 0) Console.WriteLine($"  (round {round} still wrote {writes})");
        }
        rounds.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  no-change cycle ({label} state): {rounds[rounds.Count / 2]:F1} ms per group (median of 3 rounds over {groups} groups, EWS reads included); {quiet} of {4 * groups} cycles took the quiet path"));
        if (database is not null && before is { } b && await DatabaseStatsAsync(pg, database) is { } a)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  database work per group cycle: {(a[0] - b[0]) / (4.0 * groups):F1} commits (each read outside a transaction counts as one), {(a[1] - b[1]) / (4.0 * groups):F0} rows read, {(a[2] - b[2]) / (4.0 * groups):F0} rows written"));
    }

    /// <summary>Commits, rows returned and rows written of a database so far (pg_stat_database; its counters lag by up to half a second).</summary>
    private static async Task<long[]> DatabaseStatsAsync(PostgresServer pg, string database)
    {
        await Task.Delay(700);
        var line = await pg.QueryAsync(database, $"SELECT xact_commit || ' ' || tup_returned || ' ' || (tup_inserted + tup_updated + tup_deleted) FROM pg_stat_database WHERE datname = '{database}'");
        return [.. line.Split(' ').Select(v => long.Parse(v, CultureInfo.InvariantCulture))];
    }
}
