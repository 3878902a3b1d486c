using Tandem.Core.Connectors;
using Tandem.Core.Sync;
using Tandem.State;

namespace Tandem.Engine;

/// <summary>
/// After creating items in a member, reads it once more so its stored token covers our own creates. Exchange's
/// SyncFolderItems (and a public-folder scan compared with the previous one) reports a deletion only for items the
/// token had already seen: a copy created after the read whose token we stored, then deleted by its user before the
/// next read, would never be reported and the group would keep it in every other member. The new token is kept only
/// when this read holds nothing but our own writes (same id and change key as recorded), so no user change is skipped;
/// otherwise the next cycle reads from the old token as usual.
/// </summary>
internal static class PostWriteCatchUp
{
    public static async Task RunAsync(IStateStore store, string group, MemberSessions sessions, IReadOnlyCollection<int> memberIds, CancellationToken ct)
    {
        if (memberIds.Count == 0) return;
        var state = await store.LoadGroupStateAsync(group, ct).ConfigureAwait(false);
        var delta = new StateDelta();
        foreach (var member in state.Members.Where(m => memberIds.Contains(m.Id) && m.Token is not null))
        {
            if (sessions.Session(member.Id) is not { } session) continue;
            ChangeSet changes;
            try
            {
                changes = await session.ReadChangesAsync(member.Token, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                continue; // the stored token stays; the next cycle reads from it
            }
            if (changes.IsComplete || changes.Deletions.Count > 0) continue;
            var recorded = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var item in state.MemberItems.Where(i => i.MemberId == member.Id && i.RemoteId is not null)) recorded[item.RemoteId!] = item.ChangeKey;
            if (changes.Upserts.All(u => recorded.TryGetValue(u.RemoteId, out var key) && key == u.ChangeKey)) delta.Tokens[member.Id] = changes.NewToken;
        }
        if (!delta.IsEmpty) await store.ApplyAsync(group, delta, ct).ConfigureAwait(false);
    }
}
