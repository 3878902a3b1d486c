using System.Collections.Concurrent;
using Tandem.Core.Groups;
using Tandem.Core.Items;

namespace Tandem.Engine.Tests.Model;

/// <summary>
/// Checks the end of a scenario (after the quiet period) against the written rules for roles and policies.
///
/// The rules assumed (the engine author documents them; this is what the oracle holds the engine to):
/// - a <c>source</c> is the master of the items it holds: it never receives, so it is never "behind"; its deletion
///   removes the item from the group (every receiver); its later edit is never lost to an earlier edit elsewhere; its
///   edit concurrent with another sender's edit is decided by the conflict policy like any concurrent pair;
/// - a <c>two-way</c> member's deletion is accepted into the group (deleted from every receiver) even when a source
///   holds the item: the source keeps its copy, and a later edit there brings the item back everywhere;
/// - a <c>target</c>'s edits and deletions are reverted to the group's version; items users add to a target stay
///   there and go nowhere;
/// - concurrent = two senders changed the same item since the last revision both had applied; <c>newest</c>: the later
///   modification time wins; <c>priority</c>: the priority member wins; <c>merge</c>: field-level, a field edited on
///   one side only is kept, a field edited on both follows newest;
/// - an edit concurrent with a deletion wins (the item lives on).
///
/// Concurrency is approximated from what the test can see: a "sync point" for a key is a clean cycle (it completed,
/// did not pause, reported no error, had no refused write and no unreachable member) after which all receiving
/// members held the same content for the key (or none held it). An action X and a later action L on the same key by
/// different members are taken as NOT concurrent only when a sync point lies between them; otherwise they may be.
/// That errs towards "may be concurrent", which only ever makes the oracle skip a check, never raise a false alarm.
///
/// For each key the last action by a member that was a sender at the time (L) decides what is expected:
/// - L a deletion: no receiving member holds the key (no resurrection) — skipped when an edit, create or pre-existing
///   copy by another member may be concurrent with it (the edit would rightly win), or when a rejected mass-deletion
///   pause came after it (rejecting brings items back), or when it deleted a reject's restore before the restore's
///   outcome was recorded (a crash between the reject and the deletion, no sync point: the restore and the deletion
///   are concurrent, as a fan-out create and a deletion of its unrecorded copy are);
/// - L a create or edit: the receivers hold L's content (whole item; under merge, L's field) — skipped under priority
///   when the priority member made a change that may be concurrent with L, and whenever a policy change falls inside
///   a possible conflict.
/// Keys are left out entirely (and counted) when a filter change touched them (any version had JobTitle "hidden"
/// while the scenario changed rules), when a member rejoined holding a copy that differed from the group's, when
/// L's author left the group before a sync point took its change in, or joined mid-stream and had not been read by a
/// clean cycle when it made L, when a target edited its copy before a clean cycle read it and the group then deleted the
/// item (the copy is the target's own: docs/roles.md), when a target's pre-existing copy outlived every sender's copy, or when the target that
/// created it changed role.
/// Besides: no member holds two copies of an item; all receivers hold the same group items; target-owned items
/// stay as their user left them and go nowhere.
/// </summary>
internal static class ModelOracle
{
    /// <summary>Keys whose deletion or last edit was checked, across every scenario run.</summary>
    public static int Checked;

    /// <summary>Keys not checked, by reason, across every scenario run.</summary>
    public static readonly ConcurrentDictionary<string, int> Skipped = new(StringComparer.Ordinal);

    public static string SkipSummary()
    {
        var skipped = Skipped.Values.Sum();
        var total = Checked + skipped;
        return $"oracle checked {Checked} key outcomes, skipped {skipped} ({(total == 0 ? 0 : 100.0 * skipped / total):F1}%)" +
            (skipped == 0 ? "" : ": " + string.Join(", ", Skipped.OrderByDescending(s => s.Value).Select(s => $"{s.Key} {s.Value}")));
    }

