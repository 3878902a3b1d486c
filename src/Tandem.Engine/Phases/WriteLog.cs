using Tandem.Core.Connectors;
using Tandem.Core.Sync;

namespace Tandem.Engine.Phases;

/// <summary>
/// What this cycle's writes left in each member, as recorded: the items it created or updated with the change key the
/// store returned, and the items it deleted. The catch-up read compares with this, instead of loading the state again.
/// </summary>
internal sealed class WriteLog
{
    private readonly Dictionary<int, MemberWrites> _members = [];

    public sealed class MemberWrites
    {
        public Dictionary<string, string?> Written { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Deleted { get; } = new(StringComparer.Ordinal);
        public int Created { get; set; }
    }

    public IEnumerable<int> Members => _members.Keys;

    public MemberWrites? Of(int memberId) => _members.GetValueOrDefault(memberId);

    /// <summary>Notes a batch's outcomes: what reached the store, as the state now records it.</summary>
    public void Record(IReadOnlyList<PlannedWrite> batch, IReadOnlyList<WriteResult> results)
    {
        for (var i = 0; i < batch.Count && i < results.Count; i++)
        {
            var (write, result) = (batch[i], results[i]);
            if (!_members.TryGetValue(write.MemberId, out var member)) _members[write.MemberId] = member = new MemberWrites();
            switch (write.Request.Kind, result.Outcome)
            {
                case (WriteKind.Create, WriteOutcome.Ok or WriteOutcome.AlreadyExists) when result.RemoteId is not null:
                    member.Written[result.RemoteId] = result.ChangeKey;
                    member.Created++;
                    break;
                case (WriteKind.Update, WriteOutcome.Ok) when (result.RemoteId ?? write.Request.RemoteId) is { } id:
                    member.Written[id] = result.ChangeKey;
                    break;
                case (WriteKind.Delete, WriteOutcome.Ok or WriteOutcome.NotFound) when write.Request.RemoteId is { } gone:
                    member.Deleted.Add(gone);
                    break;
            }
        }
    }
}
