using Tandem.Connectors.Ews.Protocol;
using Tandem.Core.Connectors;

namespace Tandem.Connectors.Ews.Tests;

/// <summary>Per-server concurrency with several nodes: each node keeps to its part, so together they keep to the limit.</summary>
public sealed class ClusterShareTests
{
    private static async Task<List<IDisposable>> EnterAsync(ServerGate gate, int count)
    {
        var leases = new List<IDisposable>();
        for (var i = 0; i < count; i++) leases.Add(await gate.EnterAsync($"m{i}@lab.test", CancellationToken.None));
        return leases;
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 4)]
    [InlineData(3, 2)]
    [InlineData(20, 1)]
    public async Task EnterAsync_NodesShareTheServerLimit_EachNodeTakesItsPartAndTheNextWaits(int nodes, int part)
    {
        var gate = new ServerGate(TimeProvider.System, 8, 2, new LimitShare { Nodes = nodes });
        var held = await EnterAsync(gate, part);

        var next = gate.EnterAsync("other@lab.test", CancellationToken.None);
        await Task.Delay(50);

        Assert.False(next.IsCompleted);
        Assert.Equal(part, gate.InFlight);
        held[0].Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public async Task EnterAsync_ANodeLeaves_WaitingRequestsGoAheadUpToTheLargerPart()
    {
        var share = new LimitShare { Nodes = 2 };
        var gate = new ServerGate(TimeProvider.System, 8, 2, share);
        await EnterAsync(gate, 4);
        var waiting = Enumerable.Range(0, 5).Select(i => gate.EnterAsync($"w{i}@lab.test", CancellationToken.None)).ToList();
        await Task.Delay(50);
        Assert.All(waiting, w => Assert.False(w.IsCompleted));

        share.Nodes = 1;

        await Task.WhenAll(waiting.Take(4)).WaitAsync(TimeSpan.FromSeconds(10));
        await Task.Delay(50);
        Assert.False(waiting[4].IsCompleted);
        Assert.Equal(8, gate.InFlight);
    }

    [Fact]
    public async Task EnterAsync_NodesJoin_RequestsInFlightFinishAndNewOnesWaitUntilUnderTheSmallerPart()
    {
        var share = new LimitShare();
        var gate = new ServerGate(TimeProvider.System, 8, 2, share);
        var held = await EnterAsync(gate, 6);

        share.Nodes = 4; // part: 2
        var next = gate.EnterAsync("late@lab.test", CancellationToken.None);
        for (var i = 0; i < 4; i++) held[i].Dispose();
        await Task.Delay(50);
        Assert.False(next.IsCompleted); // 2 in flight: the part is full

        held[4].Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    /// <summary>Two nodes' gates and the database's slots, stood in for by one semaphore per mailbox that both nodes share.</summary>
    private static (ServerGate A, ServerGate B) TwoNodes(System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> slots, int perMailbox, params string[] shared)
    {
        async Task<IAsyncDisposable> Take(string key, int limit, CancellationToken ct)
        {
            var semaphore = slots.GetOrAdd(key, _ => new SemaphoreSlim(limit));
            await semaphore.WaitAsync(ct);
            return new Slot(semaphore);
        }
        ServerGate Node()
        {
            var share = new LimitShare { Nodes = 2, ClusterSlots = Take };
            share.ShareMailboxes(shared);
            return new ServerGate(TimeProvider.System, 16, perMailbox, share);
        }
        return (Node(), Node());
    }

    private sealed class Slot(SemaphoreSlim semaphore) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            semaphore.Release();
            return ValueTask.CompletedTask;
        }
    }

    [Fact]
    public async Task EnterAsync_MailboxUsedByGroupsOnTwoNodes_BothNodesTogetherKeepToItsLimit()
    {
        var slots = new System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);
        var (a, b) = TwoNodes(slots, 2, "Boss@lab.test");
        var held = new List<IDisposable> { await a.EnterAsync("boss@lab.test", CancellationToken.None), await a.EnterAsync("boss@lab.test", CancellationToken.None) };

        var fromB = b.EnterAsync("BOSS@lab.test", CancellationToken.None);
        // a mailbox only b's groups use is b's alone
        (await b.EnterAsync("own@lab.test", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        (await b.EnterAsync("own@lab.test", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        await Task.Delay(50);

        Assert.False(fromB.IsCompleted);
        Assert.Equal(["mailbox:boss@lab.test"], slots.Keys);
        held[0].Dispose();
        (await fromB.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
        held[1].Dispose();
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_GivesNoSlotAway()
    {
        var gate = new ServerGate(TimeProvider.System, 2, 2, new LimitShare { Nodes = 2 });
        var held = await EnterAsync(gate, 1);
        using var cancel = new CancellationTokenSource();
        var waiting = gate.EnterAsync("w@lab.test", cancel.Token);

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held[0].Dispose();
        Assert.Equal(0, gate.InFlight);
        (await gate.EnterAsync("again@lab.test", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }
}