    /// <summary>Checks a run's record; <paramref name="count"/> false keeps replays (shrinking) out of the figures.</summary>
    public static void Check(ModelRecord r, bool count = true)
    {
        void Skip(string reason)
        {
            if (count) Skipped.AddOrUpdate(reason, 1, (_, n) => n + 1);
        }

        var final = r.Final!;

        // no duplicates in any folder that was ever a member
        foreach (var (m, items) in r.Ever!)
        {
            var dup = items.GroupBy(c => c.GivenName).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw new ModelViolation("duplicate", $"m{m} holds {dup.Count()} copies of {dup.Key}");
        }

        if (r.RulesChanged)
        {
            foreach (var key in r.Keys.Where(k =>
                         r.Acts.Any(a => a.Key == k && a.Content?.JobTitle == "hidden") ||
                         r.Ever!.Values.Any(items => items.Any(c => c.GivenName == k && c.JobTitle == "hidden"))).ToList())
                r.Exclude(key, "filter touched it");
        }

        // An item that no sending member still held at a sync point never entered the group: every sender's copy was
        // deleted, or its member left (or changed role), before a sync point took it in. A copy a target still holds
        // (seeded there, or left by its creator who came back as a target) is that target's own.
        foreach (var create in r.Acts.Where(a => a.Kind == 'C' && a.BySender).ToList())
        {
            // only a copy a target still holds needs the rule; everything else keeps its ordinary checks
            if (!final.Any(m => r.Roles[m.Key] == MemberRole.Target && m.Value.Any(c => c.GivenName == create.Key))) continue;
            var untilTaken = FirstSyncAfter(r, create.Key, create.T);
            var lasts = r.Acts.Where(a => a.Key == create.Key && a.BySender).GroupBy(a => a.Member).Select(g => g.Last()).ToList();
            if (lasts.All(a => a.T < untilTaken && (a.Kind == 'D' || AuthorLeftFirst(r, a))))
                r.Exclude(create.Key, "no sender held it when a sync point could take it in");
        }

        // docs/roles.md, re-added members: a target that joins holding a copy of an item the group deleted, edited since, keeps
        // it as its own (it differs from the deleted version, so it is not linked to the deletion)
        foreach (var edit in r.Acts.Where(a => a.Kind == 'E' && a.Role == MemberRole.Target && JoinedUnread(r, a)).ToList())
        {
            var join = r.Joined[edit.Member].Last(t => t <= edit.T);
            var before = r.Acts.LastOrDefault(a => a.Key == edit.Key && a.BySender && a.T < join);
            if (before is { Kind: 'D' }) r.Exclude(edit.Key, "a re-added target's edited copy of a deleted item is its own");
        }
        // the same for any target not read since it joined (in the group from the start, or re-added) when its user edited
        // its copy and the group deleted the item: the engine first sees that copy as a joining member's, edited, its own
        foreach (var edit in r.Acts.Where(a => a.Kind == 'E' && a.Role == MemberRole.Target && UnreadSinceJoin(r, a)).ToList())
        {
            if (r.Acts.LastOrDefault(a => a.Key == edit.Key && a.BySender) is { Kind: 'D' } && final.TryGetValue(edit.Member, out var held) && held.Any(c => c.GivenName == edit.Key))
                r.Exclude(edit.Key, "a target's copy edited before its first read, of an item the group deleted, is its own");
        }

        var receivers = final.Keys.Where(m => r.Roles[m].ReceivesChanges()).OrderBy(m => m).ToList();
        // a copy a target held before joining is the user's own when its original left before it was matched
        var anyTwoWay = r.Roles.Values.Any(v => v == MemberRole.TwoWay);
        bool GroupHolds(string key) => final.Any(m =>
            (r.Roles[m.Key] == MemberRole.TwoWay || (!anyTwoWay && r.Roles[m.Key] == MemberRole.Source)) && m.Value.Any(c => c.GivenName == key));
        var seededTargetCopies = r.Acts.Where(a => a.Kind == 'S' && a.Role == MemberRole.Target).Select(a => (a.Member, a.Key)).ToHashSet();
        foreach (var (m, key) in seededTargetCopies)
        {
            if (final.TryGetValue(m, out var items) && items.Any(c => c.GivenName == key) && !GroupHolds(key)) r.Exclude(key, "a target's own copy whose original left");
        }
        Dictionary<string, Contact> GroupItems(int m) => final[m]
            .Where(c => !r.TargetOwned.ContainsKey(c.GivenName!) && !r.Excluded.ContainsKey(c.GivenName!))
            .ToDictionary(c => c.GivenName!);
        var reference = GroupItems(receivers[0]);
        foreach (var other in receivers.Skip(1))
        {
            var items = GroupItems(other);
            foreach (var key in reference.Keys.Union(items.Keys))
            {
                reference.TryGetValue(key, out var a);
                items.TryGetValue(key, out var b);
                if (a is null || b is null || Hash(a) != Hash(b))
                    throw new ModelViolation(a is null ? $"diverged/missing-in-{r.Roles[receivers[0]]}" : b is null ? $"diverged/missing-in-{r.Roles[other]}" : "diverged/content", $"m{receivers[0]} and m{other} differ on {key}: {Show(a)} vs {Show(b)}");
            }
        }

        foreach (var key in r.Keys.Where(k => !r.TargetOwned.ContainsKey(k)))
        {
            if (r.Excluded.TryGetValue(key, out var why))
            {
                Skip(why);
                continue;
            }
            var last = r.Acts.LastOrDefault(a => a.Key == key && a.BySender);
            if (last is null) continue;
            if (AuthorLeftFirst(r, last))
            {
                Skip("its author left before a sync point");
                continue;
            }
            if (JoinedUnread(r, last))
            {
                Skip("its author joined and had not been read yet");
                continue;
            }
            var since = LastSyncBefore(r, key, last.T);
            var concurrent = r.Acts.Where(a => a.Key == key && a.T > since && a.T < last.T && a.Member != last.Member && (a.BySender || a.Kind == 'S')).ToList();
            if (last.Kind == 'D')
            {
                if (concurrent.Any(a => a.Kind != 'D'))
                {
                    Skip("deletion may be concurrent with an edit");
                    continue;
                }
                if (r.Rejects.Any(t => t >= last.T))
                {
                    Skip("deletion before a rejected pause");
                    continue;
                }
                if (r.Rejects.Any(t => t > since && t < last.T && r.Crashes.Any(c => c >= t && c < last.T)))
                {
                    // the reject's restore is a write of the group, like a fan-out create: the process died before its
                    // outcome was recorded, and a copy not found by its stamp is created again (the rule in docs/roles.md,
                    // "Crashes") — a deletion made in that window is concurrent with the restore, as with any unrecorded create
                    Skip("deletion of a restore whose outcome was not recorded");
                    continue;
                }
                if (count) Interlocked.Increment(ref Checked);
                foreach (var m in receivers)
                {
                    if (final[m].FirstOrDefault(c => c.GivenName == key) is { } back)
                        throw new ModelViolation($"resurrected/{last.Role}-deletion", $"{key} was last deleted by m{last.Member} ({last.Role}) at step {last.T}, but m{m} ({r.Roles[m]}) holds {Show(back)}");
                }
                continue;
            }

            var until = FirstSyncAfter(r, key, last.T);
            if (concurrent.Count > 0 && r.PolicyChanges.Any(t => t > since && t < until))
            {
                Skip("policy changed during a possible conflict");
                continue;
            }
            var (policy, priority) = r.PolicyAt(last.T);
            if (policy == ConflictPolicy.Priority && last.Member != priority && concurrent.Any(a => a.Member == priority && a.Kind != 'D'))
            {
                Skip("priority member's change may be concurrent");
                continue;
            }
            if (count) Interlocked.Increment(ref Checked);
            var verb = last.Kind switch { 'C' => "created", 'S' => "already held", _ => "edited" };
            if (!reference.TryGetValue(key, out var held))
                throw new ModelViolation($"lost/{last.Role}-{verb}", $"{key} was last {verb} by m{last.Member} ({last.Role}) at step {last.T} but is gone");
            if (last.Kind is 'C' or 'S' || policy != ConflictPolicy.Merge)
            {
                if (Hash(held) != Hash(last.Content!))
                    throw new ModelViolation($"lost-edit/{last.Role}/{policy}", $"{key}: last change by m{last.Member} ({last.Role}, step {last.T}) was {Show(last.Content)}, receivers hold {Show(held)}");
            }
            else if (Get(held, last.Field!) != last.Value)
            {
                throw new ModelViolation($"lost-edit/{last.Role}/{policy}", $"{key}: last edit set {last.Field}={last.Value} in m{last.Member} ({last.Role}, step {last.T}), receivers hold {Show(held)}");
            }
        }

        // items users added to a target stay there as they left them, and nowhere else
        foreach (var (key, creator) in r.TargetOwned)
        {
            if (r.Excluded.ContainsKey(key) || !final.ContainsKey(creator)) continue;
            var last = r.Acts.Last(a => a.Key == key);
            var copy = final[creator].FirstOrDefault(c => c.GivenName == key);
            if (last.Kind == 'D' ? copy is not null : copy is null || Hash(copy) != Hash(last.Content!))
                throw new ModelViolation("target-owned", $"target-owned {key} in m{creator} was changed by the engine: {Show(copy)}");
            foreach (var (m, items) in final)
            {
                if (m != creator && items.Any(c => c.GivenName == key)) throw new ModelViolation("target-owned", $"target-owned {key} of m{creator} leaked to m{m}");
            }
        }
    }

