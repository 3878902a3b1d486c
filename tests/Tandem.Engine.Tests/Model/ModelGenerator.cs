using Tandem.Core.Groups;

namespace Tandem.Engine.Tests.Model;

/// <summary>
/// Turns a seed into a scenario: the setup and the list of steps. It tracks the membership it generates so that
/// most steps make sense, but the runner re-checks every step (a shrunk subset may break what the generator assumed).
/// Scenario kinds beyond plain edits and cycles are switched on per seed: crash bursts, members joining and
/// leaving, role changes, policy changes, filter changes and members unreachable for several cycles.
/// </summary>
internal static class ModelGenerator
{
    public static readonly string[] Fields = ["Surname", "CompanyName", "JobTitle", "Notes"];

    public static (ModelSetup Setup, List<ModelStep> Steps) Generate(int seed)
    {
        var rng = new Random(seed);
        var count = rng.Next(2, 7);
        var roles = new List<MemberRole>();
        for (var i = 0; i < count; i++)
        {
            var roll = rng.NextDouble();
            roles.Add(roll < 0.2 ? MemberRole.Source : roll < 0.45 ? MemberRole.Target : MemberRole.TwoWay);
        }
        if (!roles.Any(r => r.SendsChanges())) roles[0] = MemberRole.TwoWay;
        if (!roles.Any(r => r.ReceivesChanges())) roles[^1] = MemberRole.TwoWay;
        var policy = (ConflictPolicy)rng.Next(3);
        var senders = Enumerable.Range(0, count).Where(i => roles[i].SendsChanges()).ToList();
        var priority = policy == ConflictPolicy.Priority ? senders[rng.Next(senders.Count)] : -1;
        var setup = new ModelSetup(seed, roles, policy, priority, rng.NextDouble() < 0.3 ? 0.3 : 1, rng.NextDouble() < 0.4, rng.NextDouble() < 0.5 ? 0 : 0.1);

        var crashBursts = rng.NextDouble() < 0.3;
        var membership = rng.NextDouble() < 0.2;
        var roleChanges = rng.NextDouble() < 0.15;
        var policyChanges = rng.NextDouble() < 0.15;
        var rules = rng.NextDouble() < 0.12;
        var longOffline = rng.NextDouble() < 0.2;

        var current = new Dictionary<int, MemberRole>();
        for (var i = 0; i < count; i++) current[i] = roles[i];
        var nextMember = count;
        var nextKey = 0;
        var nextValue = 0;
        var steps = new List<ModelStep>();
        int Sender() { var s = current.Where(m => m.Value.SendsChanges()).Select(m => m.Key).ToList(); return s[rng.Next(s.Count)]; }
        int Any() { var s = current.Keys.ToList(); return s[rng.Next(s.Count)]; }
        bool Valid(Dictionary<int, MemberRole> m) => m.Count >= 2 && m.Values.Any(r => r.SendsChanges()) && m.Values.Any(r => r.ReceivesChanges()) && (priority < 0 || m.TryGetValue(priority, out var pr) && pr.SendsChanges());
        MemberRole RandomRole() { var roll = rng.NextDouble(); return roll < 0.2 ? MemberRole.Source : roll < 0.5 ? MemberRole.Target : MemberRole.TwoWay; }

        var first = Sender();
        var seeded = rng.Next(0, 7);
        for (var i = 0; i < seeded; i++)
        {
            var key = $"K{nextKey++}";
            steps.Add(new CreateStep(first, key, $"v{nextValue++}"));
            for (var m = 0; m < count; m++)
            {
                if (m != first && rng.NextDouble() < 0.25) steps.Add(new CopyStep(m, key));
            }
        }

        var total = rng.Next(8, 28);
        for (var step = 0; step < total; step++)
        {
            var roll = rng.NextDouble();
            if (roll < 0.2)
            {
                steps.Add(new CreateStep(rng.NextDouble() < 0.85 ? Sender() : Any(), $"K{nextKey++}", $"v{nextValue++}"));
            }
            else if (roll < 0.5)
            {
                var field = Fields[rng.Next(Fields.Length)];
                var value = rules && field == "JobTitle" && rng.NextDouble() < 0.3 ? "hidden" : $"v{nextValue++}";
                steps.Add(new EditStep(Any(), rng.Next(1000), field, value));
            }
            else if (roll < 0.62)
            {
                steps.Add(new DeleteStep(Any(), rng.Next(1000)));
            }
            else if (roll < 0.68 && (membership || roleChanges || policyChanges || rules || longOffline))
            {
                // one of the seed's special kinds, if any
                var kinds = new List<int>();
                if (membership) kinds.AddRange([0, 1]);
                if (roleChanges) kinds.Add(2);
                if (policyChanges) kinds.Add(3);
                if (rules) kinds.Add(4);
                if (longOffline) kinds.Add(5);
                switch (kinds[rng.Next(kinds.Count)])
                {
                    case 0:
                        var role = RandomRole();
                        current[nextMember] = role;
                        steps.Add(new AddMemberStep(nextMember++, role));
                        break;
                    case 1:
                        var leaving = Any();
                        var without = new Dictionary<int, MemberRole>(current);
                        without.Remove(leaving);
                        if (Valid(without))
                        {
                            current = without;
                            steps.Add(new RemoveMemberStep(leaving));
                        }
                        break;
                    case 2:
                        var changing = Any();
                        var changed = new Dictionary<int, MemberRole>(current) { [changing] = RandomRole() };
                        if (changed[changing] != current[changing] && Valid(changed))
                        {
                            current = changed;
                            steps.Add(new ChangeRoleStep(changing, changed[changing]));
                        }
                        break;
                    case 3:
                        var newPolicy = (ConflictPolicy)rng.Next(3);
                        priority = newPolicy == ConflictPolicy.Priority ? Sender() : -1;
                        steps.Add(new PolicyStep(newPolicy, priority));
                        break;
                    case 4:
                        steps.Add(new RulesStep(rng.NextDouble() < 0.7));
                        break;
                    default:
                        steps.Add(new OfflineStep(Any(), rng.Next(2, 5)));
                        break;
                }
            }
            else
            {
                if (rng.NextDouble() < 0.15) steps.Add(new OfflineStep(Any(), 1));
                var burst = crashBursts && rng.NextDouble() < 0.35 ? rng.Next(2, 5) : 1;
                for (var b = 0; b < burst; b++)
                {
                    // in a burst the crashes come early, so the process dies again before a cycle completes
                    var crash = burst > 1 ? rng.Next(1, 9) : rng.NextDouble() < 0.5 ? rng.Next(1, 25) : 0;
                    var decision = rng.NextDouble() < 0.5 ? 0 : rng.NextDouble() < 0.5 ? 1 : 2;
                    steps.Add(new CycleStep(crash, decision));
                }
            }
        }
        return (setup, steps);
    }
}
