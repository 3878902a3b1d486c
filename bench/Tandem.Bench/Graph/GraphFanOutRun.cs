using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tandem.Bench.Ews;
using Tandem.Cli;
using Tandem.Cli.Ews;
using Tandem.Connectors.Graph;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine;
using Tandem.Lab;
using Tandem.State.Sqlite;

namespace Tandem.Bench.Graph;

/// <summary>
/// <c>run graph-fanout [--contacts N] [--targets N] [--events]</c>: 5,000 contacts (with --events: events, every tenth a
/// weekly series, in a calendar) in a shared mailbox's folder, fanned out one-way
/// into 20 mailboxes' Contacts/Company, every member over the lab's Graph face, through the CLI's engine and the Graph
/// connector. Reports HTTP round trips per item written (goal at most 1/20, thanks to $batch) and items/s, counted on the
/// lab side (a $batch is one round trip), then a no-change cycle.
/// </summary>
internal sealed class GraphFanOutRun : WholeRun
{
    public override string Name => "graph-fanout";

    public override string Description => "5,000 lab contacts into 20 mailboxes over Graph ($batch), then a no-change cycle";

    public override async Task RunAsync(string[] args)
    {
        var contacts = IntOption(args, "--contacts", 5_000);
        var targets = IntOption(args, "--targets", 20);
        var events = args.Contains("--events");
        var kind = events ? ItemKind.Event : ItemKind.Contact;
        var dir = Path.Combine(Path.GetTempPath(), "tandem-bench-graph-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var ct = CancellationToken.None;
        try
        {
            await using var lab = await LabServer.StartAsync(new LabOptions { Urls = "http://127.0.0.1:0", Seed = "empty" }, ct);
            const string Shared = "company@lab.test";
            lab.AddMailbox(Shared, "Company (shared mailbox)");
            var users = Enumerable.Range(1, targets).Select(i => $"bench{i:D2}@lab.test").ToList();
            foreach (var user in users) lab.AddMailbox(user);

            await using var store = await SqliteStateStore.OpenAsync(Path.Combine(dir, "tandem.db"), TimeProvider.System, ct);
            var connection = new ConnectionDefinition("g", GraphSettingKeys.ConnectionType,
                new Dictionary<string, string> { [GraphSettingKeys.BaseUrl] = new Uri(lab.BaseUrl, "v1.0").ToString() });
            await store.AddConnectionAsync(connection, new Dictionary<string, string>(), ct);
            var context = new CliContext(TextWriter.Null, Console.Error, TimeProvider.System, _ => null);

            var seedClock = Stopwatch.StartNew();
            var source = new FolderRef("g", Shared, events ? "Calendar/Bench" : "Contacts/Bench");
            await using (var connector = context.CreateRegistry().Open(connection, new Dictionary<string, string>()))
            await using (var folder = await connector.OpenFolderAsync(source, kind, create: true, ct))
            {
                // the connector creates the folder; contacts go in through the lab's EWS face, as another client would, and
                // events through this session (stamped by a group of their own, as a user's client would leave them)
                for (var start = 0; events && start < contacts; start += 200)
                {
                    var writes = Enumerable.Range(start, Math.Min(200, contacts - start))
                        .Select(i => new Tandem.Core.Connectors.WriteRequest(Tandem.Core.Connectors.WriteKind.Create, new Tandem.Core.Connectors.ItemStamp("seed", "s-" + i, "s-" + i), BenchEvent(i)))
                        .ToList();
                    await folder.WriteAsync(writes, ct);
                }
            }

            using var ews = new LabEwsClient(lab.EwsUrl);
            var folderId = events ? "" : await ews.FolderIdAsync(Shared, "Contacts/Bench", isPublic: false, ct) ?? throw new InvalidOperationException("bench folder not created");
            for (var start = 0; !events && start < contacts; start += 250)
            {
                var batch = new StringBuilder();
                for (var i = start; i < Math.Min(contacts, start + 250); i++) batch.Append(EwsFanOutRun.ContactXml(i));
                await ews.CreateAsync(Shared, folderId, batch.ToString(), ct);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {contacts} {(events ? "events" : "contacts")} in {Shared}/{source.FolderPath} in {seedClock.Elapsed.TotalSeconds:F1} s; {targets} target mailboxes"));

            await store.AddGroupAsync(new GroupDefinition { Name = "fanout", Kind = kind }, ct);
            await store.AddMemberAsync("fanout", new MemberDefinition(source, MemberRole.Source), ct);
            foreach (var user in users) await store.AddMemberAsync("fanout", new MemberDefinition(new FolderRef("g", user, events ? "Calendar/Company" : "Contacts/Company"), MemberRole.Target), ct);
            var engine = context.CreateEngine(store);

            var before = lab.Graph.Faults.Requests;
            var shapesBefore = lab.Graph.Faults.RequestsByShape;
            var clock = Stopwatch.StartNew();
            var initial = await engine.SyncAsync("fanout", SyncOptions.Default, ct);
            var seconds = clock.Elapsed.TotalSeconds;
            var written = initial.TotalWrites;
            var sent = lab.Graph.Faults.Requests - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"initial fan-out: {written} items written in {seconds:F1} s = {written / seconds:F0} items/s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  Graph round trips: {sent} = {(written == 0 ? 0 : (double)sent / written):F4} per item written, 1 per {(sent == 0 ? 0 : (double)written / sent):F1} items (goal <= 1/20 = 0.05; reads and folder look-ups included)"));
            foreach (var (shape, count) in lab.Graph.Faults.RequestsByShape.Select(s => (s.Key, s.Value - shapesBefore.GetValueOrDefault(s.Key))).Where(s => s.Item2 > 0).OrderByDescending(s => s.Item2))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {count,6}  {shape}"));
            }

            foreach (var error in initial.Members.Where(m => m.Error is not null)) Console.WriteLine($"  ERROR {error.Member}: {error.Error}");

            before = lab.Graph.Faults.Requests;
            clock.Restart();
            var quiet = await engine.SyncAsync("fanout", SyncOptions.Default, ct);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"no-change cycle over {quiet.Members.Count} folders: {clock.Elapsed.TotalSeconds:F2} s, {quiet.TotalWrites} writes, {lab.Graph.Faults.Requests - before} Graph round trips"));
            Console.WriteLine($"lab holds {lab.ItemCount} items");
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

    /// <summary>Event i: a one-hour meeting in Berlin time on a weekday of 2026; every tenth a weekly series of five.</summary>
    private static Event BenchEvent(int i)
    {
        var day = new DateTime(2026, 1, 5).AddDays(i % 250 / 5 * 7 + i % 5).AddHours(8 + i % 9);
        return new Event
        {
            Subject = "Bench meeting " + i.ToString(CultureInfo.InvariantCulture),
            Start = new ItemTime(day, "Europe/Berlin"),
            End = new ItemTime(day.AddHours(1), "Europe/Berlin"),
            Location = "Room " + (i % 12).ToString(CultureInfo.InvariantCulture),
            Body = "Agenda " + i.ToString(CultureInfo.InvariantCulture),
            Recurrence = i % 10 == 0 ? new RecurrenceRule { Frequency = Frequency.Weekly, ByDay = [new WeekdayNum(day.DayOfWeek)], Count = 5 } : null,
        };
    }
}
