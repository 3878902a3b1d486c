using System.Globalization;
using Microsoft.Extensions.Logging;
using Tandem.Core.Sync;
using Tandem.State;

namespace Tandem.Engine.Phases;

/// <summary>
/// Before anything is read: creates whose intent was committed but whose result was not (the process died between
/// the write and its record) are looked up by their stamp, so nothing is created twice. What is found is committed
/// and applied to the state in memory (no second load).
/// </summary>
internal static class RecoverPhase
{
    public static async Task<GroupSyncState> RunAsync(IGroupStateStore store, GroupSyncState state, MemberSessions sessions, ILogger logger, CancellationToken ct)
    {
        foreach (var member in state.Members)
        {
            var pending = PendingCreates.Of(state, member.Id);
            var session = sessions.Session(member.Id);
            if (pending.Count == 0 || session is null) continue;
            try
            {
                var ids = pending.Select(p => p.LogicalId.ToString(CultureInfo.InvariantCulture)).ToList();
                var found = await session.FindByStampAsync(state.GroupUid, ids, ct).ConfigureAwait(false);
                var delta = PendingCreates.Resolve(state, member.Id, found);
                if (delta.IsEmpty) continue;
                await store.ApplyAsync(state.Group.Name, delta, ct).ConfigureAwait(false);
                state = StateInMemory.Apply(state, delta);
                EngineLog.PendingResolved(logger, state.Group.Name, member.Folder.ToString(), delta.MemberItemUpserts.Count);
            }
            catch (Exception e) when (e is not OperationCanceledException and not TandemConfigurationException)
            {
                // without knowing what exists, creating again could duplicate: the member sits this cycle out
                sessions.Fail(member.Id, $"looking up interrupted creates failed: {e.Message}");
            }
        }
        return state;
    }
}
