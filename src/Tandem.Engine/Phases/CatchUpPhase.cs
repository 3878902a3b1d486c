using Tandem.Core.Connectors;
using Tandem.Core.Sync;
using Tandem.State;

namespace Tandem.Engine.Phases;

/// <summary>
/// After writing to a member, reads it once more from the token the plan stored, so that token comes to cover our own
/// writes. Exchange's SyncFolderItems (and a public-folder scan compared with the previous one) reports a deletion only
/// for an item the token had already seen: a copy created after the stored token and deleted by its user before the
/// next read would never be reported. The new token is kept only when the read holds nothing but this cycle's own
/// writes, as recorded in the <see cref="WriteLog"/> (same id and change key; deletions of what we deleted), so no
/// user change is skipped. When a user changed something meanwhile the token stays, and a member we created items in
/// is named in the result: the engine runs a follow-up cycle at once, whose writes are caught up in turn.
/// A session that builds its own tokens (<see cref="IOwnWritesToken"/>: local folders) names the token covering exactly
/// the recorded writes instead, and is not read: for a big folder that read was a second scan of every file.
/// </summary>
internal static class CatchUpPhase
{
    public static async Task<IReadOnlyList<int>> RunAsync(IGroupStateStore store, string group, PlannedRules rules, IReadOnlyDictionary<int, string?> tokens, MemberSessions sessions, WriteLog log, CancellationToken ct)
    {
        // Members are read a few at a time, as in the read phase (a connector may send reads issued together as one
        // request), started in member order so that a store answering synchronously is read in exactly that order.
        var reads = new List<(int MemberId, Task<ChangeSet?> Read)>();
        var delta = new StateDelta { TokensPlannedWith = rules };
        using var gate = new SemaphoreSlim(ReadPhase.Parallel);
        try
        {
            foreach (var memberId in log.Members)
            {
                if (!tokens.TryGetValue(memberId, out var token) || token is null || sessions.Session(memberId) is not { } session) continue;
                // a session that builds its own tokens names the one covering exactly these writes: nothing to read
                if (session is IOwnWritesToken own && log.Of(memberId) is { } ours && own.TokenAfterOwnWrites(token, ours.Written, ours.Deleted) is { } covered)
                {
                    delta.Tokens[memberId] = covered;
                    continue;
                }
                await gate.WaitAsync(ct).ConfigureAwait(false);
                reads.Add((memberId, ReadAsync(session, token, gate, ct)));
            }
        }
        finally
        {
            // also when cancelled while starting them: the reads already started end before the gate they release goes
            await Task.WhenAll(reads.Select(r => r.Read)).ConfigureAwait(false);
        }

        var unsettled = new List<int>();
        foreach (var (memberId, read) in reads)
        {
            var writes = log.Of(memberId)!;
            // a failed read keeps the stored token; the next cycle reads from it
            if (read.Result is not { } changes)
            {
                if (writes.Created > 0) unsettled.Add(memberId);
                continue;
            }
            if (!changes.IsComplete && OnlyOurs(changes, writes)) delta.Tokens[memberId] = changes.NewToken;
            else if (!changes.IsComplete && writes.Created > 0) unsettled.Add(memberId);
        }
        if (!delta.IsEmpty) await store.ApplyAsync(group, delta, ct).ConfigureAwait(false);
        return unsettled;
    }

    private static async Task<ChangeSet?> ReadAsync(IFolderSession session, string token, SemaphoreSlim gate, CancellationToken ct)
    {
        try
        {
            return await session.ReadChangesAsync(token, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
        finally
        {
            gate.Release();
        }
    }

    private static bool OnlyOurs(ChangeSet changes, WriteLog.MemberWrites writes) =>
        changes.Upserts.All(u => writes.Written.TryGetValue(u.RemoteId, out var key) && key == u.ChangeKey) &&
        changes.Deletions.All(writes.Deleted.Contains);
}
