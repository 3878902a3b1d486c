using System.Diagnostics;
using System.Globalization;
using Tandem.Connectors.Local;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine;
using Tandem.Formats.VCard;
using Tandem.State.Sqlite;

namespace Tandem.Bench.LocalRun;

/// <summary>
/// <c>run local-initial [--contacts N] [--targets N] [--no-fsync]</c>: initial sync of 10,000 contacts from one
/// source folder into 10 target folders through engine, state and local connector (goal: under 30 s), then a
/// cycle in which nothing changed. Reports seconds, peak working set and state bytes per member item.
/// </summary>
internal sealed class LocalInitialRun : WholeRun
{
    public override string Name => "local-initial";

    public override string Description => "10,000 contacts into 10 local target folders, then a no-change cycle";

    public override async Task RunAsync(string[] args)
    {
        var contacts = IntOption(args, "--contacts", 10_000);
        var targets = IntOption(args, "--targets", 10);
        var fsync = !args.Contains("--no-fsync");
        var dir = Path.Combine(Path.GetTempPath(), "tandem-bench-local-" + Guid.NewGuid().ToString("N")[..8]);
        var root = Path.Combine(dir, "root");
        var source = Path.Combine(root, "public", "Company");
        Directory.CreateDirectory(source);
        try
        {
            for (var i = 0; i < contacts; i++) File.WriteAllText(Path.Combine(source, $"c{i:D5}.vcf"), VCardCodec.Write(Contact(i)));
            var statePath = Path.Combine(dir, "tandem.db");
            await using var store = await SqliteStateStore.OpenAsync(statePath, TimeProvider.System, CancellationToken.None);
            var settings = new Dictionary<string, string> { ["root"] = root, ["fsync"] = fsync ? "true" : "false" };
            await store.AddConnectionAsync(new ConnectionDefinition("files", "local", settings), new Dictionary<string, string>(), CancellationToken.None);
            await store.AddGroupAsync(new GroupDefinition { Name = "company", Kind = ItemKind.Contact }, CancellationToken.None);
            await store.AddMemberAsync("company", new MemberDefinition(new FolderRef("files", "public", "Company"), MemberRole.Source), CancellationToken.None);
            for (var t = 0; t < targets; t++)
            {
                await store.AddMemberAsync("company", new MemberDefinition(new FolderRef("files", $"user{t:D2}@contoso.com", "Contacts/Company"), MemberRole.Target), CancellationToken.None);
            }
            var registry = new ConnectorRegistry();
            var timed = new TimedConnectorFactory(new LocalConnectorFactory());
            registry.Add(timed);
            var engine = new SyncEngine(store, registry, TimeProvider.System, null);

            var clock = Stopwatch.StartNew();
            var initial = await engine.SyncAsync("company", SyncOptions.Default, CancellationToken.None);
            var initialSeconds = clock.Elapsed.TotalSeconds;
            var (initialRead, initialWrite) = (timed.ReadTime, timed.WriteTime);
            timed.Reset();
            clock.Restart();
            var quiet = await engine.SyncAsync("company", SyncOptions.Default, CancellationToken.None);
            var quietSeconds = clock.Elapsed.TotalSeconds;

            var created = initial.Members.Sum(m => m.Created);
            var stateBytes = new[] { statePath, statePath + "-wal" }.Where(File.Exists).Sum(f => new FileInfo(f).Length);
            var memberItems = (long)contacts * (targets + 1);
            using var self = Process.GetCurrentProcess();
            Console.WriteLine($"local-initial: {contacts:N0} contacts, 1 source + {targets} targets, fsync {(fsync ? "on" : "off")}");
            Console.WriteLine($"  initial sync      {initialSeconds,8:0.00} s   ({created:N0} files created, {created / initialSeconds:N0} items/s; goal < 30 s)");
            Console.WriteLine($"     of which       {initialRead.TotalSeconds,8:0.00} s reading folders, {initialWrite.TotalSeconds:0.00} s writing files; the rest is engine and state");
            Console.WriteLine($"  no-change cycle   {quietSeconds,8:0.00} s   ({quiet.TotalWrites} writes)");
            Console.WriteLine($"     of which       {timed.ReadTime.TotalSeconds,8:0.00} s reading folders");
            Console.WriteLine($"  peak working set  {self.PeakWorkingSet64 / 1048576.0,8:0.0} MB");
            Console.WriteLine($"  state             {stateBytes / (double)memberItems,8:0.0} bytes per member item ({stateBytes:N0} bytes, {memberItems:N0} member items)");
            if (created != (long)contacts * targets || quiet.TotalWrites != 0 || initial.HasErrors)
            {
                Console.WriteLine($"  WARNING: expected {contacts * targets} creates and a quiet second cycle; got {created} and {quiet.TotalWrites}");
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); }
            catch (IOException) { }
        }
    }


    private static Contact Contact(int i) => new()
    {
        Uid = $"bench-{i}",
        GivenName = $"Given{i}",
        Surname = $"Surname{i}",
        DisplayName = $"Given{i} Surname{i}",
        CompanyName = "Contoso Ltd.",
        Department = $"Dept {i % 40}",
        JobTitle = "Consultant",
        Emails = [new EmailAddress($"user{i}@contoso.com")],
        Phones = [new Phone(PhoneKind.Business, $"+1 425 555 {i % 10000:D4}"), new Phone(PhoneKind.Mobile, $"+1 206 555 {(i * 7) % 10000:D4}")],
        Addresses = [new PostalAddress(AddressKind.Business, "1 Contoso Way", "Redmond", "WA", "98052", "United States")],
        Categories = ["Company"],
    };
}
