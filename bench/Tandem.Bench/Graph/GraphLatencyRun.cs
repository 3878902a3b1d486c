using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Tandem.Bench.Ews;
using Tandem.Cli;
using Tandem.Cli.Ews;
using Tandem.Connectors.Graph;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Lab;
using Tandem.Service;
using Tandem.Service.Runtime;
using Tandem.State.Sqlite;
using Tandem.Testing.Net;

namespace Tandem.Bench.Graph;

/// <summary>
/// <c>run graph-latency [--targets 20] [--changes 100]</c>: `tandem serve` (in-process) with a graph connection whose
/// notification URL is the service's own /graph/notifications; a shared mailbox's contacts folder is the source of a group
/// with N target mailboxes, every member over the lab's Graph face and watched by a webhook subscription. Each change is a
/// contact created in the source by another client; its latency runs from the moment the lab sends the change
/// notification to the moment the last target's copy is written (marked by the target folder's own "created"
/// notification, sent as the lab commits the write). That is Tandem's own time (goal p95 &lt; 1 s); Microsoft's delivery
/// time (up to about 3 minutes for contacts and calendars) comes on top.
/// </summary>
internal sealed class GraphLatencyRun : WholeRun
{
    private const string Shared = "company@lab.test";

    public override string Name => "graph-latency";

    public override string Description => "tandem serve over Graph webhooks: notification to the last of 20 mailboxes written";

    public override async Task RunAsync(string[] args)
    {
        var targets = IntOption(args, "--targets", 20);
        var changes = IntOption(args, "--changes", 100);
        var dir = Path.Combine(Path.GetTempPath(), "tandem-bench-graph-latency-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var ct = CancellationToken.None;
        var users = Enumerable.Range(1, targets).Select(i => $"bench{i:D2}@lab.test").ToList();
        var sourceSent = new ConcurrentQueue<long>();
        var copies = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        try
        {
            await using var lab = await LabServer.StartAsync(new LabOptions { Urls = "http://127.0.0.1:0", Seed = "empty" }, ct);
            lab.AddMailbox(Shared, "Company (shared mailbox)");
            foreach (var user in users) lab.AddMailbox(user);
            lab.Graph.Webhooks.OnDelivery = (owner, changeType, at) =>
            {
                if (changeType != "created") return;
                if (owner == Shared) sourceSent.Enqueue(at);
                else copies.TryAdd(owner, at);
            };

            var port = LoopbackPort.Free();
            var state = Path.Combine(dir, "tandem.db");
            var context = new CliContext(TextWriter.Null, Console.Error, TimeProvider.System, _ => null);
            var source = new FolderRef("g", Shared, "Contacts/Bench");
            await using (var store = await SqliteStateStore.OpenAsync(state, TimeProvider.System, ct))
            {
                var connection = new ConnectionDefinition("g", GraphSettingKeys.ConnectionType, new Dictionary<string, string>
                {
                    [GraphSettingKeys.BaseUrl] = new Uri(lab.BaseUrl, "v1.0").ToString(),
                    [GraphSettingKeys.NotificationUrl] = $"http://127.0.0.1:{port}/graph/notifications",
                });
                await store.AddConnectionAsync(connection, new Dictionary<string, string>(), ct);
                await using (var connector = context.CreateRegistry().Open(connection, new Dictionary<string, string>()))
                await using (await connector.OpenFolderAsync(source, ItemKind.Contact, create: true, ct))
                {
                }

                await store.AddGroupAsync(new GroupDefinition { Name = "company", Kind = ItemKind.Contact }, ct);
                await store.AddMemberAsync("company", new MemberDefinition(source, MemberRole.Source), ct);
                foreach (var user in users) await store.AddMemberAsync("company", new MemberDefinition(new FolderRef("g", user, "Contacts/Company"), MemberRole.Target), ct);
            }

            using var ews = new LabEwsClient(lab.EwsUrl);
            var folderId = await ews.FolderIdAsync(Shared, "Contacts/Bench", isPublic: false, ct) ?? throw new InvalidOperationException("no bench folder");
            await ews.CreateAsync(Shared, folderId, string.Concat(Enumerable.Range(0, 100).Select(EwsFanOutRun.ContactXml)), ct);

            using var stop = new CancellationTokenSource();
            var service = Task.Run(() => ServiceHost.RunAsync(new ServiceSettings { StatePath = state, Listen = $"http://127.0.0.1:{port}", DefaultPollInterval = TimeSpan.FromHours(1) },
                [.. context.ConnectorFactories], TimeProvider.System, _ => null, stop.Token), ct);

            var initial = Stopwatch.StartNew();
            while (lab.ItemCount < 100 * (targets + 1)) await Task.Delay(100, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"initial sync: 100 contacts into {targets} mailboxes in {initial.Elapsed.TotalSeconds:F1} s"));
            while (lab.Graph.Webhooks.Count < targets + 1) await Task.Delay(100, ct);
            await Task.Delay(TimeSpan.FromSeconds(3), ct); // follow-up cycles done

            var latencies = new List<double>();
            for (var i = 0; i < changes; i++)
            {
                var name = "Latency" + i.ToString("D4", CultureInfo.InvariantCulture);
                sourceSent.Clear();
                copies.Clear();
                await ews.CreateAsync(Shared, folderId, $"<t:Contact><t:DisplayName>{name}</t:DisplayName><t:GivenName>{name}</t:GivenName><t:Surname>Bench</t:Surname></t:Contact>", ct);
                var deadline = Stopwatch.StartNew();
                while (copies.Count < targets)
                {
                    if (deadline.Elapsed > TimeSpan.FromSeconds(60)) throw new TimeoutException($"{name}: {copies.Count} of {targets} copies after 60 s");
                    await Task.Delay(1, ct);
                }

                if (!sourceSent.TryPeek(out var sent)) throw new InvalidOperationException($"{name}: no notification was sent for the source");
                latencies.Add(Stopwatch.GetElapsedTime(sent, copies.Values.Max()).TotalSeconds);
            }

            latencies.Sort();
            double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(q * latencies.Count) - 1)];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"propagation over Graph webhooks, notification sent -> last of {targets} mailboxes written, {changes} changes: p50 {P(0.5):F3} s, p95 {P(0.95):F3} s, max {latencies[^1]:F3} s (goal p95 < 1 s of Tandem's own time; Microsoft's delivery, up to ~3 min, comes on top)"));
            Console.WriteLine($"notifications delivered {lab.Graph.Webhooks.Delivered}, Graph requests {lab.Graph.Faults.Requests}");

            await stop.CancelAsync();
            await service;
        }
        finally
        {
            DeleteQuietly(dir);
        }
    }
}
