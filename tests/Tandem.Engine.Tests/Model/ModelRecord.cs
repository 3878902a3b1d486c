using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Engine.Tests.Model;

/// <summary>One user action: C create, S an identical copy present before the first cycle, E edit, D delete; with the member's role at the time.</summary>
internal sealed record ModelAct(int T, int Member, MemberRole Role, string Key, char Kind, Contact? Content, string? Field, string? Value)
{
    public bool BySender => Role.SendsChanges();

    /// <summary>For a deletion: the copy the member deleted — the version its deletion removes from the group, which is
    /// not the last edit made elsewhere if that edit was not read yet.</summary>
    public Contact? Deleted { get; init; }
}

/// <summary>What a scenario run recorded for the oracle. Times (T) are step numbers: every step has its own.</summary>
internal sealed class ModelRecord
{
    public List<ModelAct> Acts { get; } = [];

    /// <summary>Current members and their roles.</summary>
    public Dictionary<int, MemberRole> Roles { get; } = [];

    public HashSet<int> EverMembers { get; } = [];

    /// <summary>Per member: the steps at which it left the group (removed, or removed to change its role).</summary>
    public Dictionary<int, List<int>> Left { get; } = [];

    /// <summary>Clean cycles and the keys on which the receiving members agreed after them.</summary>
    public List<(int T, HashSet<string> Converged)> SyncPoints { get; } = [];

    public List<int> PolicyChanges { get; } = [];

    /// <summary>The conflict policy and priority member from each step on (the setup's at step 0).</summary>
    public List<(int T, ConflictPolicy Policy, int Priority)> PolicyHistory { get; } = [];

    public (ConflictPolicy Policy, int Priority) PolicyAt(int t) => PolicyHistory.Last(p => p.T <= t) is var p ? (p.Policy, p.Priority) : default;

    public List<int> Rejects { get; } = [];

    /// <summary>Steps at which the process was killed (a reject's restore writes included).</summary>
    public List<int> Crashes { get; } = [];

    public bool RulesChanged { get; set; }

    public ConflictPolicy Policy { get; set; }

    public int Priority { get; set; } = -1;

    public int Cycles { get; set; }

    /// <summary>Keys the oracle leaves out entirely, with why.</summary>
    public Dictionary<string, string> Excluded { get; } = new(StringComparer.Ordinal);

    /// <summary>Items users created in a target: they stay there and go nowhere. Key → the target.</summary>
    public Dictionary<string, int> TargetOwned { get; } = new(StringComparer.Ordinal);

    public Dictionary<int, List<Contact>>? Final { get; set; }

    public Dictionary<int, List<Contact>>? Ever { get; set; }

    public IEnumerable<string> Keys => Acts.Select(a => a.Key).Distinct(StringComparer.Ordinal);

    public void Act(int t, int member, string key, char kind, Contact? content, string? field, string? value, Contact? deleted = null)
    {
        var role = Roles[member];
        if (kind == 'C' && role == MemberRole.Target) TargetOwned[key] = member;
        Acts.Add(new ModelAct(t, member, role, key, kind, content, field, value) { Deleted = deleted });
    }

    public Contact? Created(string key) => Acts.FirstOrDefault(a => a.Key == key && a.Kind == 'C')?.Content;

    /// <summary>Per member: the steps at which it joined (0: with the group).</summary>
    public Dictionary<int, List<int>> Joined { get; } = [];

    public void Join(int member, MemberRole role, int t)
    {
        Roles[member] = role;
        if (!Joined.TryGetValue(member, out var joins)) Joined[member] = joins = [];
        joins.Add(t);
        EverMembers.Add(member);
        // a target whose own items would now flow (or stop flowing) has left the simple rule for them
        foreach (var owned in TargetOwned.Where(o => o.Value == member && t > 0).Select(o => o.Key).ToList()) Exclude(owned, "role change of the target that created it");
    }

    public void Leave(int member, int t)
    {
        Roles.Remove(member);
        if (!Left.TryGetValue(member, out var list)) Left[member] = list = [];
        list.Add(t);
    }

    public void Exclude(string key, string reason) => Excluded.TryAdd(key, reason);
}
