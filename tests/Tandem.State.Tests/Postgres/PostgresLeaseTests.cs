using Tandem.Core.Sync;
using Tandem.State.Cluster;
using Tandem.State.Tests.Contract;

namespace Tandem.State.Tests.Postgres;

/// <summary>Leases, epochs and the write fence on a real PostgreSQL: what keeps two nodes from writing one group.</summary>
public sealed class PostgresLeaseTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private readonly TempPostgresDatabase _db = new();

    private async Task<(IStateStore Admin, ILeaseStore Leases)> ClusterAsync(params string[] groups)
    {
        var admin = await _db.OpenAsync();
        await admin.AddConnectionAsync(StoreContract.Local("files"), new Dictionary<string, string>(), default);
        foreach (var g in groups) await admin.AddGroupAsync(StoreContract.Group(g, $"files:{g}/A"), default);
        return (admin, (ILeaseStore)admin);
    }

    private static StateDelta Step(string token)
    {
        var delta = new StateDelta();
        delta.Tokens[1] = token;
        return delta;
    }

    [SkippableFact]
    public async Task ClaimAsync_TwoNodes_TakeDisjointGroupsUpToTheirShare()
    {
        var (admin, leases) = await ClusterAsync("g1", "g2", "g3", "g4");
        await using var _ = admin;

        var a = await leases.ClaimAsync("a", ["g1", "g2", "g3", "g4"], 2, Long, default);
        var b = await leases.ClaimAsync("b", ["g1", "g2", "g3", "g4"], 3, Long, default);

        Assert.Equal(2, a.Count);
        Assert.Equal(2, b.Count);
        Assert.Empty(a.Select(l => l.Name).Intersect(b.Select(l => l.Name)));
        Assert.All(a.Concat(b), l => Assert.Equal(1, l.Epoch));
    }

    [SkippableFact]
    public async Task ClaimAsync_ConcurrentNodes_NeverClaimTheSameGroupTwice()
    {
        var names = Enumerable.Range(1, 12).Select(i => $"g{i:00}").ToArray();
        var (admin, _) = await ClusterAsync(names);
        await using var __ = admin;
        var stores = new List<IStateStore>();
        for (var i = 0; i < 4; i++) stores.Add(await _db.OpenAsync());

        var claims = await Task.WhenAll(stores.Select((s, i) => ((ILeaseStore)s).ClaimAsync($"n{i}", names, 12, Long, default)));

        var all = claims.SelectMany(c => c.Select(l => l.Name)).ToList();
        Assert.Equal(names.Length, all.Count);
        Assert.Equal(names.Length, all.Distinct().Count());
        foreach (var s in stores) await s.DisposeAsync();
    }

    [SkippableFact]
    public async Task Takeover_AfterExpiry_BumpsTheEpochAndTheOldOwnersWriteIsRefused()
    {
        var (admin, leases) = await ClusterAsync("g1");
        await using var _ = admin;
        var fenceA = new ClusterFence("a");
        var fenceB = new ClusterFence("b");
        await using var nodeA = await _db.OpenAsync(fenceA);
        await using var nodeB = await _db.OpenAsync(fenceB);
        // long enough for the write to commit inside it on a loaded machine (the fence looks again just before COMMIT)
        var first = Assert.Single(await leases.ClaimAsync("a", ["g1"], 1, TimeSpan.FromSeconds(3), default));
        fenceA.Hold("g1", first.Epoch);
        await nodeA.ApplyAsync("g1", Step("from-a"), default);

        await Task.Delay(3500);
        Assert.Empty(await leases.RenewAsync("a", Long, default)); // too late: it ran out
        var second = Assert.Single(await leases.ClaimAsync("b", ["g1"], 1, Long, default));
        fenceB.Hold("g1", second.Epoch);
        var refused = await Assert.ThrowsAsync<LeaseLostException>(() => nodeA.ApplyAsync("g1", Step("late-from-a"), default));
        await nodeB.ApplyAsync("g1", Step("from-b"), default);

        Assert.Equal(first.Epoch + 1, second.Epoch);
        Assert.Contains("lost its lease", refused.Message, StringComparison.Ordinal);
        Assert.Contains("owner now b", refused.Message, StringComparison.Ordinal);
        Assert.Equal("from-b", (await admin.LoadGroupHeadAsync("g1", default)).Members[0].Token);
        // each write is timed on the database clock: epoch 1's was before epoch 2 was claimed, epoch 2's after
        Assert.Equal("t|t", await _db.Server!.QueryAsync(_db.Name,
            "SELECT (SELECT last_write FROM lease_writes WHERE epoch = 1) < claimed, last_write >= claimed FROM lease_writes WHERE name = 'g1' AND epoch = 2"));
    }

    [SkippableFact]
    public async Task EndSessionsOfSilentNodes_AWriterStoppedInsideItsTransaction_NoLongerHoldsItsGroupBack()
    {
        var (admin, leases) = await ClusterAsync("g1");
        await using var _ = admin;
        Assert.Single(await leases.ClaimAsync("b", ["g1"], 1, TimeSpan.FromMilliseconds(300), default));
        await leases.BeatAsync("b", DateTimeOffset.UnixEpoch, default);
        // node b stopped in the middle of a fenced write: its session holds the lease row locked and sends nothing more
        var (stopped, tx) = await HoldLeaseRowAsync("b", "g1");
        await using var __ = stopped;
        await Task.Delay(700);
        Assert.Empty(await leases.ClaimAsync("a", ["g1"], 1, Long, default)); // expired, but locked: skipped

        var ended = await leases.EndSessionsOfSilentNodesAsync(TimeSpan.FromMilliseconds(500), default);

        Assert.Equal(1, ended);
        var taken = Assert.Single(await leases.ClaimAsync("a", ["g1"], 1, Long, default));
        Assert.Equal(2, taken.Epoch);
        await using var late = new Npgsql.NpgsqlCommand("SELECT 1", stopped, tx);
        await Assert.ThrowsAnyAsync<Npgsql.NpgsqlException>(() => late.ExecuteScalarAsync());
    }

    [SkippableFact]
    public async Task EndSessionsOfSilentNodes_ASlowNodesFreshTransaction_IsLeftAlone()
    {
        var (admin, leases) = await ClusterAsync("g1");
        await using var _ = admin;
        await leases.BeatAsync("b", DateTimeOffset.UnixEpoch, default);
        await Task.Delay(700);
        // b is late (a loaded machine) and has just begun its next transaction, the beat that brings it back
        var (busy, tx) = await HoldLeaseRowAsync("b", "g1");
        await using var __ = busy;

        Assert.Equal(0, await leases.EndSessionsOfSilentNodesAsync(TimeSpan.FromMilliseconds(500), default));
        await using var still = new Npgsql.NpgsqlCommand("SELECT 1", busy, tx);
        Assert.Equal(1, await still.ExecuteScalarAsync());
    }

    /// <summary>A session named as <paramref name="node"/>'s, inside a transaction that holds the lease row as the fence does.</summary>
    private async Task<(Npgsql.NpgsqlConnection Connection, Npgsql.NpgsqlTransaction Tx)> HoldLeaseRowAsync(string node, string group)
    {
        var uri = new Uri(await _db.UrlAsync());
        var connection = new Npgsql.NpgsqlConnection(
            $"Host={uri.Host};Port={uri.Port};Username={uri.UserInfo};Database={uri.AbsolutePath.TrimStart('/')};Application Name=tandem/{node}");
        await connection.OpenAsync();
        var tx = await connection.BeginTransactionAsync();
        await using var hold = new Npgsql.NpgsqlCommand("SELECT 1 FROM group_leases WHERE name = @g FOR KEY SHARE", connection, tx);
        hold.Parameters.AddWithValue("g", group);
        await hold.ExecuteScalarAsync();
        return (connection, tx);
    }

    [SkippableFact]
    public async Task ApplyAsync_FencedStoreWithoutLease_IsRefusedAndStoresNothing()
    {
        var (admin, _) = await ClusterAsync("g1");
        await using var __ = admin;
        await using var node = await _db.OpenAsync(new ClusterFence("a"));

        var refused = await Assert.ThrowsAsync<LeaseLostException>(() => node.ApplyAsync("g1", Step("t"), default));

        Assert.Contains("holds no lease", refused.Message, StringComparison.Ordinal);
        Assert.Null((await admin.LoadGroupHeadAsync("g1", default)).Members[0].Token);
    }

    [SkippableFact]
    public async Task ApplyAsync_ExpiredButUnclaimedLease_IsRefused()
    {
        var (admin, leases) = await ClusterAsync("g1");
        await using var _ = admin;
        var fence = new ClusterFence("a");
        await using var node = await _db.OpenAsync(fence);
        fence.Hold("g1", Assert.Single(await leases.ClaimAsync("a", ["g1"], 1, TimeSpan.FromMilliseconds(200), default)).Epoch);

        await Task.Delay(400);

        await Assert.ThrowsAsync<LeaseLostException>(() => node.ApplyAsync("g1", Step("t"), default));
    }

    [SkippableFact]
    public async Task ReleaseAsked_ThenReleased_IsClaimedByAnotherNodeWithANewEpoch()
    {
        var (admin, leases) = await ClusterAsync("g1");
        await using var _ = admin;
        var held = Assert.Single(await leases.ClaimAsync("a", ["g1"], 1, Long, default));
        await using var leader = await leases.TryLeadAsync(default);

        await leader!.AskReleaseAsync("g1", "a", default);
        Assert.True(Assert.Single(await leases.RenewAsync("a", Long, default)).ReleaseAsked);
        Assert.Empty(await leases.ClaimAsync("b", ["g1"], 1, Long, default)); // still a's until it lets go
        await leases.ReleaseAsync("a", "g1", default);
        // a released lease is listed (leader, status) as free: no owner, nothing left to run
        var free = Assert.Single(await leases.ListLeasesAsync(default));
        Assert.Null(free.Owner);
        Assert.Equal(TimeSpan.Zero, free.ExpiresIn);
        var taken = Assert.Single(await leases.ClaimAsync("b", ["g1"], 1, Long, default));

        Assert.Equal(held.Epoch + 1, taken.Epoch);
        Assert.False(taken.ReleaseAsked);
    }

    [SkippableFact]
    public async Task TryLeadAsync_OnlyOneLeaderUntilItLetsGo()
    {
        var (admin, leases) = await ClusterAsync();
        await using var _ = admin;
        await using var other = await _db.OpenAsync();

        var first = await leases.TryLeadAsync(default);
        var second = await ((ILeaseStore)other).TryLeadAsync(default);
        Assert.NotNull(first);
        Assert.Null(second);
        await first.DisposeAsync();
        var after = await ((ILeaseStore)other).TryLeadAsync(default);

        Assert.NotNull(after);
        await after.DisposeAsync();
    }

    [SkippableFact]
    public async Task EndSessionsOfSilentNodes_ALeaderPausedPastItsLease_AnotherLeadsAndTheOldOneCannotAct()
    {
        var (admin, leases) = await ClusterAsync("g1");
        await using var _ = admin;
        await using var nodeA = await _db.OpenAsync(new ClusterFence("a"));
        Assert.Single(await leases.ClaimAsync("b", ["g1"], 1, Long, default));
        var old = await ((ILeaseStore)nodeA).TryLeadAsync(default);
        Assert.NotNull(old);
        await ((ILeaseStore)nodeA).BeatAsync("a", DateTimeOffset.UnixEpoch, default);
        // a is stopped: its leader session stays open, idle, outside any transaction
        await Task.Delay(700);
        Assert.Null(await leases.TryLeadAsync(default));

        Assert.Equal(1, await leases.EndSessionsOfSilentNodesAsync(TimeSpan.FromMilliseconds(500), default));

        await using var next = await leases.TryLeadAsync(default);
        Assert.NotNull(next);
        // a wakes: its leadership is gone, and it can neither confirm it nor ask anything of the others
        await Assert.ThrowsAnyAsync<Exception>(() => old.ConfirmAsync(default));
        await Assert.ThrowsAnyAsync<Exception>(() => old.AskReleaseAsync("g1", "b", default));
        Assert.False(Assert.Single(await leases.ListLeasesAsync(default)).ReleaseAsked);
        await next.ConfirmAsync(default);
        await old.DisposeAsync();
    }

    [SkippableFact]
    public async Task TakeSlotAsync_TwoNodesOneMailbox_TogetherKeepToItsLimit()
    {
        var (admin, leases) = await ClusterAsync();
        await using var _ = admin;
        await using var other = await _db.OpenAsync(new ClusterFence("b"));
        var b = (ILeaseStore)other;
        var first = await leases.TakeSlotAsync("mailbox:boss@lab.test", 2, default);
        var second = await b.TakeSlotAsync("mailbox:boss@lab.test", 2, default);

        var third = b.TakeSlotAsync("mailbox:boss@lab.test", 2, default);
        var elsewhere = await leases.TakeSlotAsync("mailbox:someone@lab.test", 2, default).WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(300);

        Assert.False(third.IsCompleted);
        await first.DisposeAsync();
        await (await third.WaitAsync(TimeSpan.FromSeconds(10))).DisposeAsync();
        await second.DisposeAsync();
        await elsewhere.DisposeAsync();
    }

    [SkippableFact]
    public async Task TryRunJobAsync_RunsOncePerIntervalAcrossNodes()
    {
        var (admin, leases) = await ClusterAsync();
        await using var _ = admin;
        await using var other = await _db.OpenAsync();

        var runs = await Task.WhenAll(
            leases.TryRunJobAsync("retention", "a", TimeSpan.FromHours(1), default),
            ((ILeaseStore)other).TryRunJobAsync("retention", "b", TimeSpan.FromHours(1), default));
        var again = await leases.TryRunJobAsync("retention", "a", TimeSpan.FromHours(1), default);

        Assert.Equal(1, runs.Count(r => r));
        Assert.False(again);
    }

    [SkippableFact]
    public async Task BeatAsync_ListsNodesWithTheirAgeOnTheDatabaseClock()
    {
        var (admin, leases) = await ClusterAsync();
        await using var _ = admin;
        var started = new DateTimeOffset(2026, 12, 5, 6, 0, 0, TimeSpan.Zero);

        await leases.BeatAsync("b", started, default);
        await leases.BeatAsync("a", started, default);
        var nodes = await leases.ListNodesAsync(default);

        Assert.Equal(["a", "b"], nodes.Select(n => n.Node));
        Assert.All(nodes, n => Assert.InRange(n.SinceBeat, TimeSpan.Zero, TimeSpan.FromSeconds(30)));
        Assert.Equal(started, nodes[0].Started);
    }
}
