using System.Collections.Concurrent;
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
using Tandem.State.Sqlite;

namespace Tandem.Bench.Ews;

/// <summary>
/// <c>run ews-fanout [--contacts N] [--targets N] [--lab-data]</c>: the lab with a 5,000-contact public folder, an
/// initial one-way fan-out into 20 mailboxes' Contacts/Company through the CLI's engine and the EWS connector
/// (goals: at least 1,000 items/s, at most 1 EWS request per 50 items written), then cycles in which nothing changed
/// over the 21 folders (goal: under 2 s each). EWS requests are counted by operation on the lab side.
/// </summary>
internal sealed class EwsFanOutRun : WholeRun
{
    public override string Name => "ews-fanout";

    public override string Description => "5,000 lab contacts into 20 mailboxes over EWS, then no-change cycles";

    public override async Task RunAsync(string[] args)
    {
        var contacts = IntOption(args, "--contacts", 5_000);
        var targets = IntOption(args, "--targets", 20);
        var dir = Path.Combine(Path.GetTempPath(), "tandem-bench-ews-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var requests = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var ct = CancellationToken.None;
        try
        {
            await using var lab = await LabServer.StartAsync(new LabOptions
            {
                Urls = "http://127.0.0.1:0",
                Seed = "empty",
                DataDirectory = args.Contains("--lab-data") ? Path.Combine(dir, "lab") : null,
                OnExchange = e =>
                {
                    if (e.Path.Contains("EWS", StringComparison.OrdinalIgnoreCase)) requests.AddOrUpdate(e.Operation ?? "?", 1, (_, n) => n + 1);
                },
            }, ct);
            var users = Enumerable.Range(1, targets).Select(i => $"bench{i:D2}@lab.test").ToList();
            foreach (var user in users) lab.AddMailbox(user);

            await using var store = await SqliteStateStore.OpenAsync(Path.Combine(dir, "tandem.db"), TimeProvider.System, ct);
            var settings = new EwsConnectionInput { Url = lab.EwsUrl.ToString(), User = LabUsers.ServiceAccount, PasswordFromStdin = true, Impersonation = true }.ToSettings();
            var connection = new ConnectionDefinition("lab", EwsSettingKeys.ConnectionType, settings);
            var secrets = new Dictionary<string, string> { [EwsSettingKeys.PasswordSecret] = LabUsers.Password };
            await store.AddConnectionAsync(connection, secrets, ct);
            var context = new CliContext(TextWriter.Null, Console.Error, TimeProvider.System, _ => null);

            var seedClock = Stopwatch.StartNew();
            var source = new FolderRef("lab", FolderRef.PublicMailbox, "Bench Contacts");
            await using (var connector = context.CreateRegistry().Open(connection, secrets))
            await using (await connector.OpenFolderAsync(source, ItemKind.Contact, create: true, ct))
            {
                // the connector only creates the folder; the contacts go in through raw EWS, as another client would
            }
            using var ews = new LabEwsClient(lab.EwsUrl);
            var folderId = await ews.FolderIdAsync("alice@lab.test", "Bench Contacts", isPublic: true, ct) ?? throw new InvalidOperationException("bench folder not created");
            for (var start = 0; start < contacts; start += 250)
            {
                var batch = new StringBuilder();
                for (var i = start; i < Math.Min(contacts, start + 250); i++) batch.Append(ContactXml(i));
                await ews.CreateAsync("alice@lab.test", folderId, batch.ToString(), ct);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {contacts} contacts in public/Bench Contacts in {seedClock.Elapsed.TotalSeconds:F1} s; {targets} target mailboxes"));

            await store.AddGroupAsync(new GroupDefinition { Name = "fanout", Kind = ItemKind.Contact }, ct);
            await store.AddMemberAsync("fanout", new MemberDefinition(source, MemberRole.Source), ct);
            foreach (var user in users) await store.AddMemberAsync("fanout", new MemberDefinition(new FolderRef("lab", user, "Contacts/Company"), MemberRole.Target), ct);
            var engine = context.CreateEngine(store);

            requests.Clear();
            var clock = Stopwatch.StartNew();
            var initial = await engine.SyncAsync("fanout", SyncOptions.Default, ct);
            var seconds = clock.Elapsed.TotalSeconds;
            var written = initial.TotalWrites;
            var sent = requests.Values.Sum();
            var errors = initial.Members.Where(m => m.Error is not null).Select(m => $"{m.Member}: {m.Error}").ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"initial fan-out: {written} items written in {seconds:F1} s = {written / seconds:F0} items/s (goal >= 1000)"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  EWS requests: {sent} = {(written == 0 ? 0 : (double)sent / written):F4} per item written, 1 per {(sent == 0 ? 0 : (double)written / sent):F0} items (goal <= 1 per 50)"));
            Console.WriteLine("  by operation: " + string.Join(", ", requests.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}")));
            foreach (var error in errors) Console.WriteLine("  ERROR " + error);

            for (var round = 1; round <= 3; round++)
            {
                requests.Clear();
                clock.Restart();
                var quiet = await engine.SyncAsync("fanout", SyncOptions.Default, ct);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"no-change cycle {round} over {quiet.Members.Count} folders: {clock.Elapsed.TotalSeconds:F2} s (goal < 2 s), {quiet.TotalWrites} writes, {requests.Values.Sum()} EWS requests ({string.Join(", ", requests.OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value}"))})"));
            }
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

    internal static string ContactXml(int i) => Tandem.Testing.Ews.LabContacts.Xml(i);
}
