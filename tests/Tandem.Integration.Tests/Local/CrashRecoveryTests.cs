using Tandem.Core.Items;
using Tandem.Formats.VCard;
using Xunit.Abstractions;
using Tandem.Testing;

namespace Tandem.Integration.Tests.Local;

/// <summary>
/// The issue's whole-process test: a 2,000-contact initial sync into several targets, with `tandem sync` killed
/// (SIGKILL) at random moments and restarted, must end with exactly the 2,000 items in every member.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper log) : IDisposable
{
    private const int Items = 2000;
    private static readonly string[] Targets = ["alice", "bob", "carol"];
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(5);

    private readonly string _dir = Path.Combine(Path.GetTempPath(), "tandem-crash-" + Guid.NewGuid().ToString("N"));

    private string State => Path.Combine(_dir, "tandem.db");

    private string Root => Path.Combine(_dir, "root");

    [Fact]
    public async Task Sync_KilledAtRandomMomentsAndRestarted_EveryMemberEndsWithExactlyTheItems()
    {
        var seed = TestSeed.Announce(log);
        var random = new Random(seed);
        var source = Path.Combine(Root, "public", "Company");
        Directory.CreateDirectory(source);
        for (var i = 0; i < Items; i++) File.WriteAllText(Path.Combine(source, $"person-{i:D4}.vcf"), VCardCodec.Write(Person(i)));
        await Cli("init");
        await Cli("connection", "add", "files", "--type", "local", "--root", Root, "--no-fsync");
        await Cli("group", "add", "company", "--type", "contacts");
        await Cli("member", "add", "company", "files:public/Company", "--role", "source");
        foreach (var t in Targets) await Cli("member", "add", "company", $"files:{t}/Contacts/Company", "--role", "target");

        // the first kill lands anywhere in the early phase (reading the source, recording logical items); the others
        // when the targets have grown by a random number of files, so they hit the fan-out of creates mid-batch
        var killed = 0;
        var killedWhileWriting = 0;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            using var sync = TandemProcess.Start(State, "sync");
            var before = Targets.Sum(CountFiles);
            // at most half of what is left to write, so a kill still lands mid-fan-out however fast the engine has become
            var left = Items * Targets.Length - before;
            var growBy = random.Next(20, Math.Max(21, left / 2));
            var deadline = attempt == 0 ? TimeSpan.FromMilliseconds(random.Next(100, 800)) : Generous;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!sync.HasExited && clock.Elapsed < deadline && (attempt == 0 || Targets.Sum(CountFiles) < before + growBy))
            {
                await Task.Delay(15);
            }
            if (sync.HasExited)
            {
                log.WriteLine($"attempt {attempt}: sync finished by itself (exit {sync.ExitCode})");
                Assert.True(sync.ExitCode == 0, sync.Output + sync.Error);
                break;
            }
            sync.Kill();
            killed++;
            var after = Targets.Sum(CountFiles);
            if (after > before) killedWhileWriting++;
            log.WriteLine($"attempt {attempt}: killed after {clock.ElapsedMilliseconds} ms; targets hold {string.Join(", ", Targets.Select(CountFiles))}");
        }

        var final = await TandemProcess.RunAsync(State, Generous, "sync");
        log.WriteLine(final.Out);
        Assert.True(final.Exit == 0, final.Out + final.Err);
        var settle = await TandemProcess.RunAsync(State, Generous, "sync");
        Assert.True(settle.Exit == 0, settle.Out + settle.Err);

        Assert.True(killed >= 2 && killedWhileWriting >= 1, $"only {killed} kills, {killedWhileWriting} while writing: the test did not test crashes");
        var expected = Enumerable.Range(0, Items).Select(i => $"person{i:D4}@contoso.com").ToHashSet();
        foreach (var target in Targets)
        {
            var emails = Directory.GetFiles(TargetFolder(target), "*.vcf")
                .Select(f => VCardCodec.ReadAll(File.ReadAllBytes(f), f).Single().Emails.Single().Address)
                .ToList();
            Assert.True(emails.Count == Items, $"{target} holds {emails.Count} items, expected {Items} (seed {seed})");
            Assert.True(emails.ToHashSet().SetEquals(expected), $"{target}: duplicates or missing items (seed {seed})");
        }
        Assert.Equal(Items, Directory.GetFiles(source, "*.vcf").Length);
        var memberLines = settle.Out.Split('\n').Where(l => l.Contains("received", StringComparison.Ordinal)).ToList();
        Assert.Equal(1 + Targets.Length, memberLines.Count);
        Assert.All(memberLines, l => Assert.Matches(@"created\s+0\s+updated\s+0\s+deleted\s+0", l));
    }

    public void Dispose()
    {
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { }
    }

    private async Task Cli(params string[] args)
    {
        var (exit, output, error) = await TandemProcess.RunAsync(State, Generous, args);
        Assert.True(exit == 0, $"tandem {string.Join(' ', args)}: {output}{error}");
    }

    private string TargetFolder(string user) => Path.Combine(Root, user, "Contacts", "Company");

    private int CountFiles(string user) => Directory.Exists(TargetFolder(user)) ? Directory.GetFiles(TargetFolder(user), "*.vcf").Length : 0;

    private static Contact Person(int i) => new()
    {
        Uid = $"person-{i:D4}",
        GivenName = $"Given{i}",
        Surname = $"Surname{i:D4}",
        DisplayName = $"Given{i} Surname{i:D4}",
        CompanyName = "Contoso",
        JobTitle = i % 3 == 0 ? "Engineer" : "Consultant",
        Emails = [new EmailAddress($"person{i:D4}@contoso.com")],
        Phones = [new Phone(PhoneKind.Business, $"+1 425 555 {i:D4}")],
    };
}
