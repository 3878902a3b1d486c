using Tandem.Core.Sync;

namespace Tandem.Engine.Phases;

/// <summary>
/// Reads every member's changes since its stored token (or, for a full read, its whole folder). A member that cannot
/// be opened or read gets a failed read with the reason (never an empty one: the planner must not infer deletions
/// from it) and sits the cycle out. Members are read a few at a time: a group of fifty mailboxes is fifty round trips
/// that need not wait for each other.
/// </summary>
internal static class ReadPhase
{
    internal const int Parallel = 8;

    public static async Task<List<MemberRead>> RunAsync(IReadOnlyList<SyncMember> members, MemberSessions sessions, SyncOptions options, CancellationToken ct)
    {
        // Started in member order on the caller's thread: a store that answers synchronously is read in exactly that
        // order (crash tests replay by it); one that does I/O overlaps up to Parallel reads.
        var reads = new List<Task<MemberRead>>(members.Count);
        using var gate = new SemaphoreSlim(Parallel);
        foreach (var member in members)
        {
            if (Unchanged(member, options) is { } unchanged)
            {
                reads.Add(unchanged);
                continue;
            }
            await gate.WaitAsync(ct).ConfigureAwait(false);
            var read = ReleasingAsync(member, sessions, options.FullRead, gate, ct);
            reads.Add(read);
            if (read.IsFaulted || read.IsCanceled) break;
        }
        await Task.WhenAll(reads).ConfigureAwait(false);
        return reads.Select(r => r.Result).ToList();
    }

    /// <summary>A member outside <see cref="SyncOptions.OnlyMembers"/>: no changes, its token kept (so nothing is skipped for good).</summary>
    private static Task<MemberRead>? Unchanged(SyncMember member, SyncOptions options)
    {
        if (options.FullRead || options.OnlyMembers is not { } only || member.Token is not { } token || only.Contains(member.Folder.ToString())) return null;
        return Task.FromResult(new MemberRead(member.Id, new Tandem.Core.Connectors.ChangeSet([], [], token, false)));
    }

    private static async Task<MemberRead> ReleasingAsync(SyncMember member, MemberSessions sessions, bool full, SemaphoreSlim gate, CancellationToken ct)
    {
        try
        {
            return await ReadAsync(member, sessions, full, ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private static async Task<MemberRead> ReadAsync(SyncMember member, MemberSessions sessions, bool full, CancellationToken ct)
    {
        var session = sessions.Session(member.Id);
        if (session is null) return new MemberRead(member.Id, null, sessions.Error(member.Id));
        try
        {
            return new MemberRead(member.Id, await session.ReadChangesAsync(full ? null : member.Token, ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            sessions.Fail(member.Id, e.Message);
            return new MemberRead(member.Id, null, e.Message);
        }
    }
}
