using System.Text.Json.Nodes;
using Tandem.Integration.Tests.Ews;
using Xunit.Abstractions;

namespace Tandem.Integration.Tests.Graph;

/// <summary>
/// Whole-process scenarios with mailboxes over the lab's Graph face: `tandem sync` processes, results read back through
/// the lab's EWS (the same store) and changed by users through raw Graph requests.
/// </summary>
public sealed class GraphSyncProcessTests(ITestOutputHelper log)
{
    private const string Alice = "alice@lab.test";
    private const string Bob = "bob@lab.test";
    private const string Carol = "carol@lab.test";
    private const string Dave = "dave@lab.test";

    /// <summary>
    /// The hybrid case: the public folder over EWS as source, Graph mailboxes as targets, one two-way mailbox over each
    /// protocol; edits and deletes from both two-way members reach everyone, and a quiet sync writes nothing.
    /// </summary>
    [Fact]
    public async Task MixedGroup_PublicFolderOverEws_MailboxesOverGraph_ConvergeThroughEditsAndDeletes()
    {
        await using var f = await LabFixture.StartAsync();
        using var user = new GraphUser(f.Lab.BaseUrl);
        await AddConnectionsAsync(f);
        await EwsCli.RunOkAsync(f.State, "group", "add", "company", "--type", "contacts");
        await EwsCli.RunOkAsync(f.State, "member", "add", "company", "lab:public/Company Contacts", "--role", "source");
        await EwsCli.RunOkAsync(f.State, "member", "add", "company", $"g:{Bob}/Contacts/Company", "--role", "target");
        await EwsCli.RunOkAsync(f.State, "member", "add", "company", $"g:{Carol}/Contacts/Company", "--role", "target");
        await EwsCli.RunOkAsync(f.State, "member", "add", "company", $"lab:{Alice}/Contacts/Company", "--role", "two-way");
        await EwsCli.RunOkAsync(f.State, "member", "add", "company", $"g:{Dave}/Contacts/Company", "--role", "two-way");

        log.WriteLine(await EwsCli.RunOkAsync(f.State, "sync"));
        var source = Sorted(await f.ContactsAsync(Alice, "Company Contacts", isPublic: true));
        Assert.Equal(300, source.Count);
        foreach (var member in new[] { Alice, Bob, Carol, Dave })
        {
            Assert.Equal(source, Sorted(await f.ContactsAsync(member, "Contacts/Company")));
        }

        var daves = (await user.ContactsAsync(Dave, "Company")).OrderBy(c => (string?)c["displayName"], StringComparer.Ordinal).ToList();
        var editedName = (string)daves[0]["displayName"]!;
        await user.PatchAsync(Dave, (string)daves[0]["id"]!, new JsonObject { ["jobTitle"] = "Edited over Graph" });
        var deletedName = (string)daves[^1]["displayName"]!;
        var deletedBefore = daves.Count(c => (string?)c["displayName"] == deletedName);
        await user.DeleteAsync(Dave, (string)daves[^1]["id"]!);

        log.WriteLine(await EwsCli.RunOkAsync(f.State, "sync"));

        // The source receives nothing (its role): it keeps its 300 as they were.
        Assert.Equal(source, Sorted(await f.ContactsAsync(Alice, "Company Contacts", isPublic: true)));
        foreach (var (member, path, isPublic) in new[] { (Alice, "Contacts/Company", false), (Bob, "Contacts/Company", false), (Carol, "Contacts/Company", false), (Dave, "Contacts/Company", false) })
        {
            var contacts = await f.ContactsAsync(member, path, isPublic);
            Assert.Equal(299, contacts.Count);
            Assert.Contains(contacts, c => c.Name == editedName && c.Title == "Edited over Graph");
            Assert.Equal(deletedBefore - 1, contacts.Count(c => c.Name == deletedName));
        }

        Assert.Equal(0, EwsCli.Writes(await EwsCli.RunOkAsync(f.State, "sync")));
    }

