using Tandem.Core.Groups;
using Tandem.Core.Items;
using Tandem.Engine.Tests.Fakes;

namespace Tandem.Engine.Tests.Model;

/// <summary>
/// One random scenario of the model-based test: a group of 2–6 members of mixed roles, random user creates,
/// edits and deletes (some concurrent), sync cycles interrupted by crashes at random steps, refused writes and
/// offline members; then a quiet period, and checks that the members converged with nothing duplicated or lost.
/// Everything derives from the seed, so a failure replays exactly.
/// </summary>
internal sealed class ModelScenario
{
    private static readonly string[] Fields = ["Surname", "CompanyName", "JobTitle", "Notes"];
    private readonly Random _rng;
    private readonly int _seed;
    private readonly List<(string Folder, MemberRole Role)> _members = [];
    private readonly List<UserAction> _actions = [];
    private readonly HashSet<string> _targetOwned = [];
    private readonly HashSet<(int Member, string Key)> _seededCopies = [];
    private readonly List<string> _log = [];
    private int _nextKey;
    private int _nextValue;
    private EngineHarness _h = null!;
    private ConflictPolicy _policy;
    private string? _priority;

    private sealed record UserAction(int Member, string Key, char Kind, Contact? Content, string? Field, string? Value);

    public ModelScenario(int seed)
    {
        _seed = seed;
        _rng = new Random(seed);
    }

    public async Task RunAsync()
    {
        var count = _rng.Next(2, 7);
        for (var i = 0; i < count; i++)
        {
            var roll = _rng.NextDouble();
            _members.Add(($"mem:m{i}/F", roll < 0.2 ? MemberRole.Source : roll < 0.45 ? MemberRole.Target : MemberRole.TwoWay));
        }
        if (!_members.Any(m => m.Role.SendsChanges())) _members[0] = (_members[0].Folder, MemberRole.TwoWay);
        if (!_members.Any(m => m.Role.ReceivesChanges())) _members[^1] = (_members[^1].Folder, MemberRole.TwoWay);
        _policy = (ConflictPolicy)_rng.Next(3);
        var senders = _members.Where(m => m.Role.SendsChanges()).ToList();
        _priority = _policy == ConflictPolicy.Priority ? senders[_rng.Next(senders.Count)].Folder : null;
        var group = EngineHarness.Define(ItemKind.Contact, _members.ToArray()) with
        {
            Conflict = _policy,
            PriorityMember = _priority is null ? null : FolderRef.Parse(_priority),
            MassDeleteThreshold = _rng.NextDouble() < 0.3 ? 0.3 : 1,
        };
        var faults = new FaultPlan { Random = new Random(_seed ^ 0x5eed), FailWriteProbability = _rng.NextDouble() < 0.5 ? 0 : 0.1 };
        _h = await EngineHarness.CreateAsync(group, faults, completeListings: _rng.NextDouble() < 0.4);
        _log.Add($"members: {string.Join(", ", _members.Select(m => $"{m.Folder}={m.Role}"))}; policy {_policy} {_priority}; threshold {group.MassDeleteThreshold}; complete {_h.Memory.CompleteListings}");
        try
        {
            Seed();
            var steps = _rng.Next(8, 24);
            for (var step = 0; step < steps; step++) await StepAsync();
            await QuiesceAsync();
            Check();
        }
        finally
        {
            await _h.DisposeAsync();
        }
    }

    public string Describe() => $"seed {_seed}\n  " + string.Join("\n  ", _log) + "\n  final:\n  " +
        string.Join("\n  ", _members.Select((m, i) => $"m{i}: " + string.Join(" ", _h.Folder(m.Folder).Items.Select(e => $"{e.RemoteId}{(e.Stamp is null ? "" : "*" + e.Stamp.LogicalId)}={(e.Item is Contact c ? Show(c) : "?")}"))));

    private int Sender() => Pick(_members.Select((m, i) => (m, i)).Where(x => x.m.Role.SendsChanges()).Select(x => x.i).ToList());

    private int Pick(IReadOnlyList<int> from) => from[_rng.Next(from.Count)];

    /// <summary>A sending member starts with items; others may already hold identical copies of some.</summary>
    private void Seed()
    {
        var first = Sender();
        var n = _rng.Next(0, 7);
        for (var i = 0; i < n; i++)
        {
            var contact = NewContact();
            Add(first, contact);
            for (var m = 0; m < _members.Count; m++)
            {
                if (m != first && _rng.NextDouble() < 0.25)
                {
                    _h.Folder(_members[m].Folder).Add(contact, _h.Clock.Tick());
                    _seededCopies.Add((m, contact.GivenName!));
                    _actions.Add(new UserAction(m, contact.GivenName!, 'S', contact, null, null));
                    _log.Add($"copy {contact.GivenName} already in m{m}");
                }
            }
        }
    }

