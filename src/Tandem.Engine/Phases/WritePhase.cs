using Microsoft.Extensions.Logging;
using Tandem.Core.Connectors;
using Tandem.Core.Sync;
using Tandem.State;

namespace Tandem.Engine.Phases;

/// <summary>
/// Sends the planned writes member by member in batches and records each batch's results in one commit. A batch that
/// fails stops that member's writes for this cycle (what reached the store is found again next cycle by stamp,
/// change key or the write-ahead record); the other members go on. Fresh creates (<see cref="SyncPlan.Creates"/>) come
/// last, their requests built a batch at a time: each batch's intents are committed before it is sent (with the
/// previous batch's results, in one commit), so an initial sync never holds every write at once.
/// </summary>
internal static class WritePhase
{
    public static async Task<WriteLog> RunAsync(IGroupStateStore store, string group, IReadOnlyList<SyncMember> members, IReadOnlyDictionary<int, string?> tokens,
        MemberSessions sessions, IReadOnlyList<PlannedWrite> writes, IReadOnlyList<PlannedCreate> creates, string groupUid, Dictionary<int, MemberTally> tallies,
        int batchSize, CancellationToken stopping, Func<bool>? mayWrite, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        var log = new WriteLog();
        batchSize = Math.Max(1, batchSize);
        // each member's writes are taken from the plan's lists as they are sent, not copied out first: an initial sync's
        // creates are hundreds of thousands of structs, and a copy grouped by member would double them for the whole phase
        foreach (var memberId in writes.Select(w => w.MemberId).Concat(creates.Select(c => c.MemberId)).Distinct().ToList())
        {
            var tally = tallies[memberId];
            var mark = TokenMark.Of(tokens.GetValueOrDefault(memberId));
            var session = sessions.Session(memberId);
            if (session is null)
            {
                tally.Error ??= sessions.Error(memberId) ?? "not opened";
                continue;
            }
            var planned = writes.Count(w => w.MemberId == memberId) + creates.Count(c => c.MemberId == memberId);
            var member = new MemberWriter(store, group, session, tally, mark, log.For(memberId, planned), () => Folder(members, memberId), time, logger, sessions, memberId);
            var ok = true;
            foreach (var batch in writes.Where(w => w.MemberId == memberId).Chunk(batchSize))
            {
                // stopping: what is left stays planned (committed) and is written by the next cycle, as after a crash
                if (stopping.IsCancellationRequested) return log;
                if (mayWrite?.Invoke() == false) return HeldBack(log, group, logger);
                if (!(ok = await member.SendAsync(batch, ct).ConfigureAwait(false))) break;
            }
            if (!ok) continue;
            StateDelta? carried = null;
            foreach (var batch in creates.Where(c => c.MemberId == memberId).Chunk(batchSize))
            {
                if (stopping.IsCancellationRequested) break;
                if (mayWrite?.Invoke() == false)
                {
                    HeldBack(log, group, logger);
                    break;
                }
                // write-ahead per batch: the intents go into the commit before the batch is sent
                var intents = carried ?? new StateDelta();
                foreach (var create in batch) intents.MemberItemUpserts.Add(create.Intent());
                await store.ApplyAsync(group, intents, ct).ConfigureAwait(false);
                carried = await member.WriteAsync(batch.Select(c => c.Write(groupUid)).ToArray(), ct).ConfigureAwait(false);
                if (carried is null) break;
            }
            if (carried is not null && !carried.IsEmpty) await store.ApplyAsync(group, carried, ct).ConfigureAwait(false);
            if (stopping.IsCancellationRequested) return log;
        }
        return log;
    }

    /// <summary>One member's batches: sent, and their outcomes turned into state changes.</summary>
    private sealed class MemberWriter(IGroupStateStore store, string group, IFolderSession session, MemberTally tally, long mark, WriteLog.MemberWrites log,
        Func<string> folder, TimeProvider time, ILogger logger, MemberSessions sessions, int memberId)
    {
        /// <summary>Sends a batch and commits its outcomes; false when the batch failed (the member's writes stop).</summary>
        public async Task<bool> SendAsync(PlannedWrite[] batch, CancellationToken ct)
        {
            var outcomes = await WriteAsync(batch, ct).ConfigureAwait(false);
            if (outcomes is null) return false;
            await store.ApplyAsync(group, outcomes, ct).ConfigureAwait(false);
            return true;
        }

        /// <summary>Sends a batch; its outcomes as state changes not yet committed, or null when the batch failed.</summary>
        public async Task<StateDelta?> WriteAsync(PlannedWrite[] batch, CancellationToken ct)
        {
            IReadOnlyList<WriteResult> results;
            try
            {
                results = await session.WriteAsync(batch.Select(w => w.Request).ToList(), ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                tally.Error ??= e.Message;
                EngineLog.WriteFailed(logger, group, folder(), e.Message);
                sessions.Fail(memberId, e.Message);
                return null;
            }
            return WriteOutcomes.Apply(batch, results, tally, mark, log, time.GetUtcNow());
        }
    }

    private static WriteLog HeldBack(WriteLog log, string group, ILogger logger)
    {
        EngineLog.WritesHeldBack(logger, group);
        return log;
    }

    internal static string Folder(IReadOnlyList<SyncMember> members, int memberId) =>
        members.FirstOrDefault(m => m.Id == memberId)?.Folder.ToString() ?? memberId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