    private static int LastSyncBefore(ModelRecord r, string key, int t) =>
        r.SyncPoints.LastOrDefault(s => s.T < t && s.Converged.Contains(key)).T;

    private static int FirstSyncAfter(ModelRecord r, string key, int t) =>
        r.SyncPoints.FirstOrDefault(s => s.T > t && s.Converged.Contains(key)) is { Converged: not null } s ? s.T : int.MaxValue;

    /// <summary>The author of L left the group (removed, or re-added with another role) before a sync point took L in.</summary>
    private static bool AuthorLeftFirst(ModelRecord r, ModelAct last) =>
        r.Left.TryGetValue(last.Member, out var left) && left.FirstOrDefault(t => t > last.T) is var leave and > 0 && FirstSyncAfter(r, last.Key, last.T) > leave;

    /// <summary>
    /// L was made by a member that joined mid-stream (or was re-added with a new role) before a clean cycle read it:
    /// the engine sees that member's items for the first time, and a missing or different copy there is a joining
    /// member's state to match, not a change the written rules describe.
    /// </summary>
    private static bool JoinedUnread(ModelRecord r, ModelAct last)
    {
        var join = r.Joined[last.Member].LastOrDefault(t => t <= last.T);
        return join > 0 && !r.SyncPoints.Any(s => s.T > join && s.T < last.T);
    }

    /// <summary>No clean cycle (so no read of every member) came between the member's last join, the first included, and the act.</summary>
    private static bool UnreadSinceJoin(ModelRecord r, ModelAct act)
    {
        var join = r.Joined[act.Member].LastOrDefault(t => t <= act.T);
        return !r.SyncPoints.Any(s => s.T > join && s.T < act.T);
    }

    public static Contact Set(Contact c, string field, string value) => field switch
    {
        "Surname" => c with { Surname = value },
        "CompanyName" => c with { CompanyName = value },
        "JobTitle" => c with { JobTitle = value },
        _ => c with { Notes = value },
    };

    public static string? Get(Contact c, string field) => field switch
    {
        "Surname" => c.Surname,
        "CompanyName" => c.CompanyName,
        "JobTitle" => c.JobTitle,
        _ => c.Notes,
    };

    // the folders hold the same (immutable) contacts from cycle to cycle, and every sync point hashes them all again
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Contact, string> Hashes = [];

    public static string Hash(Contact c) => Hashes.GetValue(c, ContentHash.Compute);

    public static string Show(Contact? c) => c is null ? "(missing)" : $"{c.GivenName}[{c.Surname}|{c.CompanyName}|{c.JobTitle}|{c.Notes}]";
}
