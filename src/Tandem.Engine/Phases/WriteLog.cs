namespace Tandem.Engine.Phases;

/// <summary>
/// What this cycle's writes left in each member, as recorded: the items it created or updated with the change key the
/// store returned, and the items it deleted. The catch-up read compares with this, instead of loading the state again.
/// </summary>
internal sealed class WriteLog
{
    private readonly Dictionary<int, MemberWrites> _members = [];

    /// <param name="planned">The writes planned for the member: the record is sized once, not grown (and copied) as they land.</param>
    public sealed class MemberWrites(int planned)
    {
        public Dictionary<string, string?> Written { get; } = new(planned, StringComparer.Ordinal);
        public HashSet<string> Deleted { get; } = new(StringComparer.Ordinal);
        public int Created { get; set; }
    }

    public IEnumerable<int> Members => _members.Keys;

    public MemberWrites? Of(int memberId) => _members.GetValueOrDefault(memberId);

    /// <summary>The record of one member's writes, started on first use.</summary>
    public MemberWrites For(int memberId, int planned)
    {
        if (!_members.TryGetValue(memberId, out var member)) _members[memberId] = member = new MemberWrites(planned);
        return member;
    }
}
