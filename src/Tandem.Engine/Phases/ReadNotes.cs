using Tandem.Core.Sync;

namespace Tandem.Engine.Phases;

/// <summary>
/// The notes of items read with something odd kept as it came (<see cref="Tandem.Core.Connectors.RemoteItem.ReadNote"/>),
/// for the ones this cycle really takes in: new items and changed ones. An item read again unchanged (a file member
/// or a feed is read whole every cycle) was told about when it came, so the log says it once, not every cycle.
/// </summary>
internal static class ReadNotes
{
    public static IEnumerable<(int MemberId, string RemoteId, string Note)> New(GroupSyncState state, IReadOnlyList<MemberRead> reads)
    {
        HashSet<(int, string, string)>? known = null;
        foreach (var read in reads)
        {
            if (read.Changes is null) continue;
            foreach (var upsert in read.Changes.Upserts)
            {
                if (upsert.ReadNote is null) continue;
                known ??= state.MemberItems
                    .Where(m => m.RemoteId is not null && m.ChangeKey is not null)
                    .Select(m => (m.MemberId, m.RemoteId!, m.ChangeKey!))
                    .ToHashSet();
                if (!known.Contains((read.MemberId, upsert.RemoteId, upsert.ChangeKey))) yield return (read.MemberId, upsert.RemoteId, upsert.ReadNote);
            }
        }
    }
}