    /// <summary>The e-mail address is the identity a joining member's copy is matched by; it is never edited.</summary>
    private Contact NewContact()
    {
        var key = $"K{_nextKey++}";
        return new() { GivenName = key, Surname = $"v{_nextValue++}", Emails = ValueList<EmailAddress>.Of(new EmailAddress(key.ToLowerInvariant() + "@example.com")) };
    }

    private void Add(int member, Contact contact)
    {
        _h.Folder(_members[member].Folder).Add(contact, _h.Clock.Tick());
        if (_members[member].Role == MemberRole.Target) _targetOwned.Add(contact.GivenName!);
        _actions.Add(new UserAction(member, contact.GivenName!, 'C', contact, null, null));
        _log.Add($"create {contact.GivenName} in m{member}");
    }

    private async Task StepAsync()
    {
        var roll = _rng.NextDouble();
        if (roll < 0.2) Add(_rng.NextDouble() < 0.85 ? Sender() : _rng.Next(_members.Count), NewContact());
        else if (roll < 0.5) Edit();
        else if (roll < 0.62) Delete();
        else await CycleAsync();
    }

    private void Edit()
    {
        var m = _rng.Next(_members.Count);
        var folder = _h.Folder(_members[m].Folder);
        var items = folder.Items.Where(e => e.Item is Contact).ToList();
        if (items.Count == 0) return;
        var entry = items[_rng.Next(items.Count)];
        var field = Fields[_rng.Next(Fields.Length)];
        var value = $"v{_nextValue++}";
        var edited = Set((Contact)entry.Item!, field, value);
        folder.Edit(entry.RemoteId, edited, _h.Clock.Tick());
        _actions.Add(new UserAction(m, edited.GivenName!, 'E', edited, field, value));
        _log.Add($"edit {edited.GivenName} in m{m}: {field}={value}");
    }

    private void Delete()
    {
        var m = _rng.Next(_members.Count);
        var folder = _h.Folder(_members[m].Folder);
        var items = folder.Items.Where(e => e.Item is Contact).ToList();
        if (items.Count == 0) return;
        var entry = items[_rng.Next(items.Count)];
        folder.Delete(entry.RemoteId);
        _h.Clock.Tick();
        _actions.Add(new UserAction(m, ((Contact)entry.Item!).GivenName!, 'D', null, null, null));
        _log.Add($"delete {((Contact)entry.Item!).GivenName} in m{m}");
    }

    private async Task CycleAsync()
    {
        _h.Clock.Tick();
        _h.Memory.Offline.Clear();
        if (_rng.NextDouble() < 0.15) _h.Memory.Offline.Add(_members[_rng.Next(_members.Count)].Folder);
        var crash = _rng.NextDouble() < 0.5;
        _h.Faults.Enabled = true;
        _h.Faults.CrashAtStep = crash ? _h.Faults.Steps + _rng.Next(1, 25) : 0;
        try
        {
            var report = await _h.SyncAsync();
            if (report.FastPath) System.Threading.Interlocked.Increment(ref FastCycles);
            _log.Add($"cycle: {Summary(report)}");
            if (report.Paused && _rng.NextDouble() < 0.5) await DecideAsync();
        }
        catch (SimulatedCrash e)
        {
            _log.Add($"cycle crashed: {e.Message}");
            _h.Faults.CrashAtStep = 0;
            await _h.RestartAsync();
        }
        finally
        {
            _h.Faults.CrashAtStep = 0;
        }
    }

    private async Task DecideAsync()
    {
        var approve = _rng.NextDouble() < 0.5;
        _log.Add(approve ? "approve" : "reject");
        if (approve) await _h.Engine.ApproveAsync(EngineHarness.Group, default);
        else await _h.Engine.RejectAsync(EngineHarness.Group, default);
    }

    /// <summary>Cycles of all scenarios so far that ended on the converged fast path.</summary>
    public static int FastCycles;

    private async Task QuiesceAsync()
    {
        _h.Faults.Enabled = false;
        _h.Memory.Offline.Clear();
        for (var round = 0; round < 12; round++)
        {
            _h.Clock.Tick();
            var report = await _h.SyncAsync();
            _log.Add($"quiet cycle: {Summary(report)}");
            if (report.Paused)
            {
                await DecideAsync();
                continue;
            }
            if (report.TotalWrites == 0) return;
        }
        throw new ModelViolation("did not settle within 12 quiet cycles");
    }

    private static string Summary(CycleReport r) =>
        (r.Paused ? $"PAUSED ({r.PauseReason}) " : "") + (r.FastPath ? "(converged, state not loaded) " : "") +
        string.Join(" ", r.Members.Select((m, i) => $"m{i}[r{m.Received} c{m.Created} u{m.Updated} d{m.Deleted} x{m.Conflicts}{(m.Error is null ? "" : " err")}]"));

