using Microsoft.Extensions.Logging;
using Tandem.Core.Connectors;
using Tandem.Core.Groups;
using Tandem.Core.Sync;
using Tandem.State;

namespace Tandem.Engine.Phases;

/// <summary>
/// Sends the planned writes member by member in batches and records each batch's results in one commit. A batch that
/// fails stops that member's writes for this cycle (what reached the store is found again next cycle by stamp,
/// change key or the write-ahead record); the other members go on.
/// </summary>
internal static class WritePhase
{
    public static async Task<WriteLog> RunAsync(IGroupStateStore store, string group, IReadOnlyList<SyncMember> members, IReadOnlyDictionary<int, string?> tokens,
        MemberSessions sessions, IReadOnlyList<PlannedWrite> writes, Dictionary<int, MemberTally> tallies, int batchSize, CancellationToken stopping, ILogger logger, CancellationToken ct)
    {
        var log = new WriteLog();
        foreach (var byMember in writes.GroupBy(w => w.MemberId))
        {
            var tally = tallies[byMember.Key];
            var mark = TokenMark.Of(tokens.GetValueOrDefault(byMember.Key));
            var session = sessions.Session(byMember.Key);
            if (session is null)
            {
                tally.Error ??= sessions.Error(byMember.Key) ?? "not opened";
                continue;
            }
            foreach (var batch in byMember.Chunk(Math.Max(1, batchSize)))
            {
                // stopping: what is left stays planned (committed) and is written by the next cycle, as after a crash
                if (stopping.IsCancellationRequested) return log;
                IReadOnlyList<WriteResult> results;
                try
                {
                    results = await session.WriteAsync(batch.Select(w => w.Request).ToList(), ct).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    tally.Error ??= e.Message;
                    EngineLog.WriteFailed(logger, group, Folder(members, byMember.Key), e.Message);
                    sessions.Fail(byMember.Key, e.Message);
                    break;
                }
                await store.ApplyAsync(group, WriteOutcomes.Apply(batch, results, tally, mark, log.For(byMember.Key)), ct).ConfigureAwait(false);
            }
        }
        return log;
    }

    internal static string Folder(IReadOnlyList<SyncMember> members, int memberId) =>
        members.FirstOrDefault(m => m.Id == memberId)?.Folder.ToString() ?? memberId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
