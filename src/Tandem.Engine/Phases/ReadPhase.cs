using Tandem.Core.Sync;

namespace Tandem.Engine.Phases;

/// <summary>
/// Reads every member's changes since its stored token. A member that cannot be opened or read gets a failed read
/// with the reason (never an empty one: the planner must not infer deletions from it) and sits the cycle out.
/// </summary>
internal static class ReadPhase
{
    public static async Task<List<MemberRead>> RunAsync(IReadOnlyList<SyncMember> members, MemberSessions sessions, CancellationToken ct)
    {
        var reads = new List<MemberRead>(members.Count);
        foreach (var member in members)
        {
            var session = sessions.Session(member.Id);
            if (session is null)
            {
                reads.Add(new MemberRead(member.Id, null, sessions.Error(member.Id)));
                continue;
            }
            try
            {
                reads.Add(new MemberRead(member.Id, await session.ReadChangesAsync(member.Token, ct).ConfigureAwait(false)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                sessions.Fail(member.Id, e.Message);
                reads.Add(new MemberRead(member.Id, null, e.Message));
            }
        }
        return reads;
    }
}
