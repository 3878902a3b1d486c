using System.Diagnostics;
using static Tandem.Lab.Tests.LabHarness;

namespace Tandem.Lab.Tests;

/// <summary>
/// The lab serves different mailboxes in parallel, as an Exchange server does: each mailbox (and the public-folder store)
/// has its own lock. A slow mailbox does not hold up the others; work that crosses mailboxes (delivery) neither deadlocks
/// nor loses anything; and concurrent changes to several mailboxes are all written to the lab's database.
/// </summary>
public sealed class MailboxConcurrencyTests
{
    private const string GetContacts = """<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="contacts"/></m:FolderIds></m:GetFolder>""";

    [Fact]
    public async Task SlowMailbox_RequestForAnotherMailbox_AnsweredWhileTheSlowOneStillHoldsItsMailbox()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        lab.Server.Faults.SetMailboxLatency("alice@lab.test", TimeSpan.FromSeconds(6));
        var slow = lab.CallOneAsync(GetContacts, "alice@lab.test");
        var waited = Stopwatch.StartNew();
        while (lab.Server.Faults.HeldByMailboxLatency == 0 && waited.Elapsed < TimeSpan.FromSeconds(30) && !slow.IsCompleted)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, lab.Server.Faults.HeldByMailboxLatency);

        // Under one store-wide lock this request would wait until alice's released it, i.e. until the count went back to 0.
        var other = await lab.CallOneAsync(GetContacts, "bob@lab.test");
        var stillHeld = lab.Server.Faults.HeldByMailboxLatency;

        AssertSuccess(other);
        Assert.Equal(1, stillHeld);
        Assert.False(slow.IsCompleted);
        AssertSuccess(await slow);
    }

    [Fact]
    public async Task SlowMailbox_SecondRequestForTheSameMailbox_WaitsForTheFirst()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        lab.Server.Faults.SetMailboxLatency("alice@lab.test", TimeSpan.FromSeconds(2));
        var first = lab.CallOneAsync(GetContacts, "alice@lab.test");
        var second = lab.CallOneAsync(GetContacts, "alice@lab.test");
        var sawBoth = false;
        var waited = Stopwatch.StartNew();
        while (!(first.IsCompleted && second.IsCompleted) && waited.Elapsed < TimeSpan.FromSeconds(30))
        {
            sawBoth |= lab.Server.Faults.HeldByMailboxLatency > 1;
            await Task.Delay(10);
        }

        AssertSuccess(await first);
        AssertSuccess(await second);
        Assert.False(sawBoth, "two requests were inside one mailbox at once");
    }

    [Fact]
    public async Task CrossedSends_ManyAtOnceBothWays_EveryMessageDeliveredOnce()
    {
        await using var lab = await LabHarness.StartAsync("empty");
        string Send(string to, int n) =>
            $"""<m:CreateItem MessageDisposition="SendAndSaveCopy"><m:Items><t:Message><t:Subject>crossed {n}</t:Subject><t:Body BodyType="Text">hi</t:Body><t:ToRecipients><t:Mailbox><t:EmailAddress>{to}</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>""";

        // Each send holds the sender's mailbox and delivers into the other's: done naively, crossed sends deadlock.
        var sends = Enumerable.Range(0, 15).SelectMany(n => new[]
        {
            lab.CallOneAsync(Send("bob@lab.test", n), "alice@lab.test"),
            lab.CallOneAsync(Send("alice@lab.test", n), "bob@lab.test"),
        }).ToList();
        var all = Task.WhenAll(sends);
        Assert.Same(all, await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(60))));
        foreach (var m in await all)
        {
            AssertSuccess(m);
        }

        foreach (var user in new[] { "alice@lab.test", "bob@lab.test" })
        {
            var inbox = await lab.CallOneAsync("""<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape><m:ParentFolderIds><t:DistinguishedFolderId Id="inbox"/></m:ParentFolderIds></m:FindItem>""", user);
            var subjects = inbox.Descendants(T + "Subject").Select(s => s.Value).ToList();
            Assert.Equal(Enumerable.Range(0, 15).Select(n => $"crossed {n}").Order(StringComparer.Ordinal), subjects.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public async Task ParallelWritesToSeveralMailboxes_WithDatabase_AllThereAfterRestart()
    {
        var dir = Path.Combine(Path.GetTempPath(), "tandem-lab-concurrency-" + Guid.NewGuid().ToString("N")[..8]);
        string[] users = ["alice@lab.test", "bob@lab.test", "carol@lab.test", "dave@lab.test", "erin@lab.test"];
        try
        {
            await using (var lab = await LabHarness.StartAsync("empty", dir))
            {
                var writes = users.SelectMany(user => Enumerable.Range(0, 8).Select(batch => lab.CreateAsync(string.Concat(Enumerable.Range(0, 10).Select(i =>
                    $"<t:Contact><t:GivenName>P{batch}-{i}</t:GivenName><t:Surname>{user[..user.IndexOf('@')]}</t:Surname></t:Contact>")), user: user)));
                await Task.WhenAll(writes);
            }

            await using var restarted = await LabHarness.StartAsync("empty", dir);
            foreach (var user in users)
            {
                var sync = await restarted.CallOneAsync("""<m:SyncFolderItems><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:SyncFolderId><t:DistinguishedFolderId Id="contacts"/></m:SyncFolderId><m:MaxChangesReturned>512</m:MaxChangesReturned></m:SyncFolderItems>""", user);
                Assert.Equal(80, sync.Element(M + "Changes")!.Elements(T + "Create").Count());
            }
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
