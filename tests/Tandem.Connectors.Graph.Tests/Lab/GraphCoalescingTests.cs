using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Testing.Items;

namespace Tandem.Connectors.Graph.Tests.Lab;

/// <summary>
/// Requests that the sessions of one connector issue together share a $batch (counted in round trips to the lab, a $batch
/// being one): the delta reads of many members (an engine's catch-up after a fan-out); each member still gets exactly its
/// own answer, throttled ones after their Retry-After. And a receiving member's new folder costs one request.
/// </summary>
public sealed class GraphCoalescingTests(GraphLab lab) : IClassFixture<GraphLab>
{
    private const int Members = 10;

    private static CancellationToken Ct => new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token;

    private long Requests => lab.Server.Graph.Faults.Requests;

    [Fact]
    public async Task DeltaReadsOfManyMembers_TravelInOneBatch_EachMemberGetsItsOwnChanges()
    {
        var (connector, sessions, tokens) = await MembersWithTokensAsync("Catch-up");
        await using var _ = connector;
        await WriteOnePerMemberAsync(sessions);

        var before = Requests;
        var reads = await Task.WhenAll(sessions.Select((s, i) => s.ReadChangesAsync(tokens[i], Ct)));

        // one $batch for ten delta GETs (two if the machine paused between the ten starts); one each without coalescing
        Assert.InRange(Requests - before, 1, 2);
        for (var i = 0; i < Members; i++)
        {
            Assert.False(reads[i].IsComplete);
            Assert.Equal(["L-" + i], reads[i].Upserts.Select(u => u.Stamp?.LogicalId));
        }
    }

    [Fact]
    public async Task DeltaReadsInOneBatch_ThrottledInside_RetriedAfterRetryAfter_NothingLost()
    {
        var (connector, sessions, tokens) = await MembersWithTokensAsync("Throttled");
        await using var _ = connector;
        await WriteOnePerMemberAsync(sessions);
        var throttled = lab.Server.Graph.Faults.Throttled;
        lab.Server.Graph.Faults.Throttle(3, retryAfterSeconds: 1);

        var reads = await Task.WhenAll(sessions.Select((s, i) => s.ReadChangesAsync(tokens[i], Ct)));

        Assert.Equal(throttled + 3, lab.Server.Graph.Faults.Throttled);
        for (var i = 0; i < Members; i++)
        {
            Assert.Equal(["L-" + i], reads[i].Upserts.Select(u => u.Stamp?.LogicalId));
        }
    }

    [Fact]
    public async Task ReceivingMemberOpenedByPath_ItsNewFolderCostsOneRequest_AnExistingOneIsTakenNotDuplicated()
    {
        var name = $"Company {Guid.NewGuid():N}";
        var folder = FolderRef.Parse($"lab:alice@lab.test/Contacts/{name}");
        await using var connector = lab.Connect();
        var before = Requests;

        var first = await connector.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct);
        Assert.Equal(1, Requests - before);
        Assert.Equal(WriteOutcome.Ok, Assert.Single(await first.WriteAsync([SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "Kept"), "L-kept", "g")], Ct)).Outcome);
        var again = await connector.OpenFolderAsync(folder, ItemKind.Contact, create: true, Ct);

        Assert.Equal(["L-kept"], (await again.ReadChangesAsync(null, Ct)).Upserts.Select(u => u.Stamp?.LogicalId));
        Assert.Single(await connector.ListFoldersAsync("alice@lab.test", Ct), f => f.Path == "Contacts/" + name);
    }

    [Fact]
    public async Task NewFolderThrottled_CreatedOnceAfterRetryAfter_WithItsName()
    {
        var name = $"Throttled {Guid.NewGuid():N}";
        await using var connector = lab.Connect();
        var throttled = lab.Server.Graph.Faults.Throttled;
        lab.Server.Graph.Faults.Throttle(2, retryAfterSeconds: 1);

        var session = await connector.OpenFolderAsync(FolderRef.Parse($"lab:bob@lab.test/Contacts/{name}"), ItemKind.Contact, create: true, Ct);

        Assert.Equal(throttled + 2, lab.Server.Graph.Faults.Throttled);
        Assert.Equal(WriteOutcome.Ok, Assert.Single(await session.WriteAsync([SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "In it"), "L-in", "g")], Ct)).Outcome);
        Assert.Single(await connector.ListFoldersAsync("bob@lab.test", Ct), f => f.Path == "Contacts/" + name);
    }

    [Fact]
    public async Task MissingFolderOpenedWithoutCreate_FailsWithTheReason()
    {
        await using var connector = lab.Connect();
        var missing = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            connector.OpenFolderAsync(FolderRef.Parse($"lab:alice@lab.test/Contacts/Missing {Guid.NewGuid():N}"), ItemKind.Contact, create: false, Ct));

        Assert.Contains("there is no folder 'Missing ", missing.Message, StringComparison.Ordinal);
    }

    private List<string> NewMailboxes(string prefix)
    {
        var mailboxes = Enumerable.Range(0, Members).Select(i => $"{prefix.ToLowerInvariant()}{i}-{Guid.NewGuid():N}@lab.test").ToList();
        foreach (var mailbox in mailboxes) Assert.True(lab.Server.AddMailbox(mailbox));
        return mailboxes;
    }

    /// <summary>Ten mailboxes' folders, each read once (its token kept), all sessions of one connector.</summary>
    private async Task<(IConnector Connector, List<IFolderSession> Sessions, List<string> Tokens)> MembersWithTokensAsync(string prefix)
    {
        var connector = lab.Connect();
        var sessions = new List<IFolderSession>();
        var tokens = new List<string>();
        foreach (var mailbox in NewMailboxes(prefix))
        {
            var session = await connector.OpenFolderAsync(FolderRef.Parse($"lab:{mailbox}/Contacts/Company"), ItemKind.Contact, create: true, Ct);
            sessions.Add(session);
            tokens.Add((await session.ReadChangesAsync(null, Ct)).NewToken);
        }

        return (connector, sessions, tokens);
    }

    private static async Task WriteOnePerMemberAsync(List<IFolderSession> sessions)
    {
        for (var i = 0; i < sessions.Count; i++)
        {
            var written = Assert.Single(await sessions[i].WriteAsync([SampleItems.Create(SampleItems.Simple(ItemKind.Contact, "Member " + i), "L-" + i, "g")], Ct));
            Assert.Equal(WriteOutcome.Ok, written.Outcome);
        }
    }
}
