using System.Diagnostics;
using System.Globalization;
using Tandem.Cli;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Service;
using Tandem.Service.Runtime;
using Tandem.State.Sqlite;
using Tandem.Testing.Net;

namespace Tandem.Bench.Service;

/// <summary>
/// <c>run service-groups [--groups 200]</c>: memory of a `tandem serve` holding N idle groups (local folders, a source and
/// a target of 20 contacts each, every folder watched), measured once every group has run its first cycle and is idle.
/// </summary>
internal sealed class ServiceGroupsRun : WholeRun
{
    public override string Name => "service-groups";

    public override string Description => "memory of tandem serve holding 200 idle groups";

    public override async Task RunAsync(string[] args)
    {
        var groups = IntOption(args, "--groups", 200);
        var dir = Path.Combine(Path.GetTempPath(), "tandem-bench-groups-" + Guid.NewGuid().ToString("N")[..8]);
        var root = Path.Combine(dir, "files");
        Directory.CreateDirectory(root);
        var ct = CancellationToken.None;
        try
        {
            var state = Path.Combine(dir, "tandem.db");
            await using (var store = await SqliteStateStore.OpenAsync(state, TimeProvider.System, ct))
            {
                await store.AddConnectionAsync(new ConnectionDefinition("files", "local", new Dictionary<string, string> { ["root"] = root }), new Dictionary<string, string>(), ct);
                for (var g = 0; g < groups; g++)
                {
                    var name = "g" + g.ToString("D3", CultureInfo.InvariantCulture);
                    var source = Path.Combine(root, "public", name);
                    Directory.CreateDirectory(source);
                    for (var i = 0; i < 20; i++)
                        await File.WriteAllTextAsync(Path.Combine(source, $"c{i}.vcf"), $"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person {i} of {name}\r\nN:{name};Person {i};;;\r\nEND:VCARD\r\n", ct);
                    await store.AddGroupAsync(new GroupDefinition { Name = name, Kind = ItemKind.Contact }, ct);
                    await store.AddMemberAsync(name, new MemberDefinition(FolderRef.Parse($"files:public/{name}"), MemberRole.Source), ct);
                    await store.AddMemberAsync(name, new MemberDefinition(FolderRef.Parse($"files:user{g % 50}/{name}"), MemberRole.Target), ct);
                }
            }
            var before = Environment.WorkingSet;
            using var stop = new CancellationTokenSource();
            var port = LoopbackPort.Free();
            var context = new CliContext(TextWriter.Null, Console.Error, TimeProvider.System, _ => null);
            var clock = Stopwatch.StartNew();
            var service = Task.Run(() => ServiceHost.RunAsync(new ServiceSettings { StatePath = state, Listen = $"http://127.0.0.1:{port}" },
                [.. context.ConnectorFactories], TimeProvider.System, _ => null, stop.Token), ct);
            using var http = new HttpClient();
            while (true)
            {
                try
                {
                    using var ready = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/health/ready"), ct);
                    if (ready.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                await Task.Delay(500, ct);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{groups} groups ready (first cycles done) in {clock.Elapsed.TotalSeconds:F1} s"));
            await Task.Delay(TimeSpan.FromSeconds(15), ct);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var idle = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            var cpuPercent = 100 * (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds / idle.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"idle service with {groups} groups: working set {Environment.WorkingSet / 1048576} MB (before start {before / 1048576} MB), managed heap {GC.GetTotalMemory(false) / 1048576} MB, CPU {cpuPercent:F2} % of a core"));
            await stop.CancelAsync();
            await service;
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
}