    /// <summary>A lost delta token and a throttled run: the next syncs neither duplicate nor lose anything.</summary>
    [Fact]
    public async Task TwoWayOverGraph_LostDeltaTokensAndThrottling_NoDuplicateNothingLost()
    {
        await using var f = await LabFixture.StartAsync();
        using var user = new GraphUser(f.Lab.BaseUrl);
        await AddConnectionsAsync(f);
        await EwsCli.RunOkAsync(f.State, "group", "add", "ring", "--type", "contacts");
        await EwsCli.RunOkAsync(f.State, "member", "add", "ring", "lab:public/Company Contacts", "--role", "source");
        await EwsCli.RunOkAsync(f.State, "member", "add", "ring", $"g:{Bob}/Contacts/Company", "--role", "two-way");
        await EwsCli.RunOkAsync(f.State, "member", "add", "ring", $"g:{Carol}/Contacts/Company", "--role", "two-way");
        // 429s with Retry-After during the first fan-out: the connector waits and retries, the run still completes.
        f.Lab.Graph.Faults.Throttle(8, retryAfterSeconds: 1);
        log.WriteLine(await EwsCli.RunOkAsync(f.State, "sync"));
        Assert.Equal(8, f.Lab.Graph.Faults.Throttled);

        f.Lab.Graph.Faults.LoseDeltaTokens();
        await user.CreateAsync(Bob, "Company", new JsonObject { ["givenName"] = "Zed", ["surname"] = "New", ["displayName"] = "Zed New", ["fileAs"] = "New, Zed" });
        log.WriteLine(await EwsCli.RunOkAsync(f.State, "sync"));

        // The whole folders were read again: every copy is matched by its id and stamp, none is made twice, and the
        // contact Bob added reaches Carol once (the public folder is the source: it receives nothing).
        var source = Sorted(await f.ContactsAsync(Alice, "Company Contacts", isPublic: true));
        Assert.Equal(300, source.Count);
        var bob = Sorted(await f.ContactsAsync(Bob, "Contacts/Company"));
        Assert.Equal(301, bob.Count);
        Assert.Single(bob, c => c.Name == "Zed New");
        Assert.Equal(bob, Sorted(await f.ContactsAsync(Carol, "Contacts/Company")));
        Assert.Equal(source, bob.Where(c => c.Name != "Zed New").ToList());

        Assert.Equal(0, EwsCli.Writes(await EwsCli.RunOkAsync(f.State, "sync")));
    }

    /// <summary>`tandem folders` on a graph connection's public folders says Graph has none and what to do instead.</summary>
    [Fact]
    public async Task Folders_PublicOverGraph_SaysGraphHasNoneAndNamesTheAlternative()
    {
        await using var f = await LabFixture.StartAsync();
        await AddConnectionsAsync(f);
        var (exit, output, error) = await Local.TandemProcess.RunAsync(f.State, EwsCli.Generous, "folders", "g:public");
        Assert.NotEqual(0, exit);
        Assert.Contains("no public folders", output + error, StringComparison.Ordinal);
        Assert.Contains("shared mailbox", output + error, StringComparison.Ordinal);
        var listing = await EwsCli.RunOkAsync(f.State, "folders", $"g:{Alice}");
        Assert.Contains("Contacts", listing, StringComparison.Ordinal);
    }

    /// <summary>The ews connection "lab" (init included) and the graph connection "g", both on the test's lab.</summary>
    internal static async Task AddConnectionsAsync(LabFixture f)
    {
        await EwsCli.AddLabConnectionAsync(f.State, f.Lab.BaseUrl);
        await EwsCli.RunOkAsync(f.State, "connection", "add", "g", "--type", "graph", "--graph-url", new Uri(f.Lab.BaseUrl, "v1.0").ToString());
    }

    private static List<(string Name, string Title, string Company)> Sorted(List<(string Name, string Title, string Company)> contacts) =>
        [.. contacts.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Title, StringComparer.Ordinal).ThenBy(c => c.Company, StringComparer.Ordinal)];
}