    private void Check()
    {
        var held = _members.Select(m => _h.Folder(m.Folder).Items.Select(e => (Contact)e.Item!).ToList()).ToList();

        // no duplicates anywhere
        for (var m = 0; m < _members.Count; m++)
        {
            var dup = held[m].GroupBy(c => c.GivenName).FirstOrDefault(g => g.Count() > 1);
            if (dup is not null) throw new ModelViolation($"m{m} holds {dup.Count()} copies of {dup.Key}");
        }

        // every receiving member holds the same group items
        var receivers = Enumerable.Range(0, _members.Count).Where(i => _members[i].Role.ReceivesChanges()).ToList();
        // a copy a target held before joining is the user's own when its original left before it was matched
        var anyTwoWay = _members.Any(m => m.Role == MemberRole.TwoWay);
        bool GroupHolds(string key) => Enumerable.Range(0, _members.Count).Any(i =>
            (_members[i].Role == MemberRole.TwoWay || (!anyTwoWay && _members[i].Role == MemberRole.Source)) && held[i].Any(c => c.GivenName == key));
        Dictionary<string, Contact> GroupItems(int m) => held[m]
            .Where(c => !_targetOwned.Contains(c.GivenName!))
            .Where(c => _members[m].Role != MemberRole.Target || !_seededCopies.Contains((m, c.GivenName!)) || GroupHolds(c.GivenName!))
            .ToDictionary(c => c.GivenName!);
        var reference = GroupItems(receivers[0]);
        foreach (var r in receivers.Skip(1))
        {
            var other = GroupItems(r);
            foreach (var key in reference.Keys.Union(other.Keys))
            {
                reference.TryGetValue(key, out var a);
                other.TryGetValue(key, out var b);
                if (a is null || b is null || Hash(a) != Hash(b))
                    throw new ModelViolation($"m{receivers[0]} and m{r} differ on {key}: {Show(a)} vs {Show(b)}");
            }
        }

        // the last edit of an item by a sending member is what everyone holds (no lost edits)
        foreach (var key in _actions.Select(a => a.Key).Distinct().Where(k => !_targetOwned.Contains(k)))
        {
            var last = _actions.LastOrDefault(a => a.Key == key && _members[a.Member].Role.SendsChanges());
            if (last is null || last.Kind == 'D') continue;
            if (_policy == ConflictPolicy.Priority && _members[last.Member].Folder != _priority && HasConcurrentPriorityEdit(key)) continue;
            if (!reference.TryGetValue(key, out var final)) throw new ModelViolation($"{key} was last {(last.Kind == 'C' ? "created" : "edited")} in m{last.Member} but is gone");
            if (last.Kind is 'C' or 'S' || _policy != ConflictPolicy.Merge)
            {
                if (Hash(final) != Hash(last.Content!)) throw new ModelViolation($"{key}: last change in m{last.Member} was {Show(last.Content)}, members hold {Show(final)}");
            }
            else if (Get(final, last.Field!) != last.Value)
            {
                throw new ModelViolation($"{key}: last edit set {last.Field}={last.Value} in m{last.Member}, members hold {Show(final)}");
            }
        }

        // items users added to a target stay there as they left them, and nowhere else
        foreach (var key in _targetOwned)
        {
            var creator = _actions.First(a => a.Key == key).Member;
            var last = _actions.Last(a => a.Key == key);
            var copy = held[creator].FirstOrDefault(c => c.GivenName == key);
            if (last.Kind == 'D' ? copy is not null : copy is null || Hash(copy) != Hash(last.Content!))
                throw new ModelViolation($"target-owned {key} in m{creator} was changed by the engine: {Show(copy)}");
            for (var m = 0; m < _members.Count; m++)
            {
                if (m != creator && held[m].Any(c => c.GivenName == key)) throw new ModelViolation($"target-owned {key} of m{creator} leaked to m{m}");
            }
        }
    }

    /// <summary>Under priority, a non-priority edit may lose to an earlier version from the priority member.</summary>
    private bool HasConcurrentPriorityEdit(string key) =>
        _actions.Any(a => a.Key == key && a.Kind != 'D' && _members[a.Member].Folder == _priority);

    private static Contact Set(Contact c, string field, string value) => field switch
    {
        "Surname" => c with { Surname = value },
        "CompanyName" => c with { CompanyName = value },
        "JobTitle" => c with { JobTitle = value },
        _ => c with { Notes = value },
    };

    private static string? Get(Contact c, string field) => field switch
    {
        "Surname" => c.Surname,
        "CompanyName" => c.CompanyName,
        "JobTitle" => c.JobTitle,
        _ => c.Notes,
    };

    private static string Hash(Contact c) => ContentHash.Compute(c);

    private static string Show(Contact? c) => c is null ? "(missing)" : $"{c.GivenName}[{c.Surname}|{c.CompanyName}|{c.JobTitle}|{c.Notes}]";
}

internal sealed class ModelViolation : Exception
{
    public ModelViolation(string message) : base(message) { }

    public ModelViolation() { }

    public ModelViolation(string message, Exception inner) : base(message, inner) { }
}
