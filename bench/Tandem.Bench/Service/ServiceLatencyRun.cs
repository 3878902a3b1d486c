using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Tandem.Bench.Ews;
using Tandem.Cli;
using Tandem.Cli.Ews;
using Tandem.Connectors.Ews;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Lab;
using Tandem.Service;
using Tandem.Service.Runtime;
using Tandem.State.Sqlite;
using Tandem.Testing.Net;

namespace Tandem.Bench.Service;

/// <summary>
/// <c>run service-latency [--targets 50] [--changes 200] [--idle-seconds 60]</c>: `tandem serve` (in-process) over the lab,
/// a public folder as the source of a group with N target mailboxes. Each change is a contact created in the public
/// folder by another client (raw EWS); its latency runs from that CreateItem's answer to the lab's answer to the last of
/// the N copies' CreateItem (goals: p50 &lt; 0.5 s, p95 &lt; 1.5 s). Then an idle period: EWS requests by operation and
/// CPU time of the process (service and lab together) while nothing changes.
/// </summary>
internal sealed class ServiceLatencyRun : WholeRun
{
    public override string Name => "service-latency";

    public override string Description => "tandem serve: public folder change to the last of 50 mailboxes, then idle cost";

    public override async Task RunAsync(string[] args)
    {
        var targets = IntOption(args, "--targets", 50);
        var changes = IntOption(args, "--changes", 200);
        var idleSeconds = IntOption(args, "--idle-seconds", 60);
        var dir = Path.Combine(Path.GetTempPath(), "tandem-bench-serve-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var ct = CancellationToken.None;
        var requests = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var waiting = new ConcurrentDictionary<string, (int Left, TaskCompletionSource<long> Done)>(StringComparer.Ordinal);
        try
        {
            await using var lab = await LabServer.StartAsync(new LabOptions
            {
                Urls = "http://127.0.0.1:0",
                Seed = "empty",
                MaxSubscriptionsPerMailbox = 20,
                OnExchange = e =>
                {
                    if (!e.Path.Contains("EWS", StringComparison.OrdinalIgnoreCase)) return;
                    requests.AddOrUpdate(e.Operation ?? "?", 1, (_, n) => n + 1);
                    if (e.Operation != "CreateItem") return;
                    foreach (var (name, entry) in waiting)
                    {
                        if (!e.Request.Contains(name, StringComparison.Ordinal)) continue;
                        var left = entry.Left - 1;
                        waiting[name] = (left, entry.Done);
                        if (left == 0) entry.Done.TrySetResult(Stopwatch.GetTimestamp());
                    }
                },
            }, ct);
            var users = Enumerable.Range(1, targets).Select(i => $"bench{i:D2}@lab.test").ToList();
            foreach (var user in users) lab.AddMailbox(user);

            var state = Path.Combine(dir, "tandem.db");
            await using (var store = await SqliteStateStore.OpenAsync(state, TimeProvider.System, ct))
            {
                var settings = new EwsConnectionInput
                {
                    Autodiscover = LabUsers.ServiceAccount, AutodiscoverUrl = lab.BaseUrl.ToString(), User = LabUsers.ServiceAccount, PasswordFromStdin = true, Impersonation = true,
                }.ToSettings();
                var connection = new ConnectionDefinition("lab", EwsSettingKeys.ConnectionType, settings);
                await store.AddConnectionAsync(connection, new Dictionary<string, string> { [EwsSettingKeys.PasswordSecret] = LabUsers.Password }, ct);
                var source = new FolderRef("lab", FolderRef.PublicMailbox, "Bench Contacts");
                await using (var connector = new CliContext(TextWriter.Null, Console.Error, TimeProvider.System, _ => null).CreateRegistry().Open(connection, new Dictionary<string, string> { [EwsSettingKeys.PasswordSecret] = LabUsers.Password }))
                await using (await connector.OpenFolderAsync(source, ItemKind.Contact, create: true, ct))
                {
                }
                await store.AddGroupAsync(new GroupDefinition { Name = "company", Kind = ItemKind.Contact }, ct);
                await store.AddMemberAsync("company", new MemberDefinition(source, MemberRole.Source), ct);
                foreach (var user in users) await store.AddMemberAsync("company", new MemberDefinition(new FolderRef("lab", user, "Contacts/Company"), MemberRole.Target), ct);
            }
            using var ews = new LabEwsClient(lab.EwsUrl);
            var folderId = await ews.FolderIdAsync("alice@lab.test", "Bench Contacts", isPublic: true, ct) ?? throw new InvalidOperationException("no bench folder");
            await ews.CreateAsync("alice@lab.test", folderId, string.Concat(Enumerable.Range(0, 100).Select(EwsFanOutRun.ContactXml)), ct);

            using var stop = new CancellationTokenSource();
            var context = new CliContext(TextWriter.Null, Console.Error, TimeProvider.System, _ => null);
            var service = Task.Run(() => ServiceHost.RunAsync(new ServiceSettings { StatePath = state, Listen = $"http://127.0.0.1:{LoopbackPort.Free()}", DefaultPollInterval = TimeSpan.FromSeconds(30) },
                [.. context.ConnectorFactories], TimeProvider.System, _ => null, stop.Token), ct);

            // the initial fan-out: 100 contacts into every target
            var initial = Stopwatch.StartNew();
            while (lab.ItemCount < 100 * (targets + 1)) await Task.Delay(100, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"initial sync: 100 contacts into {targets} mailboxes in {initial.Elapsed.TotalSeconds:F1} s"));
            await Task.Delay(TimeSpan.FromSeconds(3), ct); // subscriptions up, follow-ups done

            var latencies = new List<double>();
            for (var i = 0; i < changes; i++)
            {
                var name = "Latency" + i.ToString("D4", CultureInfo.InvariantCulture);
                var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiting[name] = (targets, done);
                await ews.CreateAsync("alice@lab.test", folderId, $"<t:Contact><t:DisplayName>{name}</t:DisplayName><t:GivenName>{name}</t:GivenName><t:Surname>Bench</t:Surname></t:Contact>", ct);
                var created = Stopwatch.GetTimestamp();
                var finished = await done.Task.WaitAsync(TimeSpan.FromSeconds(60), ct);
                latencies.Add(Stopwatch.GetElapsedTime(created, finished).TotalSeconds);
                waiting.TryRemove(name, out _);
            }
            latencies.Sort();
            double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"propagation, public folder -> last of {targets} mailboxes, {changes} changes: p50 {P(0.5):F3} s, p95 {P(0.95):F3} s, max {latencies[^1]:F3} s (goals: p50 < 0.5 s, p95 < 1.5 s)"));

            await Task.Delay(TimeSpan.FromSeconds(5), ct);
            requests.Clear();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var idle = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(idleSeconds), ct);
            var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var perMinute = string.Join(", ", requests.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value * 60.0 / idle.Elapsed.TotalSeconds:F1}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"idle {idle.Elapsed.TotalSeconds:F0} s over {targets + 1} subscribed folders: EWS requests per minute: {(perMinute.Length == 0 ? "none" : perMinute)}; CPU {100 * cpuUsed.TotalSeconds / idle.Elapsed.TotalSeconds:F2} % of a core (service and lab together)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"working set {Environment.WorkingSet / 1048576} MB, managed heap {GC.GetTotalMemory(true) / 1048576} MB (service and lab together)"));

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
