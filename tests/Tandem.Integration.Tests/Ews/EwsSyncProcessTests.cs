using System.Diagnostics;
using Tandem.Cli.Ews;
using Tandem.Integration.Tests.Local;
using Xunit.Abstractions;
using Tandem.Testing;

namespace Tandem.Integration.Tests.Ews;

/// <summary>
/// Whole-process scenarios against the lab: `tandem sync` processes, results read back through the lab's EWS as the
/// mailbox owners (a raw SOAP client, not the connector under test).
/// </summary>
public sealed class EwsSyncProcessTests(ITestOutputHelper log)
{
    private static readonly string[] Users = [.. LabUsers.Users];

    [Fact]
    public async Task Sync_OneWayFanOutTo5Mailboxes_EveryMailboxHoldsThe300ContactsOnceAndASecondSyncWritesNothing()
    {
        await using var f = await LabFixture.StartAsync();
        await EwsCli.AddLabConnectionAsync(f.State, f.Lab.BaseUrl);
        await AddContactsGroupAsync(f.State, "company", "source", "target", Users);

        var first = await EwsCli.RunOkAsync(f.State, "sync");
        log.WriteLine(first);

        var source = Sorted(await f.ContactsAsync("alice@lab.test", "Company Contacts", isPublic: true));
        Assert.Equal(300, source.Count);
        foreach (var user in Users)
        {
            var copies = Sorted(await f.ContactsAsync(user, "Contacts/Company"));
            Assert.Equal(source, copies);
        }
        var second = await EwsCli.RunOkAsync(f.State, "sync");
        log.WriteLine(second);
        Assert.Equal(0, EwsCli.Writes(second));
        Assert.Contains("received    0", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sync_TwoWayEditAndDeleteInAMailbox_ReachThePublicFolderAndTheOtherMember()
    {
        await using var f = await LabFixture.StartAsync();
        await EwsCli.AddLabConnectionAsync(f.State, f.Lab.BaseUrl);
        await AddContactsGroupAsync(f.State, "ring", "two-way", "two-way", ["alice@lab.test", "bob@lab.test"]);
        await EwsCli.RunOkAsync(f.State, "sync");

        var ct = CancellationToken.None;
        var aliceFolder = await f.FolderAsync("alice@lab.test", "Contacts/Company");
        var aliceItems = (await f.Ews.ItemsAsync("alice@lab.test", aliceFolder, ["contacts:DisplayName", "contacts:JobTitle"], ct)).OrderBy(i => LabEwsClient.Text(i, "DisplayName"), StringComparer.Ordinal).ToList();
        var edited = aliceItems[0];
        var editedName = LabEwsClient.Text(edited, "DisplayName");
        await f.Ews.UpdateAsync("alice@lab.test", edited, "contacts:JobTitle", "<t:Contact><t:JobTitle>Head of Two-Way Tests</t:JobTitle></t:Contact>", ct);
        var bobFolder = await f.FolderAsync("bob@lab.test", "Contacts/Company");
        var bobItems = (await f.Ews.ItemsAsync("bob@lab.test", bobFolder, ["contacts:DisplayName"], ct)).OrderBy(i => LabEwsClient.Text(i, "DisplayName"), StringComparer.Ordinal).ToList();
        var deleted = bobItems[^1];
        var deletedName = LabEwsClient.Text(deleted, "DisplayName");
        var deletedBefore = bobItems.Count(i => LabEwsClient.Text(i, "DisplayName") == deletedName);
        await f.Ews.DeleteAsync("bob@lab.test", deleted, "MoveToDeletedItems", ct);

        var sync = await EwsCli.RunOkAsync(f.State, "sync");
        log.WriteLine(sync);

        foreach (var (user, path, isPublic) in new[] { ("alice@lab.test", "Company Contacts", true), ("bob@lab.test", "Contacts/Company", false), ("alice@lab.test", "Contacts/Company", false) })
        {
            var contacts = await f.ContactsAsync(user, path, isPublic);
            Assert.Equal(299, contacts.Count);
            Assert.Contains(contacts, c => c.Name == editedName && c.Title == "Head of Two-Way Tests");
            Assert.Equal(deletedBefore - 1, contacts.Count(c => c.Name == deletedName));
        }
        var quiet = await EwsCli.RunOkAsync(f.State, "sync");
        Assert.Equal(0, EwsCli.Writes(quiet));
    }

    [Fact]
    public async Task Sync_KilledDuringTheFanOutAndRestarted_NoDuplicatesAndNothingMissing()
    {
        var seed = TestSeed.Announce(log);
        var random = new Random(seed);
        await using var f = await LabFixture.StartAsync();
        await EwsCli.AddLabConnectionAsync(f.State, f.Lab.BaseUrl);
        await AddContactsGroupAsync(f.State, "company", "source", "target", Users);

        var killedWhileWriting = 0;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var before = f.Lab.ItemCount;
            var growBy = random.Next(50, 400);
            using var sync = TandemProcess.Start(f.State, "sync");
            var clock = Stopwatch.StartNew();
            while (!sync.HasExited && f.Lab.ItemCount < before + growBy && clock.Elapsed < EwsCli.Generous) await Task.Delay(10);
            if (sync.HasExited)
            {
                log.WriteLine($"attempt {attempt}: finished by itself (exit {sync.ExitCode})");
                break;
            }
            sync.Kill();
            if (f.Lab.ItemCount > before) killedWhileWriting++;
            log.WriteLine($"attempt {attempt}: killed after {clock.ElapsedMilliseconds} ms, lab grew by {f.Lab.ItemCount - before} items");
        }
        Assert.True(killedWhileWriting >= 1, "no kill landed during the fan-out: the test did not test a crash");

        var final = await EwsCli.RunOkAsync(f.State, "sync");
        log.WriteLine(final);
        var source = Sorted(await f.ContactsAsync("alice@lab.test", "Company Contacts", isPublic: true));
        foreach (var user in Users)
        {
            var copies = Sorted(await f.ContactsAsync(user, "Contacts/Company"));
            Assert.True(source.SequenceEqual(copies), $"{user} holds {copies.Count} contacts, expected the {source.Count} of the source without duplicates (seed {seed})");
        }
        Assert.Equal(0, EwsCli.Writes(await EwsCli.RunOkAsync(f.State, "sync")));
    }

    private static async Task AddContactsGroupAsync(string state, string group, string sourceRole, string memberRole, IEnumerable<string> users)
    {
        await EwsCli.RunOkAsync(state, "group", "add", group, "--type", "contacts");
        await EwsCli.RunOkAsync(state, "member", "add", group, "lab:public/Company Contacts", "--role", sourceRole);
        foreach (var user in users) await EwsCli.RunOkAsync(state, "member", "add", group, $"lab:{user}/Contacts/Company", "--role", memberRole);
    }

    private static List<(string Name, string Title, string Company)> Sorted(List<(string Name, string Title, string Company)> contacts) =>
        [.. contacts.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Title, StringComparer.Ordinal).ThenBy(c => c.Company, StringComparer.Ordinal)];
}
